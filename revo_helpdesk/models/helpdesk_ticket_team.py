# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    reseller_workflow = fields.Boolean(
        help="Tickets of this team follow REVO's reseller workflow: client and "
        "reseller origins, stages owned by reseller, support or development.",
    )

    @api.model
    def _get_reseller_workflow_team(self, company=None):
        """The team that receives reseller-workflow tickets of `company`."""
        company = company or self.env.company
        return self.search(
            [
                ("reseller_workflow", "=", True),
                ("company_id", "in", [False, company.id]),
            ],
            limit=1,
        )
