# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Origin and entry: who opened a ticket, its reseller, and where it enters and leaves
the workflow."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TICKET_ORIGINS = [
    ("client", "Client"),
    ("reseller", "Reseller"),
]
# Odoo's kanban colour index: the guide shows client tickets in orange (2)
# and reseller tickets in white (0, no colour).
ORIGIN_COLORS = {"client": 2, "reseller": 0}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

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
        compute="_compute_reseller_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain=[("is_reseller", "=", True)],
        help="The reseller responsible for this ticket.",
    )
    # helpdesk_mgmt's "Partner Name" holds the contact's name (its Spanish
    # said the company's).
    partner_name = fields.Char(string="Contact Name")
    origin_color = fields.Integer(compute="_compute_origin_color")
    reseller_workflow = fields.Boolean(
        related="team_id.reseller_workflow",
        store=True,
        index=True,
        string="In Reseller Workflow",
    )
    system_id = fields.Many2one(
        comodel_name="revo.helpdesk.system",
        index="btree_not_null",
        tracking=True,
        domain="[('reseller_id', '=', reseller_id)] if origin == 'reseller' "
        "else [('partner_id', '=', commercial_partner_id)]",
        help="The client installation the ticket is about.",
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

    @api.constrains("system_id", "partner_id", "reseller_id")
    def _check_system(self):
        for ticket in self.filtered("system_id"):
            if not ticket.system_id.filtered_domain(ticket._get_system_domain()):
                raise ValidationError(
                    self.env._(
                        "System %(system)s belongs to %(owner)s: ticket %(ticket)s "
                        "can only be about a system of %(allowed)s.",
                        system=ticket.system_id.display_name,
                        owner=ticket.system_id.partner_id.display_name,
                        ticket=ticket.display_name,
                        allowed=(
                            self.env._("the clients of %s", ticket.reseller_id.name)
                            if ticket.origin == "reseller"
                            else ticket.commercial_partner_id.display_name
                            or self.env._("its client company")
                        ),
                    )
                )

    def _get_system_domain(self):
        """The systems this ticket may be about: its client company's, or for
        a reseller's own ticket, those of the reseller's clients."""
        self.ensure_one()
        if self.origin == "reseller":
            return [("reseller_id", "=", self.reseller_id.id)]
        return [("partner_id", "=", self.commercial_partner_id.id)]

    @api.constrains("stage_id", "team_id")
    def _check_workflow_stage_team(self):
        for ticket in self:
            stage = ticket.stage_id
            if stage.owner and ticket.team_id not in stage.team_ids:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s cannot be in %(stage)s: that stage belongs to "
                        "the reseller workflow of %(teams)s, not to %(team)s.",
                        ticket=ticket.display_name,
                        stage=stage.name,
                        teams=", ".join(stage.team_ids.mapped("name")),
                        team=ticket.team_id.name or self.env._("no team"),
                    )
                )

    @api.depends("team_id")
    def _compute_stage_id(self):
        # A ticket joining a reseller-workflow team starts where a new ticket
        # of its origin does, not in the team's first stage nor in a stage of
        # no team (helpdesk_mgmt's, which the workflow's board does not show).
        applicable = {
            team: team._get_applicable_stages()
            for team in self.team_id.filtered("reseller_workflow")
        }
        joining = self.filtered(
            lambda ticket: (
                ticket.team_id in applicable
                and (
                    not ticket.stage_id.owner
                    or ticket.stage_id not in applicable[ticket.team_id]
                )
            )
        )
        lookups = {}
        for ticket in joining:
            team = ticket.team_id
            ticket.stage_id = (
                self._lookup_entry_stage(team, ticket.origin or "reseller", lookups)
                or applicable[team][:1]
            )
        return super(HelpdeskTicket, self - joining)._compute_stage_id()

    @api.model
    def _lookup_entry_stage(self, team, origin, lookups):
        """The entry stage of `origin` in `team`, looked up once per batch
        (`lookups` keeps what was found)."""
        if ("stage", team, origin) not in lookups:
            lookups["stage", team, origin] = self.env[
                "helpdesk.ticket.stage"
            ]._get_entry_stage(team, origin)
        return lookups["stage", team, origin]

    def _move_to_asked_stages(self, stages):
        """Move each new ticket from its entry stage to the stage its creator
        asked for (a kanban column, a form's default), as a logged move, when
        the creator may make that move with nothing more to fill in; else it
        stays at its entry stage."""
        by_stage = defaultdict(self.browse)
        for ticket, stage in zip(self, stages, strict=True):
            if stage:
                by_stage[stage] |= ticket
        for stage, tickets in by_stage.items():
            movable = tickets._group_by_first_transition(
                tickets._get_allowed_transitions(),
                lambda t, stage=stage: t.stage_to_id == stage and t._is_direct(),
            )
            if movable:
                self.browse().union(*movable.values()).write({"stage_id": stage.id})

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
    def _prepare_reseller_workflow_vals(self, vals, lookups=None):
        """Complete the values of a new ticket with its origin, reseller, team
        and entry stage. Tickets unrelated to resellers are left untouched.
        `lookups` keeps the teams and stages found for the other values of
        the same create. Return the other stage of the workflow the ticket
        was asked to start in, if any (see _move_to_asked_stages)."""
        lookups = {} if lookups is None else lookups
        user = self.env.user
        if user._is_reseller_user() and not vals.get("partner_id"):
            vals["partner_id"] = user.partner_id.id
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        origin = vals.get("origin") or self._get_new_ticket_origin(partner)
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        if origin and not team:
            company = self.env["res.company"].browse(vals.get("company_id"))
            if ("team", company) not in lookups:
                lookups["team", company] = team._get_reseller_workflow_team(
                    company or None
                )
            team = lookups["team", company]
            vals["team_id"] = team.id
        if not team.reseller_workflow:
            if user._is_reseller_user() and not self.env.su:
                raise UserError(
                    self.env._(
                        "Reseller staff open tickets with REVO's reseller support "
                        "only, not in %(team)s.",
                        team=team.display_name,
                    )
                )
            return None
        origin = origin or "reseller"
        vals["origin"] = origin
        # helpdesk_mgmt's auto-assignment assigns the author; only REVO staff
        # are assigned to reseller-workflow tickets, never OdooBot (the mail
        # gateway, data imports).
        assignee = self.env["res.users"].browse(vals.get("user_id", user.id))
        if assignee and (
            assignee.share
            or assignee._is_superuser()
            or assignee._is_reseller_user()
            or (user._is_reseller_user() and not self.env.su)
        ):
            vals["user_id"] = False
        if not vals.get("reseller_id"):
            reseller = partner._get_serving_reseller() or user._get_reseller_partner()
            vals["reseller_id"] = reseller.id
        self._check_reseller_vals(vals)
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        entry = (
            self._lookup_entry_stage(team, origin, lookups)
            or team._get_applicable_stages()[:1]
        )
        asked = stage if team in stage.team_ids and stage != entry else stage.browse()
        if asked and self.env.su:  # the module, data files, imports
            entry, asked = asked, stage.browse()
        elif asked.default_for_origin:
            # Another origin's entry stage is the form's default, computed
            # before the contact gave the origin: not a choice.
            asked = stage.browse()
        elif asked and self._is_workflow_manager():
            entry, asked = asked, stage.browse()
        vals["stage_id"] = entry.id
        vals.update(entry._get_reached_flags())
        return asked

    @api.model
    def _check_reseller_vals(self, vals):
        """Refuse values that would take a ticket out of the current reseller
        user's reseller, before anything is written."""
        if self.env.su or not self.env.user._is_reseller_user():
            return
        own_reseller = self.env.user._get_reseller_partner()
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        resellers = [partner._get_serving_reseller() or own_reseller]
        if "reseller_id" in vals:
            resellers.append(self.env["res.partner"].browse(vals["reseller_id"]))
        reseller = next((r for r in resellers if r != own_reseller), own_reseller)
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

    def _give_origin_on_joining(self, team_id):
        """Tickets joining a reseller-workflow team from another get the
        origin a new ticket of their contact would have, before the team
        change computes their entry stage from it."""
        if not self.env["helpdesk.ticket.team"].browse(team_id).reseller_workflow:
            return
        by_origin = defaultdict(self.browse)
        for ticket in self.filtered(lambda ticket: not ticket.origin):
            origin = self._get_new_ticket_origin(ticket.partner_id) or "reseller"
            by_origin[origin] |= ticket
        for origin, tickets in by_origin.items():
            tickets.sudo().write({"origin": origin})

    def _check_workflow_exit(self, vals):
        """Only managers take a ticket out of the reseller workflow (to no
        stage, or to a team outside it): back in, it would start again from
        its entry stage, whatever stage it had reached."""
        if self.env.su or self._is_workflow_manager():
            return
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        leaving = "stage_id" in vals and not vals["stage_id"]
        if "team_id" in vals and not team.reseller_workflow:
            leaving = True
        in_workflow = self.filtered(lambda ticket: ticket.stage_id.owner)
        if leaving and in_workflow:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot leave the reseller workflow (%(stage)s): "
                    "only REVO support managers take tickets out of it. Move it "
                    "along the workflow's moves instead.",
                    ticket=in_workflow[0].display_name,
                    stage=in_workflow[0].stage_id.name,
                )
            )

    @api.model
    def _is_workflow_manager(self):
        return self.env.user.has_group("revo_helpdesk.group_manager")

    def _check_workflow_entry(self, stage_to, vals):
        """Tickets from outside the reseller workflow (another team, or a
        stage of no side) enter it where a new ticket of their origin starts,
        and move on from there."""
        if not stage_to.owner:
            return
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        lookups = {}
        for ticket in self:
            entry = self._lookup_entry_stage(
                team or ticket.team_id, ticket.origin or "reseller", lookups
            )
            if entry != stage_to:
                raise UserError(
                    self.env._(
                        "%(ticket)s is outside the reseller workflow (in "
                        "%(stage)s): it enters it at %(entry)s, then moves on "
                        "from there.",
                        ticket=ticket.display_name,
                        stage=ticket.stage_id.name,
                        entry=entry.name,
                    )
                    if entry
                    else self.env._(
                        "%(ticket)s cannot enter the reseller workflow: its team "
                        "has no entry stage for its origin.",
                        ticket=ticket.display_name,
                    )
                )
