# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from .mail_thread import MESSAGES_BY_THREAD, has_cursor_flag

# What a message is: who wrote it, on which record, of which kind, for which
# audience. Set when it is posted; nobody changes them afterwards (a reseller
# turning a REVO note into a comment would read it).
MESSAGE_IDENTITY_FIELDS = (
    "model",
    "res_id",
    "message_type",
    "subtype_id",
    "author_id",
    "author_guest_id",
    "email_from",
    "is_internal",
    "parent_id",
)
# The documents whose messages follow the module's audiences.
AUDIENCE_MODELS = ("helpdesk.ticket",)


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # Created through the ticket (message_post and mail's logging), a
        # message gets its audience and its author is checked; created
        # directly, it would get neither.
        if not (self.env.su or has_cursor_flag(self.env, MESSAGES_BY_THREAD)):
            if any(message.model in AUDIENCE_MODELS for message in messages.sudo()):
                raise AccessError(
                    self.env._(
                        "Messages on tickets are posted from the ticket "
                        "(its chatter, message_post), not created directly."
                    )
                )
        return messages

    def write(self, vals):
        if not self.env.su and self._touches_audience_models(vals):
            self._check_identity_unchanged(vals)
        result = super().write(vals)
        if "partner_ids" in vals:
            self._drop_recipients_outside_audience()
        return result

    def _touches_audience_models(self, vals):
        """Whether the write is on a ticket's messages or would move a
        message onto a ticket; other documents' messages are mail's."""
        return vals.get("model") in AUDIENCE_MODELS or any(
            message.model in AUDIENCE_MODELS for message in self.sudo()
        )

    def _check_identity_unchanged(self, vals):
        fixed = [name for name in MESSAGE_IDENTITY_FIELDS if name in vals]
        if fixed:
            raise AccessError(
                self.env._(
                    "A message's %(fields)s cannot be changed once it is posted. "
                    "Post a new message instead.",
                    fields=", ".join(fixed),
                )
            )

    def _drop_recipients_outside_audience(self):
        """A message names as recipients (who may read it, and are notified)
        only people of its audience: the mail gateway names everyone an email
        was addressed or copied to."""
        for message in self.sudo().filtered(lambda m: m.model in AUDIENCE_MODELS):
            document = self.env[message.model].browse(message.res_id)
            outsiders = document._get_audience_outsiders(
                message.partner_ids, message.subtype_id
            )
            if outsiders:
                message.partner_ids -= outsiders

    def _get_forbidden_access(self, operation):
        forbidden = super()._get_forbidden_access(operation)
        others = self - forbidden
        if others:
            forbidden += others._get_forbidden_audience_access(operation)
        return forbidden

    def _get_forbidden_audience_access(self, operation):
        """On tickets, besides mail's rules: clients read what their portal
        shows them, whatever the message's type (mail hides internal
        comments only); outside REVO, people change their own comments
        only, and delete none."""
        user = self.env.user
        if operation == "read" and user.share:
            domain = ~self._get_search_domain_share() & Domain(
                "message_type", "!=", "user_notification"
            )
        elif operation in ("write", "unlink") and not user._is_revo_staff():
            domain = Domain.TRUE
            if operation == "write":
                domain = ~(
                    Domain("author_id", "=", user.partner_id.id)
                    & Domain("message_type", "=", "comment")
                )
        else:
            return self.browse()
        domain &= Domain("id", "in", self.ids) & Domain("model", "in", AUDIENCE_MODELS)
        return self.sudo().search(domain).with_env(self.env)

    @api.model
    def _message_fetch(self, domain, **kwargs):
        if self.env.context.get("revo_client_subtypes"):
            domain = self._widen_to_client_subtypes(Domain(domain or Domain.TRUE))
        return super()._message_fetch(domain, **kwargs)

    @api.model
    def _widen_to_client_subtypes(self, domain):
        """The portal shows public comments only; on reseller tickets the
        reseller's Add Note and the client's own messages are public too."""
        comment = self.env.ref("mail.mt_comment")
        public = (
            comment
            | self.env.ref("revo_helpdesk.mt_client_note")
            | self.env.ref("revo_helpdesk.mt_client_message")
        )

        def widen(condition):
            if (
                condition.field_expr == "subtype_id"
                and condition.operator in ("=", "in")
                and condition.value in (comment.id, (comment.id,), [comment.id])
            ):
                return Domain("subtype_id", "in", public.ids)
            return condition

        return domain.map_conditions(widen)
