# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty, plaintext2html


class RevoHelpdeskEscalate(models.TransientModel):
    """Escalate to REVO: what the reseller already tried, so that REVO
    support starts where the reseller stopped."""

    _name = "revo.helpdesk.escalate"
    _inherit = "revo.helpdesk.ticket.wizard"
    _description = "Escalate to REVO"

    transition_id = fields.Many2one(comodel_name="revo.helpdesk.transition")
    tests_performed = fields.Text(
        required=True,
        help="What you tried with the client, and what happened.",
    )
    steps_to_reproduce = fields.Text()
    client_version = fields.Char(
        string="App / Back-office Version",
        help="The version of the REVO app and back office the client runs.",
    )
    details = fields.Html(string="Further Details", sanitize_style=True)
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Attachments",
    )

    def action_confirm(self):
        self.ensure_one()
        if not (self.tests_performed or "").strip():
            raise UserError(
                self.env._(
                    "Describe the tests you performed before escalating "
                    "%(ticket)s: REVO support starts from them.",
                    ticket=self.ticket_id.display_name,
                )
            )
        ticket = self.ticket_id
        transition = (
            self.transition_id
            or ticket.allowed_transition_ids.filtered(
                lambda t: t.requirement == "escalation"
            )[:1]
        )
        if transition.requirement != "escalation":
            # Let the ticket explain why it cannot be escalated.
            return ticket.action_escalate_to_revo()
        ticket._apply_transition(transition)
        ticket.sudo().escalated = True
        self.attachment_ids.write({"res_model": ticket._name, "res_id": ticket.id})
        ticket._post_support_message(self._get_message_body(), self.attachment_ids.ids)
        return {"type": "ir.actions.act_window_close"}

    def _get_message_body(self):
        sections = [
            (self.env._("Tests performed"), plaintext2html(self.tests_performed)),
            (
                self.env._("Steps to reproduce"),
                plaintext2html(self.steps_to_reproduce or ""),
            ),
            (
                self.env._("App / back-office version"),
                plaintext2html(self.client_version or ""),
            ),
            (self.env._("Further details"), self.details),
        ]
        body = Markup("<p><strong>%s</strong></p>") % self.env._("Escalated to REVO")
        for title, content in sections:
            if not is_html_empty(content):
                body += Markup("<p><strong>%s</strong></p>%s") % (title, content)
        return body
