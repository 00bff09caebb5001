# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from itertools import repeat

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL, format_datetime, html2plaintext, is_html_empty, split_every

_logger = logging.getLogger(__name__)

TICKET_ORIGINS = [
    ("client", "Client"),
    ("reseller", "Reseller"),
]

# What a chatter note becomes on a reseller-workflow ticket: REVO's internal
# note, or the reseller's Add Note that the client reads.
NOTE_SUBTYPES = ("mail.mt_note", "revo_helpdesk.mt_client_note")
# Ticket numbers as helpdesk_mgmt's sequence writes them in subjects.
TICKET_NUMBER_PATTERN = re.compile(r"\b[A-Z]{1,6}-?\d{3,}\b")

# Which tickets each side is reminded of when they sit idle in its stages,
# and the setting holding the idle days (0: off) with its default.
REMINDER_SIDES = {
    "reseller": ("revo_helpdesk.reminder_days", 7, [("origin", "=", "client")]),
    "support": ("revo_helpdesk.support_reminder_days", 0, []),
    "development": ("revo_helpdesk.development_reminder_days", 0, []),
}
REMINDER_BATCH_SIZE = 200

# Facts the workflow keeps: written by the module's own code only (sudo), never
# by users, so that nobody can re-open a cancellation, hide a ticket from
# developers or silence a reminder.
WORKFLOW_FACTS = (
    "escalated",
    "reached_revo",
    "reached_development",
    "last_action_date",
    "last_reminder_date",
    "response_deadline",
    "first_response_date",
    "response_paused_since",
    "response_paused_hours",
    "response_late",
    "development_confirmed",
    "answer_deadline",
    "answer_reminder_date",
    "top_priority",
    "ticket_state",
    "blocked",
)
# What REVO fills in on a ticket: a reseller's staff read these but do not
# write them (REVO's assignee, the team and company that hold the ticket in
# the workflow, REVO's diagnosis); their views show them read-only.
REVO_FIELDS = (
    "user_id",
    "team_id",
    "company_id",
    "resolution",
    "external_party_id",
    "dev_reference",
    "dev_url",
    "release_id",
)
# What a new ticket's creator may leave in its values: the workflow decides
# them (_prepare_reseller_workflow_vals).
CREATION_SETTLED = ("team_id", "company_id", "user_id")
# Whether a ticket meets what a move's stage needs of it
# (revo.helpdesk.transition._get_stage_need).
STAGE_NEEDS = {
    "reseller": lambda ticket: bool(ticket.reseller_id),
    "development": lambda ticket: not ticket.needs_development_confirmation,
}
# Where the moves authorised by a form or a release wait for their write: the
# cursor's cache, out of reach of RPC (unlike the context).
AUTHORISED_MOVES = "revo_helpdesk.authorised_moves"

# The ticket's state as partners read it: open, or closed (resolved or canceled).
TICKET_STATES = [
    ("open", "Ticket Open"),
    ("closed", "Ticket Closed"),
]
# The setting holding the business days a ticket waits for an answer before
# its timeout move (0: never), and its default.
ANSWER_TIMEOUT_PARAM = ("revo_helpdesk.confirmation_timeout_days", 3)

# Odoo's kanban colour index: the guide shows client tickets in orange (2)
# and reseller tickets in white (0, no colour).
ORIGIN_COLORS = {"client": 2, "reseller": 0}

# ---------------------------------------------------
# Status tags, links, similar tickets, broadcast incidents
# ---------------------------------------------------

