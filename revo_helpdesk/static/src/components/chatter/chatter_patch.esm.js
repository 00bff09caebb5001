// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Chatter} from "@mail/chatter/web_portal/chatter";
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
    get sendMessageLabel() {
        return this.revoAuthorSide ? _t("Send Message") : _t("Send message");
    },
    get logNoteLabel() {
        return this.revoAuthorSide === "reseller" ? _t("Add Note") : _t("Log note");
    },
    get revoNoteWarning() {
        return (
            this.revoAuthorSide === "reseller" &&
            this.state.composerType === "note" &&
            this.props.record.data.stage_owner !== "reseller"
        );
    },
});
