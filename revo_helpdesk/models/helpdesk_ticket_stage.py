# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

STAGE_OWNERS = [
    ("reseller", "Reseller"),
    ("support", "REVO Support"),
    ("development", "REVO Development"),
]

# Whose staff works on the stages of each side.
SIDE_GROUPS = {
    "reseller": "revo_helpdesk.group_reseller",
    "support": "revo_helpdesk.group_support_agent",
    "development": "revo_helpdesk.group_developer",
}
# Closed stages that do not mean "solved": no resolution, never suggested.
CANCELED_STAGES = (
    "revo_helpdesk.stage_canceled",
    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
    "helpdesk_mgmt.helpdesk_ticket_stage_rejected",
)


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    # The stage's side; named owner by the module's public contract.
    owner = fields.Selection(
        selection=STAGE_OWNERS,
        string="Side",
        index=True,
        help="Whose court the ball is in while a ticket sits in this stage. "
        "Empty for stages outside the reseller workflow.",
    )
    default_for_origin = fields.Selection(
        selection="_selection_default_for_origin",
        string="Entry Stage For",
        help="New tickets of this origin start in this stage.",
    )

    dev_reference_required = fields.Boolean(
        string="Needs Development Reference",
        help="Tickets in this stage must hold the reference of the issue in the "
        "development team's tracker.",
    )
    client_reply_stage_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage",
        string="On Client Reply, Move To",
        help="When the client writes on a ticket waiting in this stage, the "
        "ticket moves to this stage and the reseller is told.",
    )
    waiting_on_client = fields.Boolean(
        help="Tickets in this stage wait on the client: the clock of their "
        "first-response target stops meanwhile.",
    )

    @api.model
    def _selection_default_for_origin(self):
        return self.env["helpdesk.ticket"]._fields["origin"].selection

    def write(self, vals):
        result = super().write(vals)
        if {"active", "owner", "closed"} & vals.keys():
            # The cached move table leaves out archived from-stages and
            # knows what each move's stage needs of a ticket.
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        # The database deletes the moves to and from these stages: the cached
        # move table must not name them any more.
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    def _get_side_groups(self):
        """Map each side to the XML id of the group working on its stages.
        Override to let other groups own a side."""
        return dict(SIDE_GROUPS)

    @api.model
    def _get_entry_stage(self, team, origin):
        """The stage a new ticket of `origin` starts in within `team`."""
        return self.search(
            [("team_ids", "in", team.ids), ("default_for_origin", "=", origin)],
            limit=1,
        )

    def _get_reached_flags(self):
        """The ticket milestones that entering this stage marks."""
        flags = {}
        if self.owner in ("support", "development"):
            flags["reached_revo"] = True
        if self.owner == "development":
            flags["reached_development"] = True
        return flags

    @api.model
    def _get_ids_by_xmlid(self, xmlids):
        """The ids of the stages named by `xmlids` that exist, from the
        registry's cache (env.ref would check each one in the database)."""
        IrModelData = self.env["ir.model.data"]
        return {
            xmlid: stage_id
            for xmlid in xmlids
            if (stage_id := IrModelData._xmlid_to_res_id(xmlid))
        }

    @api.model
    def _get_canceled_ids(self):
        """The closed stages that mean canceled, not resolved."""
        return set(self._get_ids_by_xmlid(CANCELED_STAGES).values())