# Settings of the status tags: (ir.config_parameter key, default).
STALLED_DAYS_PARAM = ("revo_helpdesk.stalled_days", 5)
SPEED_FACTOR_PARAM = ("revo_helpdesk.speed_factor", 2.0)
# A ticket is blocked while it sits in one of these stages with the field
# naming what it waits on filled in: an external party, a release.
BLOCKING_STAGES = {
    "revo_helpdesk.stage_internal_review": "external_party_id",
    "revo_helpdesk.stage_pending_release": "release_id",
}
# Closed stages that do not mean "solved": no resolution, never suggested.
CANCELED_STAGES = (
    "revo_helpdesk.stage_canceled",
    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
    "helpdesk_mgmt.helpdesk_ticket_stage_rejected",
)
RESOLUTIONS = [
    ("release", "Fixed in a release"),
    ("revo", "Solved by REVO"),
    ("reseller", "Solved by the reseller"),
    ("workaround", "Workaround"),
    ("wont_fix", "Will not be fixed"),
]
IMPACTS = [
    ("client", "One client"),
    ("clients", "Several clients"),
    ("reseller", "All clients of a reseller"),
    ("everyone", "Every reseller"),
]
# Similar tickets: how many the form shows, out of how many nearest by text,
# how much text of a ticket is compared, and what one vote weighs against a
# similarity between 0 and 1.
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 20
SIMILARITY_TEXT_SIZE = 64
FEEDBACK_WEIGHT = 0.1
SIMILARITY_FTS_INDEX = "helpdesk_ticket_similarity_text_fts_index"
# How many matching texts the suggestion query scores at most: more than
# ordinary text matches (about 1,300 of 100,000 tickets), a bound that keeps
# the form fast when an outage brings thousands of tickets with the same words.
SIMILAR_SCAN_LIMIT = 2000


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    # The queues: top priority first, then first come, first served.
    _order = "top_priority desc, create_date, id"

    number = fields.Char(index=True)
    # Every ticket form reads the duplicates of its ticket (duplicate_ids):
    # without an index, PostgreSQL scans all tickets for them.
    duplicate_id = fields.Many2one(index="btree_not_null")
    # mail searches these without the messages' own access (REVO notes hidden
    # from resellers, internal messages from clients): a reseller or a client
    # filtering its tickets on the messages' text would read them by guessing.
    message_ids = fields.One2many(bypass_search_access=False)
    website_message_ids = fields.One2many(bypass_search_access=False)
    # The team's members, found through the users' teams: the form and the
    # card then need not read the team's users (user_ids) to offer them.
    user_id = fields.Many2one(
        domain="team_id and [('share', '=', False), "
        "('helpdesk_team_ids', 'in', [team_id])] or [('share', '=', False)]"
    )
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
    last_action_date = fields.Datetime(
        string="Last Action",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="The moment of the last note, message, stage change, assignment or "
        "escalation: what the inactivity reminders measure idleness from.",
    )
    last_reminder_date = fields.Datetime(
        string="Last Reminder",
        readonly=True,
        copy=False,
        help="When the side holding the ticket was last reminded of it.",
    )
    origin_color = fields.Integer(compute="_compute_origin_color")
    waiting_on_my_side = fields.Boolean(
        compute="_compute_waiting_on_my_side",
        search="_search_waiting_on_my_side",
        help="The ticket sits in a stage owned by the current user's side.",
    )
    reseller_workflow = fields.Boolean(
        related="team_id.reseller_workflow",
        store=True,
        index=True,
        string="In Reseller Workflow",
    )
    revo_author_side = fields.Selection(
        selection=[("reseller", "Reseller"), ("revo", "REVO"), ("client", "Client")],
        compute="_compute_revo_author_side",
        help="The side the current user writes from, which gives the chatter "
        "its words.",
    )
    reached_revo = fields.Boolean(
        readonly=True,
        copy=False,
        help="The ticket has left the reseller's stages at least once.",
    )
    allowed_transition_ids = fields.Many2many(
        comodel_name="revo.helpdesk.transition",
        compute="_compute_allowed_transition_ids",
        string="Next Moves",
        help="The moves the current user may make from the ticket's stage.",
        # Active moves only, from the cached move table: reading the value
        # need not check each move's active flag in the database.
        context={"active_test": False},
    )
    # REVO's and its resellers' own working data (here and the hours per side,
    # resolution and impact): not for clients, who read their tickets through
    # the portal (and could through RPC).
    external_party_id = fields.Many2one(
        comodel_name="res.partner",
        tracking=True,
        groups="base.group_user",
        help="The integrator or provider REVO awaits in Internal Review "
        "(for example UBER).",
    )
    dev_reference = fields.Char(
        string="Development Reference",
        tracking=True,
        index="trigram",
        copy=False,
        groups="base.group_user",
        help="The key of the issue in the development team's own tracker.",
    )
    dev_url = fields.Char(
        string="Development Link",
        copy=False,
        groups="base.group_user",
        help="The address of the issue in the development team's tracker.",
    )
    release_id = fields.Many2one(
        comodel_name="revo.helpdesk.release",
        tracking=True,
        index="btree_not_null",
        copy=False,
        domain=[("state", "=", "planned")],
    )
    expected_release_date = fields.Date(related="release_id.release_date")
    cancel_reason = fields.Selection(
        selection=[
            ("duplicate", "Duplicate"),
            ("error", "Opened in error"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )
    move_ids = fields.One2many(
        comodel_name="revo.helpdesk.ticket.move",
        inverse_name="ticket_id",
        string="Stage Moves",
    )
    reseller_hours = fields.Float(
        string="Hours With Reseller",
        compute="_compute_side_hours",
        store=True,
        aggregator="sum",
        groups="base.group_user",
    )
    support_hours = fields.Float(
        string="Hours With Support",
        compute="_compute_side_hours",
        store=True,
        aggregator="sum",
        groups="base.group_user",
    )
    development_hours = fields.Float(
        string="Hours With Development",
        compute="_compute_side_hours",
        store=True,
        aggregator="sum",
        groups="base.group_user",
    )
    system_id = fields.Many2one(
        comodel_name="revo.helpdesk.system",
        index="btree_not_null",
        tracking=True,
        domain="[('reseller_id', '=', reseller_id)] if origin == 'reseller' "
        "else [('partner_id', '=', commercial_partner_id)]",
        help="The client installation the ticket is about.",
    )
    ticket_state = fields.Selection(
        selection=TICKET_STATES,
        string="State",
        compute="_compute_ticket_state",
        store=True,
        help="Open while the reported issue is underway; closed once it is "
        "resolved or canceled. A closed ticket can be reopened.",
    )
    top_priority = fields.Boolean(
        compute="_compute_top_priority",
        store=True,
        help="Goes ahead of every other ticket in the queues: its category is "
        "a top-priority one.",
    )
    response_deadline = fields.Datetime(
        string="Response Due",
        readonly=True,
        copy=False,
        help="When the first answer to the requester is due, from the "
        "category's target counted on the team's working hours; moved on by "
        "the time the ticket waited on the client.",
    )
    first_response_date = fields.Datetime(
        string="First Response",
        readonly=True,
        copy=False,
        help="When the requester first got an answer they can read, or the "
        "ticket was closed.",
    )
    response_paused_since = fields.Datetime(
        string="Response Clock Stopped Since",
        readonly=True,
        copy=False,
    )
    response_paused_hours = fields.Float(
        string="Business Hours Waiting On The Client",
        readonly=True,
        copy=False,
    )
    response_late = fields.Boolean(
        readonly=True,
        copy=False,
        help="The deadline had passed when the clock stopped: at the first "
        "response, or when the ticket went to wait on the client.",
    )
    response_breached = fields.Boolean(
        string="Response Target Breached",
        compute="_compute_response_breached",
        search="_search_response_breached",
    )
    needs_development_confirmation = fields.Boolean(
        compute="_compute_needs_development_confirmation",
    )
    development_confirmed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Support confirmed with the client that this ticket needs development.",
    )
    answer_deadline = fields.Datetime(
        string="Closes Unanswered On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="With no answer by then, the ticket is resolved automatically.",
    )
    answer_reminder_date = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    _reminder_scan_idx = models.Index("(stage_owner, last_action_date)")
    # The kanban reads each stage column's first cards, and a search its first
    # cards, in the queue order (_order; the ORM sorts a boolean on
    # COALESCE(top_priority, FALSE)): walking these indexes, PostgreSQL reads
    # 40 tickets instead of sorting all of them.
    _queue_order_idx = models.Index(
        "((COALESCE(top_priority, FALSE)) DESC, create_date, id)"
    )
    _queue_stage_order_idx = models.Index(
        "(stage_id, (COALESCE(top_priority, FALSE)) DESC, create_date, id)"
    )
    # A reseller's columns (its record rule names the reseller): without the
    # reseller first, PostgreSQL walks every other reseller's tickets of the
    # stage to find its 40.
    _queue_reseller_order_idx = models.Index(
        "(reseller_id, stage_id, (COALESCE(top_priority, FALSE)) DESC, create_date, id)"
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

    @api.depends_context("uid")
    def _compute_revo_author_side(self):
        user = self.env.user
        # The groups are cached; the user's share flag would be read on every
        # form open.
        if not user.has_group("base.group_user"):
            self.revo_author_side = "client"
        else:
            self.revo_author_side = "reseller" if user._is_reseller_user() else "revo"

    @api.depends("stage_id", "origin", "escalated", "reached_revo")
    @api.depends_context("uid")
    def _compute_allowed_transition_ids(self):
        allowed = self._get_allowed_transitions()
        for ticket in self:
            ticket.allowed_transition_ids = allowed[ticket]

    @api.depends("move_ids.duration_hours", "move_ids.side")
    def _compute_side_hours(self):
        hours = defaultdict(float)
        if self.ids:
            for ticket, side, total in self.env[
                "revo.helpdesk.ticket.move"
            ]._read_group(
                [("ticket_id", "in", self.ids)],
                ["ticket_id", "side"],
                ["duration_hours:sum"],
            ):
                hours[ticket.id, side] = total
        for ticket in self:
            ticket.reseller_hours = hours[ticket.id, "reseller"]
            ticket.support_hours = hours[ticket.id, "support"]
            ticket.development_hours = hours[ticket.id, "development"]

    @api.depends("stage_id.closed")
    def _compute_ticket_state(self):
        for ticket in self:
            ticket.ticket_state = "closed" if ticket.stage_id.closed else "open"

    @api.depends("category_id.top_priority")
    def _compute_top_priority(self):
        for ticket in self:
            ticket.top_priority = ticket.category_id.top_priority

    @api.depends(
        "response_late",
        "response_deadline",
        "first_response_date",
        "response_paused_since",
    )
    def _compute_response_breached(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.response_breached = ticket.response_late or bool(
                ticket._is_response_clock_running() and ticket.response_deadline < now
            )

    @api.depends("category_id.needs_confirmation", "development_confirmed")
    def _compute_needs_development_confirmation(self):
        for ticket in self:
            ticket.needs_development_confirmation = (
                ticket.category_id.needs_confirmation
                and not ticket.development_confirmed
                and not ticket.reached_development
            )

    def _search_response_breached(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        breached = Domain("response_late", "=", True) | Domain(
            [
                ("first_response_date", "=", False),
                ("response_paused_since", "=", False),
                ("response_deadline", "<", fields.Datetime.now()),
            ]
        )
        return breached if (operator == "in") == (True in value) else ~breached

    def _search_waiting_on_my_side(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        sides = self.env.user._get_owned_stage_sides()
        if (operator == "in") == (True in value):
            return [("stage_owner", "in", sides)]
        return ["|", ("stage_owner", "=", False), ("stage_owner", "not in", sides)]

    @api.constrains("stage_id", "dev_reference")
    def _check_dev_reference(self):
        missing = self.filtered(
            lambda ticket: (
                ticket.stage_id.dev_reference_required
                and not (ticket.dev_reference or "").strip()
            )
        )
        if missing:
            raise ValidationError(
                self.env._(
                    "%(ticket)s is in %(stage)s: it needs the development reference "
                    "of its issue in the development tracker.",
                    ticket=missing[0].display_name,
                    stage=missing[0].stage_id.name,
                )
            )

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

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """A reseller-workflow team shows its own columns only, in order."""
        team_id = self.default_get(["team_id"]).get("team_id")
        team = self.env["helpdesk.ticket.team"].browse(team_id)
        if team.reseller_workflow:
            return stages.search([("team_ids", "=", team.id)])
        return super()._read_group_stage_ids(stages, domain)

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self.env.user._is_reseller_user())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if self.env.user._is_reseller_user():
            # What write() refuses a reseller's staff is not offered to them.
            for node in arch.xpath("//field[@name][not(ancestor::field)]"):
                if node.get("name") in REVO_FIELDS:
                    node.set("readonly", "1")
            for node in arch.xpath("//button[@name='assign_to_me']"):
                node.getparent().remove(node)
        return arch, view

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

    # ---------------------------------------------------
    # CRUD
    # ---------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Tickets created together mostly share their team and entry stage:
        # each is looked up once for the batch.
        lookups = {}
        for vals in vals_list:
            self._check_fields_writable(vals, creating=True)
        asked_stages = [
            self._prepare_reseller_workflow_vals(vals, lookups) for vals in vals_list
        ]
        self._claim_incidents({vals.get("incident_id") for vals in vals_list})
        tickets = super().create(vals_list)
        tickets._get_service_target_tickets()._start_response_clock()
        tickets._move_to_asked_stages(asked_stages)
        if not self.env.context.get("import_file"):
            tickets.filtered(
                lambda ticket: ticket.origin == "client" and not ticket.closed
            )._notify_reseller_of_new_tickets()
        return tickets

    def _notify_reseller_of_new_tickets(self):
        """A client's new ticket waits for its reseller, whose people are
        told at once, in their language (the partner guide: "your partner
        account will be notified via email")."""
        for users, tickets in self._group_by_side_users("reseller").items():
            for lang, partners in users.partner_id.grouped("lang").items():
                for ticket in tickets.sudo().with_context(lang=lang):
                    ticket.message_notify(
                        partner_ids=partners.ids,
                        subject=ticket.env._(
                            "New client ticket: %(ticket)s", ticket=ticket.display_name
                        ),
                        body=Markup("<p>%s</p>")
                        % ticket.env._(
                            "%(client)s opened %(ticket)s. It waits for you in "
                            "%(stage)s.",
                            client=ticket.partner_id.display_name,
                            ticket=ticket.display_name,
                            stage=ticket.stage_id.name,
                        ),
                    )

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
            allowed = tickets._get_allowed_transitions()
            movable = self.browse(
                ticket.id
                for ticket in tickets
                if any(
                    move.stage_to_id == stage and move._is_direct()
                    for move in allowed[ticket]
                )
            )
            if movable:
                movable.write({"stage_id": stage.id})

    def write(self, vals):
        self._check_fields_writable(vals)
        if "duplicate_id" in vals:
            self.browse(vals["duplicate_id"]).check_access("read")
        if "stage_id" in vals or "user_id" in vals:
            vals = dict(vals, last_action_date=fields.Datetime.now())
        if "origin" in vals:
            self._check_origin_writable()
        if "partner_id" in vals or "reseller_id" in vals:
            self._check_reseller_vals(vals)
        if vals.get("incident_id"):
            self._claim_incidents({vals["incident_id"]})
        if "stage_id" in vals or "team_id" in vals:
            self._check_workflow_exit(vals)
        if vals.get("team_id"):
            self._give_origin_on_joining(vals["team_id"])
        if not vals.get("stage_id"):
            result = super().write(vals)
            if "category_id" in vals:
                self._restart_response_clock()
            if vals.get("user_id"):
                self._move_on_assignment()
            return result
        stage_to = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        moving = self.filtered(lambda ticket: ticket.stage_id != stage_to)
        moving._check_development_confirmed(stage_to)
        transitions = moving._check_stage_move(stage_to, vals)
        move_vals_list = moving._prepare_move_log_vals(stage_to, transitions)
        vals = dict(vals, **stage_to._get_reached_flags())
        result = super().write(vals)
        if "category_id" in vals:
            self._restart_response_clock()
        moving._update_clocks_on_move(stage_to)
        moving._log_moves(move_vals_list)
        moving._drop_stage_todos()
        moving._schedule_move_activities(transitions)
        moving._hand_back_incident_tickets()
        return result

    def _check_fields_writable(self, vals, creating=False):
        """Refuse what only the workflow writes, and what only REVO writes
        when a reseller's staff write it. A new ticket's values are judged by
        what they set (a form sends empty ones too); its team, company and
        assignee are settled by _prepare_reseller_workflow_vals."""
        if self.env.su:
            return
        given = (
            [
                name
                for name, value in vals.items()
                if value and name not in CREATION_SETTLED
            ]
            if creating
            else list(vals)
        )
        facts = [name for name in WORKFLOW_FACTS if name in given]
        if facts:
            raise UserError(
                self.env._(
                    "The reseller workflow keeps these fields; they cannot be "
                    "written by hand: %(fields)s.",
                    fields=self._get_field_labels(facts),
                )
            )
        revo_fields = [name for name in REVO_FIELDS if name in given]
        if (
            revo_fields
            and self.env.user._is_reseller_user()
            and not self._is_authorised_move(vals)
        ):
            raise UserError(
                self.env._(
                    "REVO fills in these fields of a ticket: %(fields)s. To have "
                    "them changed, ask REVO support with Send Message.",
                    fields=self._get_field_labels(revo_fields),
                )
            )

    def _get_field_labels(self, names):
        return ", ".join(
            self._fields[name].get_description(self.env)["string"] for name in names
        )

    def _is_authorised_move(self, vals):
        """Whether `vals` are what a move form collected for these tickets."""
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        return bool(stage) and all(
            ticket._get_authorised_transition(stage) for ticket in self
        )

    def message_post(self, **kwargs):
        # mail lets followers post on documents they cannot read; a reseller
        # added as follower of another reseller's ticket must not.
        if not self.env.su:
            self.check_access("read")
        if kwargs.get("message_type") not in ("comment", "email") or not (
            self.origin or self.response_deadline
        ):
            return super().message_post(**kwargs)
        author = self.env["res.partner"].browse(kwargs.get("author_id"))
        if not self.env.su:
            self._check_author(author)
            # A user's post speaks for the user's side, whatever address it is
            # sent from (a template may sign with the company's).
            author = self.env.user.partner_id
        side = self._get_partner_side(author or self.env.user.partner_id)
        workflow = bool(self.origin)  # else: another team's ticket with a target
        if workflow:
            kwargs = self._prepare_audience(kwargs, side)
        message = super().message_post(**kwargs)
        if workflow and message.subtype_id.internal:
            # Files of internal posts follow the message's access (REVO notes,
            # reseller-REVO messages), not the ticket's: the client's portal
            # lists every file of its ticket.
            message.attachment_ids.sudo().write(
                {"res_model": message._name, "res_id": message.id}
            )
        if workflow:
            self.sudo().last_action_date = fields.Datetime.now()
        self._update_clocks_on_post(message, side)
        if workflow and side == "client":
            self._move_on_client_reply()
        return message

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
    def _prepare_reseller_workflow_vals(self, vals, lookups=None):
        """Complete the values of a new ticket with its origin, reseller, team
        and entry stage. Tickets unrelated to resellers are left untouched.
        `lookups` keeps the teams and stages found for the other values of
        the same create. Return the other stage of the workflow the ticket
        was asked to start in, if any (see _move_to_asked_stages)."""
        lookups = {} if lookups is None else lookups
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

    def _check_origin_writable(self):
        if self.env.su or not self.env.user._is_reseller_user():
            return
        raise UserError(
            self.env._(
                "The origin of a ticket (client or reseller) is set when it is "
                "opened; only REVO support can correct it."
            )
        )

    # ---------------------------------------------------
    # Communication
    # ---------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A reply whose mail client dropped the threading headers still
        lands on its ticket when the subject names it, instead of opening a
        new ticket."""
        ticket = self.env.su and self._find_replied_ticket(msg_dict)
        if ticket:
            return ticket
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def _find_replied_ticket(self, msg_dict):
        numbers = TICKET_NUMBER_PATTERN.findall(msg_dict.get("subject") or "")
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not numbers or not author:
            return self.browse()
        tickets = self.sudo().search([("number", "in", numbers)])
        return tickets.filtered(lambda ticket: ticket._is_correspondent(author))[:1]

    def _is_correspondent(self, partner):
        """Whether `partner` takes part in this ticket's conversation."""
        self.ensure_one()
        company = partner.commercial_partner_id
        return (
            partner in self.message_partner_ids
            or company == self.partner_id.commercial_partner_id
            or company == self.reseller_id
            or self._get_partner_side(partner) == "revo"
        )

    @api.model
    def _check_author(self, author):
        """Refuse a post in the name of another person (a partner with a
        user): the author decides who reads a message and may move the
        ticket. A company's address, as templates sign with, is no one."""
        people = author - self.env.user.partner_id
        if people and people.sudo().with_context(active_test=False).user_ids:
            raise AccessError(
                self.env._(
                    "You can post on %(ticket)s in your own name only, not as "
                    "%(author)s.",
                    ticket=self.display_name,
                    author=author.display_name,
                )
            )

    def _get_partner_side(self, partner):
        """Who writes: 'revo' (REVO staff), 'reseller' (a reseller's staff) or
        'client' (anyone else: a client, or an unknown sender)."""
        # Archived users too: OdooBot, which posts for the module's crons.
        users = (
            partner.sudo()
            .with_context(active_test=False)
            .user_ids.filtered(lambda user: not user.share)
        )
        if users:
            return "reseller" if users[:1]._is_reseller_user() else "revo"
        if partner.commercial_partner_id.is_reseller:
            return "reseller"
        return "client"

    def _prepare_audience(self, post_values, side):
        """Give a chatter post or an incoming email its audience, the guide's
        three: the client (Add Note, client replies), the reseller and REVO
        (Send Message), REVO alone (REVO's internal notes)."""
        self.ensure_one()
        values = dict(post_values)
        self._check_post_content(values, side)
        subtype = self._get_post_subtype_xmlid(values)
        if side == "client":
            values.update(
                subtype_xmlid="revo_helpdesk.mt_client_message",
                subtype_id=False,
                partner_ids=self._get_reseller_recipients(values).ids,
            )
        elif subtype in NOTE_SUBTYPES and (
            side == "revo" or values["message_type"] == "comment"
        ):
            if side == "reseller" or subtype == "revo_helpdesk.mt_client_note":
                # Add Note: the client reads it; nobody is notified.
                values.update(
                    subtype_xmlid="revo_helpdesk.mt_client_note",
                    subtype_id=False,
                    partner_ids=[],
                )
            # else: a REVO note, by chatter or by email, stays inside REVO.
        else:
            other_side = "support" if side == "reseller" else "reseller"
            recipients = self._get_side_users(other_side).partner_id
            named = self.env["res.partner"].browse(values.get("partner_ids") or [])
            values.update(
                subtype_xmlid="revo_helpdesk.mt_support_message",
                subtype_id=False,
                partner_ids=(
                    (recipients | named.filtered(self._is_staff_partner))
                    - self.env["res.partner"].browse(values.get("author_id"))
                    - self.env.user.partner_id
                ).ids,
            )
        return values

    def _get_post_subtype_xmlid(self, values):
        if values.get("subtype_xmlid"):
            return values["subtype_xmlid"]
        subtype = self.env["mail.message.subtype"].browse(values.get("subtype_id"))
        return subtype.sudo().get_external_id().get(subtype.id) or "mail.mt_comment"

    def _check_post_content(self, values, side):
        # Checked under sudo too: the portal chatter posts with sudo.
        if values.get("message_type") != "comment":
            return
        if is_html_empty(values.get("body")) and not (
            values.get("attachment_ids") or values.get("attachments")
        ):
            raise UserError(
                self.env._(
                    "Write a message or attach a file before posting: it is empty."
                )
            )
        if side == "client" and self.env.user.share:
            subtype_xmlid = self._get_post_subtype_xmlid(values)
            subtype = self.env.ref(subtype_xmlid, raise_if_not_found=False)
            if subtype and subtype.internal:
                raise UserError(
                    self.env._(
                        "Clients can only post public replies on their tickets, "
                        "not %(subtype)s.",
                        subtype=subtype.name,
                    )
                )

    def _get_reseller_recipients(self, values):
        """A client's reply is for its reseller, and for nobody inside REVO."""
        named = self.env["res.partner"].browse(values.get("partner_ids") or [])
        return self._get_side_users("reseller").partner_id | named.filtered(
            lambda partner: self._get_partner_side(partner) == "reseller"
        )

    @api.model
    def _is_staff_partner(self, partner):
        return self._get_partner_side(partner) != "client"

    def _move_on_client_reply(self):
        """A client who answers while the ticket waits on it hands it back to
        the reseller (Backlog - Client to Backlog - Reseller when seeded)."""
        next_stage = self.stage_id.client_reply_stage_id
        if next_stage:
            self.sudo().write({"stage_id": next_stage.id})

    # ---------------------------------------------------
    # Workflow
    # ---------------------------------------------------

    def _get_allowed_transitions(self, user=None):
        """Map each ticket to the moves `user` (the current user by default)
        may make from its current stage. The single reading of the move table
        shared by the server check, the buttons and the portal."""
        user = user or self.env.user
        Transition = self.env["revo.helpdesk.transition"].sudo()
        allowed = defaultdict(Transition.browse)
        by_stage = self.grouped(lambda ticket: ticket.stage_id.id)
        table = Transition._get_move_table(user._get_group_ids())
        for transition_id, stage_ids, domain, stage_need in table:
            tickets = self.browse().union(
                *(by_stage[stage_id] for stage_id in stage_ids & by_stage.keys())
            )
            if tickets and not domain.is_true():
                tickets = tickets.filtered_domain(domain)
            if tickets and stage_need:
                tickets = tickets.filtered(STAGE_NEEDS[stage_need])
            for ticket in tickets:
                allowed[ticket] |= Transition.browse(transition_id)
        return allowed

    def _check_stage_move(self, stage_to, vals):
        """Refuse the moves to `stage_to` that the current user may not make
        or whose requirement is not met. Return the transition each ticket
        follows (an empty one for a manager's override)."""
        in_workflow = self.filtered(lambda ticket: ticket.stage_id.owner)
        if self.env.su:
            # The module's own moves: no check, but logged with their move.
            return {
                ticket: transition
                for ticket in in_workflow
                if (transition := ticket._get_authorised_transition(stage_to))
            }
        transitions = {}
        allowed = in_workflow._get_allowed_transitions()
        is_manager = self._is_workflow_manager()
        if not is_manager:
            (self - in_workflow)._check_workflow_entry(stage_to, vals)
        # The tickets of a batch mostly share their moves: each set of moves
        # is looked through once.
        tickets_by_moves = defaultdict(list)
        for ticket in in_workflow:
            tickets_by_moves[allowed[ticket]].append(ticket.id)
        for moves, ticket_ids in tickets_by_moves.items():
            tickets = self.browse(ticket_ids)
            transition = moves.filtered(lambda t: t.stage_to_id == stage_to)[:1]
            if transition:
                tickets._check_transition_requirement(transition, vals)
            elif not is_manager:
                raise UserError(tickets[0]._get_refused_move_message(stage_to, moves))
            transitions.update(dict.fromkeys(tickets, transition))
        return transitions

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

    @contextmanager
    def _authorise_transition(self, transition):
        """Let the moves of these tickets along `transition` through the
        server check: the form that collected what the move needs, or the
        release that ships it, vouches for them."""
        authorised = self.env.cr.cache.setdefault(AUTHORISED_MOVES, set())
        pairs = {(ticket.id, transition.id) for ticket in self}
        authorised |= pairs
        try:
            yield
        finally:
            authorised -= pairs

    def _get_authorised_transition(self, stage_to):
        self.ensure_one()
        authorised = self.env.cr.cache.get(AUTHORISED_MOVES, ())
        transition_ids = [t for ticket, t in authorised if ticket == self.id]
        return (
            self.env["revo.helpdesk.transition"]
            .browse(transition_ids)
            .filtered(lambda t: t.stage_to_id == stage_to)[:1]
        )

    def _check_transition_requirement(self, transition, vals):
        """Refuse moving these tickets along `transition` while what it needs
        is missing, naming the first ticket that lacks it."""
        if transition._needs_form():
            unauthorised = self.filtered(
                lambda ticket: (
                    ticket._get_authorised_transition(transition.stage_to_id)
                    != transition
                )
            )
            if unauthorised:
                raise UserError(
                    self.env._(
                        "Moving %(ticket)s to %(stage)s needs %(requirement)s: use "
                        "the '%(button)s' button on the ticket.",
                        ticket=unauthorised[0].display_name,
                        stage=transition.stage_to_id.name,
                        requirement=self._get_requirement_label(transition),
                        button=transition.name,
                    )
                )
            return
        field_name = transition._get_required_ticket_field()
        if not field_name:
            return
        if field_name in vals:  # written with the move: the same for all
            missing = self.browse() if vals[field_name] else self
        else:
            missing = self.filtered(lambda ticket: not ticket[field_name])
        if missing:
            raise UserError(
                self.env._(
                    "Moving %(ticket)s to %(stage)s needs %(field)s: fill it in or "
                    "use the '%(button)s' button on the ticket.",
                    ticket=missing[0].display_name,
                    stage=transition.stage_to_id.name,
                    field=self._fields[field_name].get_description(self.env)["string"],
                    button=transition.name,
                )
            )

    def _get_requirement_label(self, transition):
        selection = dict(
            transition._fields["requirement"]._description_selection(self.env)
        )
        return selection[transition.requirement].lower()

    def _get_refused_move_message(self, stage_to, transitions):
        self.ensure_one()
        if transitions:
            allowed = ", ".join(sorted(set(transitions.stage_to_id.mapped("name"))))
            hint = self.env._("From here you may move it to: %s.", allowed)
        elif (
            self.stage_id.owner != "reseller"
            and not self.stage_id.closed
            and self.env.user._is_reseller_user()
        ):
            hint = self.env._(
                "REVO has it now: ask REVO support with Send Message to move or "
                "cancel it."
            )
        else:
            hint = self.env._("You may not move it anywhere from here.")
        return self.env._(
            "You cannot move %(ticket)s from %(stage_from)s to %(stage_to)s. %(hint)s",
            ticket=self.display_name,
            stage_from=self.stage_id.name,
            stage_to=stage_to.name,
            hint=hint,
        )

    def _prepare_move_log_vals(self, stage_to, transitions):
        now = fields.Datetime.now()
        vals_list = []
        for ticket in self.filtered(lambda ticket: ticket.stage_id.owner):
            transition = transitions.get(ticket, self.env["revo.helpdesk.transition"])
            entered = ticket.last_stage_update or ticket.create_date or now
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "stage_from_id": ticket.stage_id.id,
                    "stage_to_id": stage_to.id,
                    "transition_id": transition.id,
                    "requirement": transition.requirement,
                    "info_request": transition.info_request,
                    "override": ticket in transitions and not transition,
                    "side": ticket.stage_id.owner,
                    "reseller_id": ticket.reseller_id.id,
                    "ticket_escalated": ticket.escalated,
                    "duration_hours": (now - entered).total_seconds() / 3600.0,
                    "user_id": self.env.uid,
                    "date": now,
                }
            )
        return vals_list

    def _log_moves(self, move_vals_list):
        moves = self.env["revo.helpdesk.ticket.move"].sudo().create(move_vals_list)
        for move in moves.filtered("override"):
            move.ticket_id._message_log(
                body=self.env._(
                    "Moved from %(stage_from)s to %(stage_to)s by a manager's "
                    "override: this move is not in the reseller workflow.",
                    stage_from=move.stage_from_id.name,
                    stage_to=move.stage_to_id.name,
                )
            )

    def _schedule_move_activities(self, transitions):
        by_transition = defaultdict(list)
        for ticket, transition in transitions.items():
            if transition.activity_type_id:
                by_transition[transition].append(ticket.id)
        for transition, ticket_ids in by_transition.items():
            tickets = self.browse(ticket_ids)
            side = transition.stage_to_id.owner
            for users, same_people in tickets._group_by_side_users(side).items():
                for user in users:
                    same_people.activity_schedule(
                        activity_type_id=transition.activity_type_id.id,
                        summary=transition.stage_to_id.name,
                        user_id=user.id,
                        revo_stage_todo=True,
                    )

    def _drop_stage_todos(self):
        """Remove the to-dos the workflow gave for the stages these tickets
        just left: they are answered, or no longer anyone's to do."""
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("revo_stage_todo", "=", True),
            ]
        ).unlink()

    def _get_side_users(self, side):
        """The people who work a ticket while it sits with `side`: the
        reseller's responsible (else its users), or REVO's assigned user when
        they belong to that side, else the side's team members, else the
        side's whole group."""
        self.ensure_one()
        return self._get_side_users_by_ticket(side)[self]

    def _get_side_users_by_ticket(self, side):
        """_get_side_users() of each ticket, reading each reseller's users
        and the side's group once for all of them."""
        Users = self.env["res.users"]
        if side == "reseller":
            by_reseller = {
                reseller: reseller._get_reseller_users()
                for reseller in self.reseller_id
            }
            return {
                ticket: by_reseller.get(ticket.reseller_id, Users) for ticket in self
            }
        group = self.env.ref(self.env["helpdesk.ticket.stage"]._get_side_groups()[side])
        members = group.all_user_ids.filtered("active")
        return {
            ticket: (ticket.user_id & members)
            or (ticket.team_id.user_ids & members)
            or members
            for ticket in self
        }

    def _group_by_side_users(self, side):
        """The tickets grouped by the people who work them with `side`, so
        that whatever is sent to the same people is sent once for all."""
        ticket_ids = defaultdict(list)
        for ticket, users in self._get_side_users_by_ticket(side).items():
            ticket_ids[users].append(ticket.id)
        return {users: self.browse(ids) for users, ids in ticket_ids.items()}

    def _move_on_assignment(self):
        """Taking a ticket starts the work on it (Backlog - REVO Support to In
        Progress - REVO Support in the seeded moves), as the assignee may.
        Only REVO staff assign (REVO_FIELDS)."""
        for assignee, tickets in self.grouped("user_id").items():
            if not assignee:
                continue
            allowed = tickets._get_allowed_transitions(assignee)
            by_transition = defaultdict(self.browse)
            for ticket in tickets:
                transition = allowed[ticket].filtered("on_assignment")[:1]
                if transition:
                    by_transition[transition] |= ticket
            for transition, moved in by_transition.items():
                with moved._authorise_transition(transition):
                    moved.sudo().write({"stage_id": transition.stage_to_id.id})

    def _apply_transition(self, transition, values=None, user=None):
        """Make `transition` on this ticket with the form's `values`, once it
        is checked that `user` (the current user by default) may make it."""
        self._check_transition_allowed(transition, user)
        vals = dict(values or {}, stage_id=transition.stage_to_id.id)
        with self._authorise_transition(transition):
            self.write(vals)

    def _check_transition_allowed(self, transition, user=None):
        """Refuse `transition` unless `user` (the current user by default)
        may make it on this ticket."""
        self.ensure_one()
        allowed = self._get_allowed_transitions(user)[self]
        if transition not in allowed:
            raise UserError(
                self._get_refused_move_message(transition.stage_to_id, allowed)
            )

    def action_move(self, transition_id):
        """Make a move from the ticket's buttons: at once when it needs
        nothing more, else through the form that asks for what it needs."""
        self.ensure_one()
        transition = self.env["revo.helpdesk.transition"].browse(transition_id)
        self._check_development_confirmed(transition.stage_to_id)
        if not transition._is_direct():
            self._check_transition_allowed(transition)
            return self._get_transition_form_action(transition)
        self._apply_transition(transition)
        return True

    def _get_transition_form_action(self, transition):
        return {
            "type": "ir.actions.act_window",
            "name": transition.name,
            "res_model": transition._get_form_model(),
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_transition_id": transition.id,
            },
        }

    def action_view_stage_history(self):
        """The ticket's stage changes, opened from its form rather than read
        with it: most opens do not look at them."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Stage History of %s", self.display_name),
            "res_model": "revo.helpdesk.ticket.move",
            "views": [
                (
                    self.env.ref(
                        "revo_helpdesk.revo_helpdesk_ticket_move_view_list"
                    ).id,
                    "list",
                )
            ],
            "domain": [("ticket_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_escalate_to_revo(self):
        """Open the Escalate to REVO form for a client ticket."""
        self.ensure_one()
        transition = self.allowed_transition_ids.filtered(
            lambda t: t.requirement == "escalation"
        )[:1]
        if not transition:
            raise UserError(
                self.env._(
                    "Only a reseller can escalate, and only a client ticket that "
                    "was not escalated yet and sits in a reseller stage; "
                    "%(ticket)s is a %(origin)s ticket in %(stage)s.",
                    ticket=self.display_name,
                    origin=dict(
                        self._fields["origin"]._description_selection(self.env)
                    ).get(self.origin, self.env._("non-reseller")),
                    stage=self.stage_id.name,
                )
            )
        return self._get_transition_form_action(transition)

    def _ship_in_release(self, release):
        """Hand the tickets back for confirmation, telling each reseller the
        fix shipped: the release speaks for each ticket's 'Released' move."""
        self._hand_back_for_confirmation(
            self.env._(
                "The fix for this ticket shipped in release %(release)s. "
                "Please check that it works and confirm.",
                release=release.name,
            )
        )

    def _hand_back_for_confirmation(self, body, strict=True):
        """Move the tickets to Confirmation - Reseller along the moves the
        current user may make from their stages, each with `body` as REVO's
        message to its reseller: how a system action (a release shipped, an
        incident resolved) speaks for each ticket's move. With `strict`, a
        ticket without such a move stops everything before anything is
        written; otherwise it stays where it is. Return the tickets moved."""
        confirmation = self.env.ref("revo_helpdesk.stage_confirmation_reseller")
        allowed = self._get_allowed_transitions()
        by_transition = defaultdict(self.browse)
        for ticket in self:
            transition = allowed[ticket].filtered(
                lambda t: t.stage_to_id == confirmation
            )[:1]
            if transition:
                by_transition[transition] |= ticket
            elif strict and ticket.reseller_id:
                # A ticket without reseller (an incident) has nobody to
                # confirm: it stays where it is, for REVO to close.
                raise UserError(
                    ticket._get_refused_move_message(confirmation, allowed[ticket])
                )
        moved = self.browse()
        for transition, tickets in by_transition.items():
            with tickets._authorise_transition(transition):
                tickets.write({"stage_id": confirmation.id})
            moved |= tickets
        for ticket in moved:
            ticket._post_support_message(body)
        return moved

    def _post_support_message(self, body, attachment_ids=None):
        """Send Message: between the reseller and REVO; the other side is
        notified, the client never sees it."""
        self.ensure_one()
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="revo_helpdesk.mt_support_message",
            attachment_ids=attachment_ids or [],
        )

    # ---------------------------------------------------
    # Inactivity reminders
    # ---------------------------------------------------

    @api.model
    def _get_reminder_days(self):
        """The idle days after which each side is reminded (0: never)."""
        params = self.env["ir.config_parameter"].sudo()
        return {
            side: int(params.get_param(key, default) or 0)
            for side, (key, default, _domain) in REMINDER_SIDES.items()
        }

    @api.model
    def _get_reminder_due_domain(self, side, days, now):
        """Tickets of `side` idle for `days` and not reminded since they went
        idle: a reminder starts a new idle period of the same length."""
        cutoff = now - timedelta(days=days)
        return [
            ("stage_owner", "=", side),
            ("closed", "=", False),
            ("last_action_date", "<", cutoff),
            "|",
            ("last_reminder_date", "=", False),
            ("last_reminder_date", "<", cutoff),
            *REMINDER_SIDES[side][2],
        ]

    @api.model
    def _cron_send_inactivity_reminders(self):
        """Remind each side of the tickets idle in its stages, once per idle
        period. Batches are committed as they are done, so that a crash or a
        timeout resumes where it stopped and nothing is sent twice."""
        now = fields.Datetime.now()
        due = []
        for side, days in self._get_reminder_days().items():
            if days > 0:
                domain = self._get_reminder_due_domain(side, days, now)
                due += [
                    (side, days, ids)
                    for ids in split_every(
                        REMINDER_BATCH_SIZE, self.search(domain, order="id").ids
                    )
                ]
        remaining = sum(len(ids) for _side, _days, ids in due)
        cron = self.env["ir.cron"]
        for side, days, ids in due:
            self.browse(ids)._send_inactivity_reminders(side, days, now)
            remaining -= len(ids)
            if not cron._commit_progress(len(ids), remaining=remaining):
                break

    def _send_inactivity_reminders(self, side, days, now):
        """Remind of these tickets in one go; should that fail, ticket by
        ticket, so that a failing ticket is skipped (and retried on the next
        run) without holding back the others."""
        reminded = self
        try:
            with self.env.cr.savepoint():
                self._send_inactivity_reminder(side, days)
        except Exception:
            _logger.warning(
                "Inactivity reminders of %s tickets failed together; "
                "retrying them one by one",
                len(self),
            )
            reminded = self.browse()
            for ticket in self:
                try:
                    with self.env.cr.savepoint():
                        ticket._send_inactivity_reminder(side, days)
                    reminded |= ticket
                except Exception:
                    _logger.exception(
                        "Inactivity reminder failed for ticket %s; skipped", ticket.id
                    )
        reminded.sudo().write({"last_reminder_date": now})

    def _send_inactivity_reminder(self, side, days):
        """An activity, an email and a chatter line for the people holding
        each ticket; none of them counts as an action on the ticket. Tickets
        held by the same people (a reseller's) get them in one go."""
        template = self.env.ref("revo_helpdesk.mail_template_inactivity_reminder")
        for users, tickets in self._group_by_side_users(side).items():
            for user in users:
                # The reminder email says it all: no second "assigned to
                # you" one.
                tickets.with_context(mail_activity_quick_update=True).activity_schedule(
                    act_type_xmlid="mail.mail_activity_data_todo",
                    summary=self.with_context(lang=user.lang).env._(
                        "No action for %(days)s days", days=days
                    ),
                    user_id=user.id,
                    revo_stage_todo=True,
                )
            for lang, partners in users.partner_id.grouped("lang").items():
                template.with_context(lang=lang, revo_idle_days=days).send_mail_batch(
                    tickets.ids,
                    email_values={"recipient_ids": [(6, 0, partners.ids)]},
                )
            # In the language of those reminded, who read the ticket most.
            body = self.with_context(lang=users[:1].lang or self.env.lang).env._(
                "Reminder sent to %(people)s: no note, message or action for "
                "%(days)s days.",
                people=", ".join(users.mapped("name")) or self.env._("nobody"),
                days=days,
            )
            tickets._message_log_batch(dict.fromkeys(tickets.ids, body))

    # ---------------------------------------------------
    # First-response targets
    # ---------------------------------------------------

    def _is_response_clock_running(self):
        self.ensure_one()
        return bool(
            self.response_deadline
            and not self.first_response_date
            and not self.response_paused_since
        )

    def _start_response_clock(self):
        """Give new tickets the deadline of their category's target, counted
        from now on their team's working hours."""
        now = fields.Datetime.now()
        for (team, category), tickets in self.grouped(
            lambda ticket: (ticket.team_id, ticket.category_id)
        ).items():
            hours = category._get_response_hours(team._get_working_calendar())
            tickets.sudo().write(
                {
                    "response_deadline": team._add_business_hours(now, hours),
                    "response_late": False,
                }
            )

    def _get_service_target_tickets(self):
        """The tickets a first-response target applies to: reseller-workflow
        tickets with a category (other teams keep helpdesk_mgmt's ways)."""
        return self.filtered(
            lambda ticket: ticket.category_id and ticket.team_id.reseller_workflow
        )

    def _restart_response_clock(self):
        """A new category sets a new target, counted from the ticket's
        creation plus the time it waited on the client."""
        for ticket in self.filtered(
            lambda ticket: (
                ticket.team_id.reseller_workflow
                and not ticket.first_response_date
                and not ticket.closed
            )
        ):
            category, team = ticket.category_id, ticket.team_id
            if not category:
                ticket.sudo().write(
                    {"response_deadline": False, "response_late": False}
                )
                continue
            hours = category._get_response_hours(team._get_working_calendar())
            deadline = team._add_business_hours(
                ticket.create_date, hours + ticket.response_paused_hours
            )
            paused_since = ticket.response_paused_since
            ticket.sudo().write(
                {
                    "response_deadline": deadline,
                    "response_late": bool(paused_since and paused_since > deadline),
                }
            )

    def _stop_response_clock(self, now):
        """The requester got an answer (or the ticket closed): the target is
        met or missed for good."""
        for late, tickets in (
            self.filtered(
                lambda ticket: (
                    ticket.response_deadline and not ticket.first_response_date
                )
            )
            .grouped(
                lambda ticket: (
                    (ticket.response_paused_since or now) > ticket.response_deadline
                )
            )
            .items()
        ):
            tickets.sudo().write(
                {
                    "first_response_date": now,
                    "response_late": late,
                    "response_paused_since": False,
                }
            )

    def _pause_response_clock(self, now):
        """Waiting on the client stops the clock; a ticket already late stays
        late."""
        running = self.filtered(lambda ticket: ticket._is_response_clock_running())
        for late, tickets in running.grouped(
            lambda ticket: now > ticket.response_deadline
        ).items():
            tickets.sudo().write({"response_paused_since": now, "response_late": late})

    def _resume_response_clock(self, now):
        """Back from waiting on the client: the deadline moves on by the
        working hours the wait took, unless it had already passed."""
        paused = self.filtered(
            lambda ticket: (
                ticket.response_paused_since and not ticket.first_response_date
            )
        )
        for ticket in paused:
            team, since = ticket.team_id, ticket.response_paused_since
            vals = {
                "response_paused_since": False,
                "response_paused_hours": ticket.response_paused_hours
                + team._count_business_hours(since, now),
            }
            if not ticket.response_late:
                left = team._count_business_hours(since, ticket.response_deadline)
                vals["response_deadline"] = team._add_business_hours(now, left)
            ticket.sudo().write(vals)

    def _update_clocks_on_move(self, stage_to):
        now = fields.Datetime.now()
        if stage_to.closed:
            self._stop_response_clock(now)
        elif stage_to.waiting_on_client:
            self._pause_response_clock(now)
        else:
            self._resume_response_clock(now)
        self._set_answer_clock(stage_to, now)

    def _update_clocks_on_post(self, message, side):
        self.ensure_one()
        now = fields.Datetime.now()
        if self.answer_deadline and side in ("reseller", "client"):
            self._start_answer_clock(now)
        if (
            self.response_deadline
            and not self.first_response_date
            and self._is_response_to_requester(message, side)
        ):
            self._stop_response_clock(now)

    def _is_response_to_requester(self, message, side):
        """Whether `message`, written from `side`, answers whoever opened the
        ticket: a message they can read, from the side working on it."""
        self.ensure_one()
        if self.origin == "reseller":
            return side == "revo" and not message.subtype_id.revo_staff_only
        return side != "client" and not message.subtype_id.internal

    # ---------------------------------------------------
    # Development of Question tickets
    # ---------------------------------------------------

    def _check_development_confirmed(self, stage_to):
        if stage_to.owner != "development":
            return
        unconfirmed = self.filtered("needs_development_confirmation")
        if unconfirmed:
            raise UserError(
                self.env._(
                    "%(ticket)s is a %(category)s ticket: support first agrees "
                    "with the client that development is needed. Use 'Confirm "
                    "Development' on the ticket, then move it to %(stage)s.",
                    ticket=unconfirmed[0].display_name,
                    category=unconfirmed[0].category_id.name,
                    stage=stage_to.name,
                )
            )

    def action_confirm_development(self):
        """Record that support agreed with the client that this ticket needs
        development: the explicit step before Backlog - Dev REVO."""
        self.ensure_one()
        if not self.env.user.has_group("revo_helpdesk.group_support_agent"):
            raise UserError(
                self.env._(
                    "Only REVO support confirms that a ticket needs development."
                )
            )
        if not self.needs_development_confirmation:
            raise UserError(
                self.env._(
                    "%(ticket)s needs no confirmation before development.",
                    ticket=self.display_name,
                )
            )
        self.sudo().development_confirmed = True
        self._message_log(
            body=self.env._(
                "%(user)s confirmed with the client that development is needed.",
                user=self.env.user.name,
            )
        )
        return True

    # ---------------------------------------------------
    # Confirmation timeout
    # ---------------------------------------------------

    @api.model
    def _get_answer_timeout_days(self):
        """Business days a ticket waits for an answer before its timeout move
        (0: never)."""
        key, default = ANSWER_TIMEOUT_PARAM
        return int(self.env["ir.config_parameter"].sudo().get_param(key, default) or 0)

    @api.model
    def _get_timeout_transitions(self):
        return (
            self.env["revo.helpdesk.transition"]
            .sudo()
            .search([("on_timeout", "=", True)])
        )

    def _set_answer_clock(self, stage_to, now):
        timeout_stage_ids = self.env[
            "revo.helpdesk.transition"
        ]._get_timeout_stage_ids()
        if stage_to.id in timeout_stage_ids:
            self._start_answer_clock(now)
        else:
            self.filtered("answer_deadline").sudo().write(
                {"answer_deadline": False, "answer_reminder_date": False}
            )

    def _start_answer_clock(self, now):
        """Start (or, on an answer, restart) the wait for an answer: the
        timeout falls after the set business days, its reminder one business
        day before."""
        days = self._get_answer_timeout_days()
        if days <= 0:
            self.filtered("answer_deadline").sudo().write(
                {"answer_deadline": False, "answer_reminder_date": False}
            )
            return
        for team, tickets in self.grouped("team_id").items():
            tickets.sudo().write(
                {
                    "answer_deadline": team._add_business_days(now, days),
                    "answer_reminder_date": team._add_business_days(now, days - 1),
                }
            )

    @api.model
    def _cron_close_unanswered(self):
        """Remind, then resolve, the tickets whose answer is overdue."""
        now = fields.Datetime.now()
        tickets = self.sudo()
        waiting = tickets.search([("answer_deadline", "!=", False)])
        days = self._get_answer_timeout_days()
        if days <= 0:
            # Turned off: nothing pending closes any more.
            waiting.write({"answer_deadline": False, "answer_reminder_date": False})
            return
        due = waiting.filtered(lambda ticket: ticket.answer_deadline <= now)
        (
            waiting.filtered(
                lambda ticket: (
                    ticket.answer_reminder_date and ticket.answer_reminder_date <= now
                )
            )
            - due
        )._send_answer_reminders()
        timeouts = self._get_timeout_transitions()
        for ticket in due:
            # One ticket that cannot close does not hold back the others.
            try:
                with self.env.cr.savepoint():
                    ticket._close_unanswered(timeouts, days)
            except Exception:
                _logger.exception(
                    "Closing unanswered ticket %s failed; retried next run", ticket.id
                )

    def _send_answer_reminders(self):
        for ticket in self:
            ticket._post_support_message(
                self.env._(
                    "No answer yet: this ticket will be closed automatically on "
                    "%(date)s. Answer it, or say whether the solution works.",
                    date=format_datetime(
                        self.env, ticket.answer_deadline, dt_format="short"
                    ),
                )
            )
        self.write({"answer_reminder_date": False})

    def _close_unanswered(self, timeouts, days):
        """Make this ticket's move among `timeouts` (the moves made when
        unanswered), telling the reseller why it closed after `days`."""
        self.ensure_one()
        transition = timeouts.filtered(lambda t: self.stage_id in t.stage_from_ids)[:1]
        if not transition:
            # Its timeout move was since removed: it waits no more.
            self.write({"answer_deadline": False, "answer_reminder_date": False})
            return
        with self._authorise_transition(transition):
            self.write({"stage_id": transition.stage_to_id.id})
        self._post_support_message(
            self.env._(
                "Closed automatically: nobody answered for %(days)s business "
                "days. Reopen the ticket if the problem is still there.",
                days=days,
            )
        )

    # ---------------------------------------------------
    # Partner view mode: Update, Close ticket, Reopen
    # ---------------------------------------------------

    def _get_view_mode_moves(self, user):
        """The moves behind 'Close ticket' and 'Reopen' that `user` may make
        on this ticket now: {'close': transition, 'reopen': transition}."""
        self.ensure_one()
        allowed = self._get_allowed_transitions(user)[self].filtered(
            lambda t: t._is_direct()
        )
        return {
            "close": allowed.filtered(
                lambda t: t.stage_to_id.closed and t.requirement != "cancellation"
            )[:1],
            "reopen": allowed.filtered(lambda t: not t.stage_to_id.closed)[:1]
            if self.closed
            else allowed.browse(),
        }

    def _is_view_mode_ticket(self, user):
        """Whether `user` gets the partner view mode on this ticket: a client
        ticket, seen by its own client company or by a reseller who may edit
        it."""
        self.ensure_one()
        if self.origin != "client":
            return False
        if user.share:
            return user.partner_id.commercial_partner_id == self.commercial_partner_id
        return self.with_user(user).has_access("write")

    def _check_view_mode_access(self, user):
        if not self._is_view_mode_ticket(user):
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be updated or closed this way: Update and "
                    "Close Ticket are for client tickets, by their client or "
                    "reseller.",
                    ticket=self.display_name,
                )
            )

    def _is_canceled(self):
        self.ensure_one()
        return self.stage_id.id in self._get_canceled_stage_ids()

    def _check_view_mode_action(self, action, user):
        """Refuse what the partner view mode cannot do, before anything is
        posted; return the move the action makes (none for an update)."""
        self.ensure_one()
        self._check_view_mode_access(user)
        moves = self._get_view_mode_moves(user)
        if action == "update":
            return moves["close"].browse()
        if action == "close":
            if self.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is already closed (%(stage)s): post an update "
                        "or reopen it.",
                        ticket=self.display_name,
                        stage=self.stage_id.name,
                    )
                )
            if not moves["close"]:
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be closed while it is in %(stage)s: "
                        "post an update instead.",
                        ticket=self.display_name,
                        stage=self.stage_id.name,
                    )
                )
            return moves["close"]
        if action == "reopen":
            if not self.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is open: there is nothing to reopen.",
                        ticket=self.display_name,
                    )
                )
            if self._is_canceled():
                raise UserError(
                    self.env._(
                        "%(ticket)s was canceled and cannot be reopened: open a "
                        "new ticket instead.",
                        ticket=self.display_name,
                    )
                )
            if not moves["reopen"]:
                raise UserError(
                    self.env._(
                        "You may not reopen %(ticket)s.", ticket=self.display_name
                    )
                )
            return moves["reopen"]
        raise UserError(
            self.env._(
                "Unknown action %(action)s: use update, close or reopen.",
                action=action,
            )
        )

    def _post_view_mode_update(self, body, action, user=None):
        """The partner view mode: post `body` for the client to read, then
        keep the ticket's state (update), close it or reopen it."""
        self.ensure_one()
        user = user or self.env.user
        # The portal acts as superuser: the move and its log name the client.
        ticket = self.with_user(user).sudo() if self.env.su else self
        transition = ticket._check_view_mode_action(action, user)
        if is_html_empty(body) and action == "update":
            raise UserError(
                self.env._("Write a comment: an update without one says nothing.")
            )
        if is_html_empty(body) and user.share:
            # The reseller hears of a client's close or reopen as of a reply.
            body = Markup("<p>%s</p>") % (
                self.env._("I closed the ticket.")
                if action == "close"
                else self.env._("I reopened the ticket.")
            )
        # The move first: a client's comment posted while the ticket waits on
        # the client would move it on its own, ahead of the asked move.
        if transition:
            ticket._apply_transition(transition, user=user)
        if not is_html_empty(body):
            ticket.message_post(
                body=body,
                message_type="comment",
                author_id=user.partner_id.id,
                # A client's comment is a reply; a reseller's is an Add Note,
                # which its client reads.
                subtype_xmlid="mail.mt_comment" if user.share else "mail.mt_note",
            )

    # ---------------------------------------------------
    # Status tags, links, similar tickets, broadcast incidents
    # ---------------------------------------------------

    is_stalled = fields.Boolean(
        string="Stalled",
        compute="_compute_is_stalled",
        search="_search_is_stalled",
        help="Open, with no note, message or action for the number of days set "
        "in Helpdesk settings.",
    )
    blocked = fields.Boolean(
        compute="_compute_blocked",
        store=True,
        help="Waiting on an external party (In Progress - Internal Review) or on "
        "a release (Pending Release - REVO).",
    )
    moving_speed = fields.Selection(
        selection=[("fast", "Fast Moving"), ("slow", "Slow Moving")],
        compute="_compute_moving_speed",
        search="_search_moving_speed",
        help="Time in the current stage against the team's median time in that "
        "stage: under the median divided by the speed factor is fast, over the "
        "median times the factor is slow.",
    )
    resolution = fields.Selection(
        selection=RESOLUTIONS,
        compute="_compute_resolution",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="How the ticket was solved: filled in when it is resolved, from "
        "the way it went; REVO may correct it.",
    )
    impact = fields.Selection(
        selection=IMPACTS,
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Who the problem affected, for closing statistics.",
    )
    link_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="revo_helpdesk_ticket_link_rel",
        column1="ticket_id",
        column2="linked_ticket_id",
        string="Links Made Here",
        copy=False,
    )
    linked_by_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="revo_helpdesk_ticket_link_rel",
        column1="linked_ticket_id",
        column2="ticket_id",
        string="Links Made There",
        copy=False,
    )
    has_links = fields.Boolean(
        compute="_compute_has_links",
        store=True,
        help="Whether a link was made to or from this ticket: only then does "
        "its form look for linked tickets. May stay set after the linked "
        "ticket is deleted, which costs that one search and nothing else.",
    )
    linked_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        compute="_compute_linked_ticket_ids",
        inverse="_inverse_linked_ticket_ids",
        search="_search_linked_ticket_ids",
        string="Linked Tickets",
        help="Related tickets, whichever of the two the link was made from.",
    )
    similarity_text = fields.Char(
        compute="_compute_similarity_text",
        store=True,
        index="trigram",
        help="The subject and the start of the description, as plain text: "
        "what similar tickets are found by.",
    )
    similar_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        compute="_compute_similar_ticket_ids",
        string="Similar Resolved Tickets",
    )
    is_incident = fields.Boolean(
        string="Broadcast Incident",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="An outage or problem affecting many tickets, across resellers: "
        "its updates are posted on every attached ticket, and resolving it "
        "hands them back to their resellers for confirmation.",
    )
    incident_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        domain=[("is_incident", "=", True)],
        index="btree_not_null",
        tracking=True,
        copy=False,
        groups="revo_helpdesk.group_support_agent",
    )
    incident_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="incident_id",
        string="Attached Tickets",
        groups="revo_helpdesk.group_support_agent",
    )
    incident_ticket_count = fields.Integer(
        compute="_compute_incident_ticket_count",
        groups="revo_helpdesk.group_support_agent",
    )
    # Incidents are REVO's own tickets, without reseller (_check_incident):
    # their names are safe for any reader of an attached ticket, while
    # incident_id itself is for REVO support. Stored, so that a reseller's
    # form reads it with the ticket.
    incident_name = fields.Char(
        string="Part Of Incident",
        related="incident_id.name",
        store=True,
        help="The REVO incident this ticket is attached to; its updates are "
        "posted here.",
    )

    @api.model
    def _get_status_tag_settings(self):
        """The Stalled days (0: off) and the Fast/Slow Moving factor."""
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param(*STALLED_DAYS_PARAM) or 0),
            float(params.get_param(*SPEED_FACTOR_PARAM) or 0.0),
        )

    @api.model
    def _get_stage_ids(self, xmlids):
        """The ids of the stages named by `xmlids` that exist, from the
        registry's cache (env.ref would check each one in the database)."""
        IrModelData = self.env["ir.model.data"]
        return {
            xmlid: stage_id
            for xmlid in xmlids
            if (stage_id := IrModelData._xmlid_to_res_id(xmlid))
        }

    @api.model
    def _get_canceled_stage_ids(self):
        """The closed stages that mean canceled, not resolved."""
        return set(self._get_stage_ids(CANCELED_STAGES).values())

    def _filter_resolved(self):
        """The tickets in a closed stage that is not a cancellation."""
        canceled = self._get_canceled_stage_ids()
        return self.filtered(
            lambda ticket: ticket.stage_id.closed and ticket.stage_id.id not in canceled
        )

    @api.model
    def _get_stalled_cutoff(self):
        """Open tickets with no action since this moment are stalled (None:
        the tag is off)."""
        days = self._get_status_tag_settings()[0]
        return fields.Datetime.now() - timedelta(days=days) if days > 0 else None

    @api.model
    def _get_stalled_domain(self):
        cutoff = self._get_stalled_cutoff()
        if cutoff is None:
            return Domain.FALSE
        return Domain("stage_id.closed", "=", False) & Domain(
            "last_action_date", "<", cutoff
        )

    def _get_closed_stage_ids(self):
        """The ids of these tickets' stages that close them, read once for
        all as superuser: whether a stage closes is no secret, and the
        stages' record rules would cost more than the read."""
        return set(self.stage_id.sudo().filtered("closed").ids)

    @api.depends("last_action_date", "stage_id.closed")
    def _compute_is_stalled(self):
        # _get_stalled_domain's condition, tested in Python: filtered_domain
        # would compile the domain on every form open.
        cutoff = self._get_stalled_cutoff()
        closed = self._get_closed_stage_ids()
        for ticket in self:
            ticket.is_stalled = bool(
                cutoff
                and ticket.stage_id.id not in closed
                and ticket.last_action_date
                and ticket.last_action_date < cutoff
            )

    def _search_is_stalled(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._get_stalled_domain()
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends("stage_id", "external_party_id", "release_id")
    def _compute_blocked(self):
        awaited_by_stage = {
            stage_id: BLOCKING_STAGES[xmlid]
            for xmlid, stage_id in self._get_stage_ids(BLOCKING_STAGES).items()
        }
        for ticket in self:
            awaited = awaited_by_stage.get(ticket.stage_id.id)
            ticket.blocked = bool(awaited and ticket[awaited])

    @api.model
    def _get_speed_bounds(self, teams):
        """Map (team id, stage id) to the hours under which a ticket in that
        stage is fast and over which it is slow, from the medians stored on
        `teams`."""
        factor = self._get_status_tag_settings()[1]
        if factor <= 0:
            return {}
        return {
            (team.id, int(stage)): (median / factor, median * factor)
            for team in teams
            for stage, median in (team.stage_median_hours or {}).items()
        }

    @api.depends("stage_id.closed", "last_stage_update", "team_id.stage_median_hours")
    def _compute_moving_speed(self):
        # Team-wide figures that name no ticket: read whatever the user's
        # access to teams.
        bounds = self._get_speed_bounds(self.team_id.sudo())
        closed = self._get_closed_stage_ids()
        now = fields.Datetime.now()
        for ticket in self:
            fast, slow = bounds.get(
                (ticket.team_id.id, ticket.stage_id.id), (None, None)
            )
            hours = (
                (now - ticket.last_stage_update).total_seconds() / 3600.0
                if ticket.last_stage_update and fast is not None
                else None
            )
            if hours is None or ticket.stage_id.id in closed:
                ticket.moving_speed = False
            elif hours > slow:
                ticket.moving_speed = "slow"
            elif hours < fast:
                ticket.moving_speed = "fast"
            else:
                ticket.moving_speed = False

    def _search_moving_speed(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        teams = self.env["helpdesk.ticket.team"].sudo().search([])
        bounds = self._get_speed_bounds(teams)
        now = fields.Datetime.now()
        domains = []
        for (team_id, stage_id), (fast, slow) in bounds.items():
            pair = Domain("team_id", "=", team_id) & Domain("stage_id", "=", stage_id)
            if "slow" in value:
                since = now - timedelta(hours=slow)
                domains.append(pair & Domain("last_stage_update", "<", since))
            if "fast" in value:
                since = now - timedelta(hours=fast)
                domains.append(pair & Domain("last_stage_update", ">", since))
        domain = Domain.OR(domains)
        return domain if operator == "in" else ~domain

    @api.depends("stage_id")
    def _compute_resolution(self):
        resolved = self._filter_resolved()
        for ticket in self:
            if ticket not in resolved:
                ticket.resolution = False
            elif not ticket.resolution:
                ticket.resolution = ticket._get_default_resolution()

    def _get_default_resolution(self):
        """Where the solution came from, read from the way the ticket went."""
        self.ensure_one()
        if self.release_id:
            return "release"
        if self.reached_revo:
            return "revo"
        return "reseller" if self.origin else False

    @api.depends("link_ids", "linked_by_ids")
    def _compute_has_links(self):
        # From the link table itself: the cached links can be the editor's
        # view of them, without the archived tickets or the ones it may not
        # read.
        linked = self._get_ids_with_links()
        for ticket in self:
            ticket.has_links = (
                ticket._origin.id in linked
                if ticket._origin
                else bool(ticket.link_ids or ticket.linked_by_ids)
            )

    def _get_ids_with_links(self):
        """The ids of these tickets that a link names, on either side."""
        return {
            ticket_id
            for one, _one_active, other, _other_active in self._read_link_rows(
                self._origin.ids
            )
            for ticket_id in (one, other)
        }

    def _read_link_rows(self, ids):
        """The links naming any of `ids`, on either side, as rows of (ticket,
        its active flag, linked ticket, its active flag), from the link table
        itself."""
        if not ids:
            return []
        self.flush_model(["link_ids", "linked_by_ids", "active"])
        return self.env.execute_query(
            SQL(
                """SELECT link.ticket_id, one.active,
                          link.linked_ticket_id, other.active
                     FROM revo_helpdesk_ticket_link_rel link
                     JOIN helpdesk_ticket one ON one.id = link.ticket_id
                     JOIN helpdesk_ticket other ON other.id = link.linked_ticket_id
                    WHERE link.ticket_id IN %(ids)s
                       OR link.linked_ticket_id IN %(ids)s""",
                ids=tuple(ids),
            )
        )

    # Depending on has_links brings it in the ticket's own query.
    @api.depends("has_links", "link_ids", "linked_by_ids")
    @api.depends_context("uid")
    def _compute_linked_ticket_ids(self):
        links = self._get_readable_links()
        for ticket in self:
            ticket.linked_ticket_ids = links[ticket.id]

    def _get_readable_links(self):
        """Map each ticket's id to the tickets linked to it either way (the
        active ones unless active_test is off), read in one query for the
        tickets that have links and filtered by access again, whatever the
        cache holds: a reseller never sees a link to another reseller's
        ticket that REVO made."""
        links = defaultdict(list)
        ids = self._origin.filtered("has_links").ids
        archived_too = not self.env.context.get("active_test", True)
        for one, one_active, other, other_active in self._read_link_rows(ids):
            if other_active or archived_too:
                links[one].append(other)
            if one_active or archived_too:
                links[other].append(one)
        readable = self.browse(
            {linked for ticket_id in ids for linked in links[ticket_id]}
        )._filtered_access("read")
        return {
            ticket.id: readable & self.browse(links[ticket._origin.id])
            for ticket in self
        }

    def _inverse_linked_ticket_ids(self):
        current_links = self._get_readable_links()
        for ticket in self:
            current = current_links[ticket.id]
            added = ticket.linked_ticket_ids - current - ticket
            removed = current - ticket.linked_ticket_ids
            # Only tickets the user may read can be linked (and, reading
            # links through record rules, only those can be unlinked).
            added.check_access("read")
            ticket.link_ids = [
                *(fields.Command.link(t.id) for t in added),
                *(fields.Command.unlink(t.id) for t in removed),
            ]
            ticket.linked_by_ids = [fields.Command.unlink(t.id) for t in removed]

    def _search_linked_ticket_ids(self, operator, value):
        return Domain("link_ids", operator, value) | Domain(
            "linked_by_ids", operator, value
        )

    @api.depends("name", "description")
    def _compute_similarity_text(self):
        for ticket in self:
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.similarity_text = " ".join(text.split())[:SIMILARITY_TEXT_SIZE]

    @api.depends("similarity_text")
    @api.depends_context("uid")
    def _compute_similar_ticket_ids(self):
        for ticket in self:
            ticket.similar_ticket_ids = ticket._get_similar_tickets()

    def read_similar_tickets(self):
        """The similar tickets panel of the form, asked for when its tab opens:
        each suggestion's number, title, resolution (its label) and closing
        date."""
        self.ensure_one()
        self.check_access("read")
        labels = dict(self._fields["resolution"]._description_selection(self.env))
        return [
            {
                "id": ticket.id,
                "number": ticket.number,
                "name": ticket.name,
                "resolution": labels.get(ticket.resolution, ""),
                "closed_date": fields.Datetime.to_string(ticket.closed_date),
            }
            for ticket in self.similar_ticket_ids
        ]

    def _get_similar_candidate_domain(self):
        """The tickets worth suggesting for this one: other resolved tickets.
        Override to narrow or widen."""
        self.ensure_one()
        return [
            ("id", "!=", self.id),
            ("stage_id.closed", "=", True),
            ("stage_id", "not in", list(self._get_canceled_stage_ids())),
        ]

    def _get_similar_tickets(self, limit=SIMILAR_LIMIT):
        """The resolved tickets the current user may read whose text is
        nearest this ticket's, in one query: the tickets matching the text
        through its index (trigram similarity; full-text search when pg_trgm
        is missing), kept when the record rules and the candidate domain let
        them, the SIMILAR_CANDIDATES nearest ranked again with the votes given
        on them for this ticket; those the current user marked unhelpful are
        left out."""
        self.ensure_one()
        if not self.id or not self.similarity_text:
            return self.browse()
        self.flush_recordset(["similarity_text"])
        self.env["revo.helpdesk.ticket.feedback"].flush_model()
        text_match, score = self._get_similarity_sql()
        query = self._search(self._get_similar_candidate_domain())
        ticket_id = SQL.identifier(query.table, "id")
        match = SQL.identifier("similar_match")
        query.add_join(
            "JOIN",
            "similar_match",
            None,
            SQL("%s = %s", SQL.identifier("similar_match", "id"), ticket_id),
        )
        query.order = SQL(
            "%s DESC, %s DESC",
            SQL.identifier("similar_match", "score"),
            ticket_id,
        )
        query.limit = SIMILAR_CANDIDATES
        rows = self.env.execute_query(
            SQL(
                """
                -- Materialized: the text condition alone picks the rows,
                -- through its index, whatever PostgreSQL guesses of its
                -- selectivity next to the other conditions.
                WITH %(match)s AS MATERIALIZED (
                    SELECT id, %(score)s AS score
                      FROM helpdesk_ticket
                     WHERE %(text_match)s
                     LIMIT %(scan)s
                )
                SELECT candidate.id
                  FROM (%(candidates)s) candidate
             LEFT JOIN (
                    SELECT suggested_ticket_id,
                           SUM(CASE WHEN vote = 'up' THEN 1 ELSE -1 END) AS votes,
                           BOOL_OR(user_id = %(uid)s AND vote = 'down') AS rejected
                      FROM revo_helpdesk_ticket_feedback
                     WHERE ticket_id = %(ticket)s
                  GROUP BY suggested_ticket_id
                       ) feedback ON feedback.suggested_ticket_id = candidate.id
                 WHERE feedback.rejected IS NOT TRUE
              ORDER BY candidate.score + %(weight)s * COALESCE(feedback.votes, 0) DESC,
                       candidate.id DESC
                 LIMIT %(limit)s
                """,
                match=match,
                score=score,
                text_match=text_match,
                scan=SIMILAR_SCAN_LIMIT,
                candidates=query.select(
                    ticket_id, SQL.identifier("similar_match", "score")
                ),
                uid=self.env.uid,
                ticket=self.id,
                weight=FEEDBACK_WEIGHT,
                limit=limit,
            )
        )
        return self.browse(row[0] for row in rows)

    def _get_similarity_sql(self):
        """The condition and the score comparing the tickets' text with this
        one's, written as the index on similarity_text is (trigram, with
        unaccent when Odoo indexes with it; else full text)."""
        column = SQL.identifier("similarity_text")
        text = self.similarity_text
        registry = self.env.registry
        if registry.has_trigram:
            if registry.has_unaccent == FunctionStatus.INDEXABLE:
                column, text = registry.unaccent(column), registry.unaccent(text)
            return (
                SQL("%s %% %s", column, text),
                SQL("similarity(%s, %s)", column, text),
            )
        vector = SQL("to_tsvector('simple', %s)", column)
        words = dict.fromkeys(re.findall(r"\w+", text.lower()))
        tsquery = SQL("to_tsquery('simple', %s)", " | ".join(f"'{w}'" for w in words))
        return SQL("%s @@ %s", vector, tsquery), SQL("ts_rank(%s, %s)", vector, tsquery)

    def init(self):
        result = super().init()
        # Without pg_trgm (no trigram index), similar tickets are found by
        # full-text search, which needs its own index.
        if not self.env.registry.has_trigram:
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket "
                    "USING gin (to_tsvector('simple', similarity_text))",
                    SQL.identifier(SIMILARITY_FTS_INDEX),
                )
            )
        return result

    def _get_viewed_ticket(self):
        """The ticket whose similar tickets panel the user acts from."""
        ticket = self.browse(self.env.context.get("revo_similar_to")).exists()
        if not ticket:
            raise UserError(
                self.env._(
                    "Open the ticket the suggestion was made for, then vote from "
                    "its Similar Tickets panel."
                )
            )
        ticket.check_access("read")
        return ticket

    def action_similar_helpful(self):
        """Thumbs up on a suggestion (this ticket) of the viewed ticket."""
        self.ensure_one()
        self._get_viewed_ticket()._set_suggestion_feedback(self, "up")
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_similar_unhelpful(self):
        """Thumbs down: the suggestion disappears for the current user."""
        self.ensure_one()
        self._get_viewed_ticket()._set_suggestion_feedback(self, "down")
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _set_suggestion_feedback(self, suggested, vote):
        self.ensure_one()
        Feedback = self.env["revo.helpdesk.ticket.feedback"]
        feedback = Feedback.search(
            [
                ("user_id", "=", self.env.uid),
                ("ticket_id", "=", self.id),
                ("suggested_ticket_id", "=", suggested.id),
            ]
        )
        if feedback:
            feedback.vote = vote
        else:
            Feedback.create(
                {
                    "ticket_id": self.id,
                    "suggested_ticket_id": suggested.id,
                    "vote": vote,
                }
            )

    def action_open_ticket(self):
        """Open this ticket in full (a suggestion or a linked ticket)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_create_and_new(self):
        """Create multiple: the ticket is saved; open a new one in the same
        dialog, keeping the values that tickets of a series share."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "revo_helpdesk.helpdesk_ticket_action_new_dialog"
        )
        action["context"] = {
            "default_team_id": self.team_id.id,
            "default_partner_id": self.partner_id.id,
            "default_category_id": self.category_id.id,
            "default_priority": self.priority,
            "default_tag_ids": self.tag_ids.ids,
            "default_linked_ticket_ids": self.linked_ticket_ids.ids,
        }
        return action

    @api.depends("is_incident", "incident_ticket_ids")
    def _compute_incident_ticket_count(self):
        incidents = self.filtered("is_incident")
        counts = (
            dict(
                self._read_group(
                    [("incident_id", "in", incidents.ids)],
                    ["incident_id"],
                    ["__count"],
                )
            )
            if incidents.ids
            else {}
        )
        for ticket in self:
            ticket.incident_ticket_count = counts.get(ticket, 0)

    @api.constrains("is_incident", "incident_id", "reseller_id", "partner_id")
    def _check_incident(self):
        for ticket in self.sudo():
            if ticket.is_incident and (ticket.reseller_id or ticket.partner_id):
                raise ValidationError(
                    self.env._(
                        "%(ticket)s cannot be a broadcast incident: an incident is "
                        "REVO's own ticket, without reseller or contact, so that "
                        "every attached ticket may show it. Open a new ticket for "
                        "the incident and attach this one to it.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.incident_id and (
                ticket.is_incident or ticket.incident_id == ticket
            ):
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is an incident itself: only ordinary tickets "
                        "can be attached to an incident.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.incident_id and not ticket.incident_id.is_incident:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s can only be attached to a broadcast incident; "
                        "%(other)s is not one (use Linked Tickets for related "
                        "tickets).",
                        ticket=ticket.display_name,
                        other=ticket.incident_id.display_name,
                    )
                )

    @api.constrains("is_incident")
    def _check_incident_unset_without_tickets(self):
        """Only an incident has attached tickets, archived ones included,
        which lets the form of an ordinary ticket skip looking for them (see
        _cache_no_attached_tickets)."""
        ordinary = self.filtered(lambda ticket: not ticket.is_incident)
        attached = ordinary and self.sudo().with_context(active_test=False).search(
            [("incident_id", "in", ordinary.ids)], limit=1
        )
        if attached:
            raise ValidationError(
                self.env._(
                    "%(incident)s still has attached tickets, such as %(ticket)s. "
                    "To make it an ordinary ticket, tick Broadcast Incident "
                    "again, detach them in the Attached Tickets tab (archived "
                    "ones from the ticket list, Archived filter), then untick it.",
                    incident=attached.incident_id.display_name,
                    ticket=attached.display_name,
                )
            )

    @api.model
    def _claim_incidents(self, incident_ids):
        """Rewrite, unchanged, the row of each incident tickets are being
        attached to. Unticking Broadcast Incident on it in another transaction
        at the same time writes that row too: the later of the two waits for
        the other, then fails on the concurrent update and Odoo retries its
        request, whose check then sees the other's change. Without the write,
        each check reads the state before the other and both pass."""
        incident_ids = [incident_id for incident_id in incident_ids if incident_id]
        if incident_ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET is_incident = is_incident"
                    " WHERE id = ANY(%s)",
                    incident_ids,
                )
            )

    @api.model
    def _detach_from_non_incidents(self):
        """Detach the tickets attached to a ticket that is no longer an
        incident (possible before _check_incident_unset_without_tickets),
        through the ORM so that their Part Of Incident is cleared too."""
        stray = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("incident_id", "!=", False), ("incident_id.is_incident", "=", False)]
            )
        )
        stray.incident_id = False
        return len(stray)

    @api.readonly
    def web_read(self, specification):
        # A form reads one ticket: a few batches here save it a search and a
        # query per partner that web_read would make (a list or a kanban
        # column reads each partner field in one query already).
        attached = "incident_ticket_ids" in specification
        named_fields = (
            self._get_fields_naming_partners(specification) if len(self) == 1 else []
        )
        if attached or len(named_fields) > 1:
            tickets = self._fetch_for_web_read(specification)
            if attached:
                tickets._cache_no_attached_tickets()
            if len(named_fields) > 1:
                tickets._cache_partner_display_names(named_fields)
        return super().web_read(specification)

    def _get_fields_naming_partners(self, specification):
        """The many-to-one fields to partners, and to users (named after
        their partner), whose display name `specification` asks for in the
        context web_read reads them with."""
        return [
            name
            for name, field_spec in specification.items()
            if (field := self._fields.get(name))
            and field.type == "many2one"
            and field.comodel_name in ("res.partner", "res.users")
            and "display_name" in field_spec.get("fields", ())
            and "context" not in field_spec
        ]

    def _fetch_for_web_read(self, specification):
        """Fetch the fields `specification` names, and the incident flag, in
        one query (the attached tickets aside: fetching them is the search
        to spare); return the tickets found, leaving read() to refuse the
        others as it would."""
        return (
            self.with_context(active_test=False)
            .search_fetch(
                [("id", "in", self._origin.ids)],
                [name for name in specification if name != "incident_ticket_ids"]
                + ["is_incident"],
                order="id",
            )
            .with_env(self.env)
        )

    def _cache_no_attached_tickets(self):
        """Put the attached tickets of the ordinary tickets in the cache as
        none, known without a search, so that their form does not look for
        any."""
        ordinary = self.filtered(lambda ticket: not ticket.is_incident)
        self._fields["incident_ticket_ids"]._insert_cache(
            ordinary, repeat((), len(ordinary))
        )

    def _cache_partner_display_names(self, field_names):
        """Read the partners that `field_names` name, and the partners of the
        users they name (whose name a user's is), in one query, and compute
        the partners' display names in one batch, as web_read reads them: as
        superuser."""
        named = [self.mapped(name).sudo() for name in field_names]
        Partner = self.env["res.partner"].sudo()
        partners = Partner.union(*(r for r in named if r._name == "res.partner"))
        everyone = partners.union(
            *(r.partner_id for r in named if r._name == "res.users")
        )
        partners.with_prefetch(everyone._prefetch_ids).mapped("display_name")

    def action_view_incident_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "revo_helpdesk.helpdesk_ticket_action_reseller_support"
        )
        action.update(
            {
                "domain": [("incident_id", "=", self.id)],
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
                "name": self.env._("Tickets of %s", self.display_name),
            }
        )
        return action

    def action_post_incident_update(self):
        """Open the form that posts an update on every attached ticket."""
        self.ensure_one()
        self._check_is_incident()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Post an Update"),
            "res_model": "revo.helpdesk.incident.update",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_incident_id": self.id},
        }

    def _check_is_incident(self):
        for ticket in self.filtered(lambda ticket: not ticket.is_incident):
            raise UserError(
                self.env._(
                    "%(ticket)s is not a broadcast incident: tick Broadcast "
                    "Incident on it first.",
                    ticket=ticket.display_name,
                )
            )

    def _post_incident_update(self, body, public=False):
        """Post `body` on the incident (for REVO) and on each of its open
        attached tickets, each message on its own ticket so that every
        reseller reads only its own: as REVO's message to the reseller
        (Send Message: the reseller is notified, the client never sees it),
        or, `public`, as a note the client reads on the portal too (Add
        Note: nobody is notified)."""
        self.ensure_one()
        self._check_is_incident()
        if is_html_empty(body):
            raise UserError(
                self.env._("Write the update before posting it: it is empty.")
            )
        self.message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_note"
        )
        update = Markup("<p><b>%s</b></p>%s") % (
            self.env._("Update on incident %(incident)s:", incident=self.name),
            body,
        )
        for ticket in self.incident_ticket_ids.filtered(lambda t: not t.closed):
            if public:
                ticket.message_post(
                    body=update,
                    message_type="comment",
                    subtype_xmlid="revo_helpdesk.mt_client_note",
                )
            else:
                ticket._post_support_message(update)

    def _hand_back_incident_tickets(self):
        """An incident that reaches a resolved stage hands its open attached
        tickets back to their resellers for confirmation; tickets without a
        move to Confirmation - Reseller from where they are are named on the
        incident, for REVO to take by hand."""
        for incident in self.filtered("is_incident")._filter_resolved():
            tickets = incident.sudo().incident_ticket_ids.filtered(
                lambda t: not t.closed
            )
            tickets = tickets.with_env(self.env)
            moved = tickets._hand_back_for_confirmation(
                self.env._(
                    "Incident %(incident)s is resolved. Please check that "
                    "everything works again and confirm.",
                    incident=incident.name,
                ),
                strict=False,
            )
            if tickets - moved:
                incident._message_log(
                    body=self.env._(
                        "Resolved. These attached tickets stay where they are, as "
                        "their stage has no move to Confirmation - Reseller: "
                        "%(tickets)s.",
                        tickets=", ".join((tickets - moved).mapped("display_name")),
                    )
                )
