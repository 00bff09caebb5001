# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.fields import Domain


class MailMessage(models.Model):
    _inherit = "mail.message"

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
