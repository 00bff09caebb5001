# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RevoHelpdeskTicketWizard(models.AbstractModel):
    """A form about one ticket. It shows the ticket's name and values (read
    as superuser, as every many2one and related field is), so it is made,
    and its defaults and onchanges answered, only on a ticket its user may
    change."""

    _name = "revo.helpdesk.ticket.wizard"
    _inherit = "revo.helpdesk.ticket.reference"
    _description = "Form About One Ticket"
    _ticket_access = {"ticket_id": "write"}

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
