# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class RevoHelpdeskTicketUpdateWizard(models.TransientModel):
    """The partner view mode in the back office: a comment for the client,
    posted with the ticket's state kept (Update), closed or reopened."""

    _name = "revo.helpdesk.ticket.update.wizard"
    _inherit = "revo.helpdesk.ticket.wizard"
    _description = "Update Ticket For The Client"

    ticket_closed = fields.Boolean(related="ticket_id.closed")
    body = fields.Html(string="Comment", sanitize_style=True)
    can_close = fields.Boolean(compute="_compute_view_mode_moves")
    can_reopen = fields.Boolean(compute="_compute_view_mode_moves")

    @api.depends("ticket_id")
    @api.depends_context("uid")
    def _compute_view_mode_moves(self):
        self.can_close = self.can_reopen = False
        # A form opened without its ticket (an onchange call) offers nothing.
        for wizard in self.filtered("ticket_id"):
            moves = wizard.ticket_id._get_view_mode_moves(self.env.user)
            wizard.can_close = bool(moves["close"])
            wizard.can_reopen = bool(moves["reopen"])

    def _post(self, action):
        self.ensure_one()
        self.ticket_id._post_view_mode_update(self.body, action)
        return {"type": "ir.actions.act_window_close"}

    def action_update(self):
        return self._post("update")

    def action_close(self):
        return self._post("close")

    def action_reopen(self):
        return self._post("reopen")
