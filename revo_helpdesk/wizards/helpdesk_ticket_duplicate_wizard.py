# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketDuplicateWizard(models.TransientModel):
    """helpdesk_mgmt's Mark As Duplicate form names both tickets."""

    _name = "helpdesk.ticket.duplicate.wizard"
    _inherit = ["helpdesk.ticket.duplicate.wizard", "revo.helpdesk.ticket.reference"]
    _ticket_access = {"ticket_id": "write", "duplicate_of_id": "read"}
