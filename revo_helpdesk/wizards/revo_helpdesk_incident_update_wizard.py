# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RevoHelpdeskIncidentUpdateWizard(models.TransientModel):
    """Posts an update of a broadcast incident on each attached ticket."""

    _name = "revo.helpdesk.incident.update.wizard"
    _description = "Post an Incident Update"

    incident_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        domain=[("is_incident", "=", True)],
    )
    body = fields.Html(string="Update", required=True, sanitize_style=True)
    public = fields.Boolean(
        string="Visible To Clients",
        help="Clients read the update on their portal ticket, like an Add Note. "
        "Unticked, it is REVO's message to each reseller: the reseller is "
        "notified, clients do not see it.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.incident_id._post_incident_update(self.body, public=self.public)
        return {"type": "ir.actions.act_window_close"}
