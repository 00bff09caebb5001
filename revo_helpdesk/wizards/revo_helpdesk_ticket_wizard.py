# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class RevoHelpdeskTicketWizard(models.AbstractModel):
    """A form about one ticket. It shows the ticket's name and values (read
    as superuser, as every many2one and related field is), so it is made
    only on a ticket its user may change."""

    _name = "revo.helpdesk.ticket.wizard"
    _description = "Form About One Ticket"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_ticket_access()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        self._check_ticket_access()
        return result

    def _check_ticket_access(self):
        self.ticket_id.check_access("write")
