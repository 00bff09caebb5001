# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

TICKET_ORIGINS = [
    ("client", "Client"),
    ("reseller", "Reseller"),
]

# Odoo's kanban colour index: the guide shows client tickets in orange (2)
# and reseller tickets in white (0, no colour).
ORIGIN_COLORS = {"client": 2, "reseller": 0}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    origin = fields.Selection(
        selection=TICKET_ORIGINS,
        readonly=True,
        index=True,
        tracking=True,
        help="Who opened the ticket: a reseller's client (from the portal or the "
        "app) or the reseller itself.",
    )
    reseller_id = fields.Many2one(
        comodel_name="res.partner",
        string="Reseller",
        compute="_compute_reseller_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain=[("is_reseller", "=", True)],
        help="The reseller responsible for this ticket.",
    )
    escalated = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="A client ticket that its reseller escalated to REVO.",
    )
    stage_owner = fields.Selection(
        related="stage_id.owner",
        store=True,
        string="Waiting On",
    )
    reached_development = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The ticket has been in a development stage; REVO developers keep "
        "seeing it afterwards.",
    )
    origin_color = fields.Integer(compute="_compute_origin_color")
    waiting_on_my_side = fields.Boolean(
        compute="_compute_waiting_on_my_side",
        search="_search_waiting_on_my_side",
        help="The ticket sits in a stage owned by the current user's side.",
    )

    @api.depends("partner_id")
    def _compute_reseller_id(self):
        for ticket in self:
            reseller = ticket.partner_id._get_serving_reseller()
            if reseller or not ticket.reseller_id:
                ticket.reseller_id = reseller

    @api.depends("origin")
    def _compute_origin_color(self):
        for ticket in self:
            ticket.origin_color = ORIGIN_COLORS.get(ticket.origin, 0)

    @api.depends("stage_owner")
    @api.depends_context("uid")
    def _compute_waiting_on_my_side(self):
        sides = self.env.user._get_owned_stage_sides()
        for ticket in self:
            ticket.waiting_on_my_side = ticket.stage_owner in sides

    def _search_waiting_on_my_side(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        sides = self.env.user._get_owned_stage_sides()
        if (operator == "in") == (True in value):
            return [("stage_owner", "in", sides)]
        return ["|", ("stage_owner", "=", False), ("stage_owner", "not in", sides)]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """A reseller-workflow team shows its own columns only, in order."""
        team_id = self.default_get(["team_id"]).get("team_id")
        team = self.env["helpdesk.ticket.team"].browse(team_id)
        if team.reseller_workflow:
            return stages.search([("team_ids", "=", team.id)])
        return super()._read_group_stage_ids(stages, domain)

    # ---------------------------------------------------
    # CRUD
    # ---------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_reseller_workflow_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "origin" in vals:
            self._check_origin_writable()
        if "partner_id" in vals or "reseller_id" in vals:
            self._check_reseller_vals(vals)
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.owner == "development":
                vals = dict(vals, reached_development=True)
        return super().write(vals)

    def message_post(self, **kwargs):
        # mail lets followers post on documents they cannot read; a reseller
        # added as follower of another reseller's ticket must not.
        if not self.env.su:
            self.check_access("read")
        return super().message_post(**kwargs)

    # ---------------------------------------------------
    # Business methods
    # ---------------------------------------------------

    @api.model
    def _get_new_ticket_origin(self, partner):
        """Who opens a ticket: resellers' staff open reseller tickets, whoever
        writes for a client company opens a client ticket."""
        if self.env.user._is_reseller_user():
            return "reseller"
        company = partner.commercial_partner_id
        if company.is_reseller:
            return "reseller"
        if company.reseller_id:
            return "client"
        return False

    @api.model
    def _prepare_reseller_workflow_vals(self, vals):
        """Complete the values of a new ticket with its origin, reseller, team
        and entry stage. Tickets unrelated to resellers are left untouched."""
        user = self.env.user
        if "origin" in vals:
            self._check_origin_writable()
        if user._is_reseller_user() and not vals.get("partner_id"):
            vals["partner_id"] = user.partner_id.id
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        origin = vals.get("origin") or self._get_new_ticket_origin(partner)
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        if origin and not team:
            company = self.env["res.company"].browse(vals.get("company_id"))
            team = team._get_reseller_workflow_team(company or None)
            vals["team_id"] = team.id
        if not team.reseller_workflow:
            return
        origin = origin or "reseller"
        vals["origin"] = origin
        if not vals.get("reseller_id"):
            reseller = partner._get_serving_reseller() or user._get_reseller_partner()
            vals["reseller_id"] = reseller.id
        self._check_reseller_vals(vals)
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        if team not in stage.team_ids:
            entry_stage = stage._get_entry_stage(team, origin)
            vals["stage_id"] = entry_stage.id or team._get_applicable_stages()[:1].id

    @api.model
    def _check_reseller_vals(self, vals):
        """Refuse values that would take a ticket out of the current reseller
        user's reseller, before anything is written."""
        if self.env.su or not self.env.user._is_reseller_user():
            return
        own_reseller = self.env.user._get_reseller_partner()
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        if "reseller_id" in vals:
            reseller = self.env["res.partner"].browse(vals["reseller_id"])
        else:
            reseller = partner._get_serving_reseller() or own_reseller
        if reseller != own_reseller:
            raise UserError(
                self.env._(
                    "You can only work on tickets of %(own)s and its clients; "
                    "%(partner)s is served by %(other)s.",
                    own=own_reseller.display_name or self.env._("your reseller"),
                    partner=partner.display_name or self.env._("this ticket"),
                    other=reseller.display_name or self.env._("no reseller"),
                )
            )

    def _check_origin_writable(self):
        if self.env.su or not self.env.user._is_reseller_user():
            return
        raise UserError(
            self.env._(
                "The origin of a ticket (client or reseller) is set when it is "
                "opened; only REVO support can correct it."
            )
        )
