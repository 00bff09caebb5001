// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Chatter} from "@mail/chatter/web_portal/chatter";
import {Composer} from "@mail/core/common/composer";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

/**
 * On reseller-workflow tickets the chatter speaks the REVO guide's words: a
 * reseller "Sends a Message" to REVO or "Adds a Note" for the client, and is
 * warned that a note on a ticket sitting with REVO reaches no agent.
 */
patch(Chatter.prototype, {
    get revoAuthorSide() {
        const data = this.props.record?.data;
        if (this.props.threadModel !== "helpdesk.ticket" || !data?.origin) {
            return false;
        }
        return data.revo_author_side;
    },
    /** The composer's words for the current user's side, from the server. */
    get revoHints() {
        return (this.revoAuthorSide && this.props.record.data.revo_composer_hints) || {};
    },
    get sendMessageLabel() {
        return this.revoHints.message_label || _t("Send message");
    },
    /** Who reads what the open composer posts, in one line. */
    get revoAudience() {
        return this.revoHints[`${this.state.composerType}_audience`];
    },
    get logNoteLabel() {
        return this.revoHints.note_label || _t("Log note");
    },
    get revoNoteWarning() {
        return (
            this.revoAuthorSide === "reseller" &&
            this.state.composerType === "note" &&
            this.props.record.data.stage_owner !== "reseller"
        );
    },
});

patch(Composer, {
    props: [...Composer.props, "revoSendText?"],
});

patch(Composer.prototype, {
    get SEND_TEXT() {
        if (this.props.revoSendText && !this.props.composer.message) {
            return this.props.revoSendText;
        }
        return super.SEND_TEXT;
    },
});
