# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty, split_every

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
)
# Where the moves authorised by a form or a release wait for their write: the
# cursor's cache, out of reach of RPC (unlike the context).
AUTHORISED_MOVES = "revo_helpdesk.authorised_moves"

# Odoo's kanban colour index: the guide shows client tickets in orange (2)
# and reseller tickets in white (0, no colour).
ORIGIN_COLORS = {"client": 2, "reseller": 0}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    number = fields.Char(index=True)
    # Every ticket form reads the duplicates of its ticket (duplicate_ids):
    # without an index, PostgreSQL scans all tickets for them.
    duplicate_id = fields.Many2one(index="btree_not_null")
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
    )
    external_party_id = fields.Many2one(
        comodel_name="res.partner",
        tracking=True,
        help="The integrator or provider REVO awaits in Internal Review "
        "(for example UBER).",
    )
    dev_reference = fields.Char(
        string="Development Reference",
        tracking=True,
        index="trigram",
        copy=False,
        help="The key of the issue in the development team's own tracker.",
    )
    dev_url = fields.Char(
        string="Development Link",
        copy=False,
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
    )
    support_hours = fields.Float(
        string="Hours With Support",
        compute="_compute_side_hours",
        store=True,
        aggregator="sum",
    )
    development_hours = fields.Float(
        string="Hours With Development",
        compute="_compute_side_hours",
        store=True,
        aggregator="sum",
    )

    _reminder_scan_idx = models.Index("(stage_owner, last_action_date)")
    # The kanban reads each stage column's first cards, and a search its first
    # cards, in helpdesk_mgmt's order ("priority desc, sequence, number desc,
    # id desc"): walking these indexes, PostgreSQL reads 40 tickets instead
    # of sorting all of them.
    _kanban_order_idx = models.Index("(priority DESC, sequence, number DESC, id DESC)")
    _kanban_stage_order_idx = models.Index(
        "(stage_id, priority DESC, sequence, number DESC, id DESC)"
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
        if user.share:
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
        # Tickets created together mostly share their team and entry stage:
        # each is looked up once for the batch.
        lookups = {}
        for vals in vals_list:
            self._prepare_reseller_workflow_vals(vals, lookups)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_facts_writable(vals)
        if "duplicate_id" in vals:
            self.browse(vals["duplicate_id"]).check_access("read")
        if "stage_id" in vals or "user_id" in vals:
            vals = dict(vals, last_action_date=fields.Datetime.now())
        if "origin" in vals:
            self._check_origin_writable()
        if "partner_id" in vals or "reseller_id" in vals:
            self._check_reseller_vals(vals)
        if not vals.get("stage_id"):
            result = super().write(vals)
            if vals.get("user_id"):
                self._move_on_assignment()
            return result
        stage_to = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        moving = self.filtered(lambda ticket: ticket.stage_id != stage_to)
        transitions = moving._check_stage_move(stage_to, vals)
        move_vals_list = moving._prepare_move_log_vals(stage_to, transitions)
        vals = dict(vals, **stage_to._get_reached_flags())
        result = super().write(vals)
        moving._log_moves(move_vals_list)
        moving._schedule_move_activities(transitions)
        return result

    def _check_workflow_facts_writable(self, vals):
        if self.env.su:
            return
        facts = [name for name in WORKFLOW_FACTS if name in vals]
        if facts:
            raise UserError(
                self.env._(
                    "%(fields)s are kept by the reseller workflow and cannot be "
                    "written by hand.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in facts
                    ),
                )
            )

    def message_post(self, **kwargs):
        # mail lets followers post on documents they cannot read; a reseller
        # added as follower of another reseller's ticket must not.
        if not self.env.su:
            self.check_access("read")
        if not (self.origin and kwargs.get("message_type") in ("comment", "email")):
            return super().message_post(**kwargs)
        side = self._get_partner_side(
            self.env["res.partner"].browse(kwargs.get("author_id"))
            or self.env.user.partner_id
        )
        kwargs = self._prepare_audience(kwargs, side)
        message = super().message_post(**kwargs)
        if message.subtype_id.internal:
            # Files of internal posts follow the message's access (REVO notes,
            # reseller-REVO messages), not the ticket's: the client's portal
            # lists every file of its ticket.
            message.attachment_ids.sudo().write(
                {"res_model": message._name, "res_id": message.id}
            )
        self.sudo().last_action_date = fields.Datetime.now()
        if side == "client":
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
        the same create."""
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
            return
        origin = origin or "reseller"
        vals["origin"] = origin
        # helpdesk_mgmt's auto-assignment assigns the author; only REVO staff
        # are assigned to reseller-workflow tickets, never OdooBot (the mail
        # gateway, data imports).
        assignee = self.env["res.users"].browse(vals.get("user_id", user.id))
        if assignee and (
            assignee.share or assignee._is_superuser() or assignee._is_reseller_user()
        ):
            vals["user_id"] = False
        if not vals.get("reseller_id"):
            reseller = partner._get_serving_reseller() or user._get_reseller_partner()
            vals["reseller_id"] = reseller.id
        self._check_reseller_vals(vals)
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        if team not in stage.team_ids:
            if ("stage", team, origin) not in lookups:
                lookups["stage", team, origin] = (
                    stage._get_entry_stage(team, origin)
                    or team._get_applicable_stages()[:1]
                )
            stage = lookups["stage", team, origin]
            vals["stage_id"] = stage.id
        vals.update(stage._get_reached_flags())

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
    def _get_partner_side(self, partner):
        """Who writes: 'revo' (REVO staff), 'reseller' (a reseller's staff) or
        'client' (anyone else: a client, or an unknown sender)."""
        users = partner.sudo().user_ids.filtered(lambda user: not user.share)
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
        for transition_id, stage_ids, domain in table:
            tickets = self.browse().union(
                *(by_stage[stage_id] for stage_id in stage_ids & by_stage.keys())
            )
            if tickets and not domain.is_true():
                tickets = tickets.filtered_domain(domain)
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
        is_manager = self.env.user.has_group("revo_helpdesk.group_manager")
        for ticket in in_workflow:
            transition = allowed[ticket].filtered(lambda t: t.stage_to_id == stage_to)[
                :1
            ]
            if transition:
                ticket._check_transition_requirement(transition, vals)
            elif not is_manager:
                raise UserError(
                    ticket._get_refused_move_message(stage_to, allowed[ticket])
                )
            transitions[ticket] = transition
        return transitions

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
        self.ensure_one()
        if transition._needs_form():
            if self._get_authorised_transition(transition.stage_to_id) != transition:
                raise UserError(
                    self.env._(
                        "Moving %(ticket)s to %(stage)s needs %(requirement)s: use "
                        "the '%(button)s' button on the ticket.",
                        ticket=self.display_name,
                        stage=transition.stage_to_id.name,
                        requirement=self._get_requirement_label(transition),
                        button=transition.name,
                    )
                )
            return
        field_name = transition._get_required_ticket_field()
        if field_name and not vals.get(field_name, self[field_name]):
            raise UserError(
                self.env._(
                    "Moving %(ticket)s to %(stage)s needs %(field)s: fill it in or "
                    "use the '%(button)s' button on the ticket.",
                    ticket=self.display_name,
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
        return [
            {
                "ticket_id": ticket.id,
                "stage_from_id": ticket.stage_id.id,
                "stage_to_id": stage_to.id,
                "transition_id": transitions.get(
                    ticket, self.env["revo.helpdesk.transition"]
                ).id,
                "override": ticket in transitions and not transitions[ticket],
                "side": ticket.stage_id.owner,
                "reseller_id": ticket.reseller_id.id,
                "ticket_escalated": ticket.escalated,
                "duration_hours": (
                    (
                        now - (ticket.last_stage_update or ticket.create_date or now)
                    ).total_seconds()
                    / 3600.0
                ),
                "user_id": self.env.uid,
                "date": now,
            }
            for ticket in self.filtered(lambda ticket: ticket.stage_id.owner)
        ]

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
                    )

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
        Progress - REVO Support in the seeded moves), as the assignee may."""
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
        if transition._needs_form() or transition._get_required_ticket_field():
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
        confirmation = self.env.ref("revo_helpdesk.stage_confirmation_reseller")
        allowed = self._get_allowed_transitions()
        by_transition = defaultdict(self.browse)
        for ticket in self:
            transition = allowed[ticket].filtered(
                lambda t: t.stage_to_id == confirmation
            )
            if not transition:
                raise UserError(
                    ticket._get_refused_move_message(confirmation, allowed[ticket])
                )
            by_transition[transition[:1]] |= ticket
        for transition, tickets in by_transition.items():
            with tickets._authorise_transition(transition):
                tickets.write({"stage_id": confirmation.id})
        for ticket in self:
            ticket._post_support_message(
                self.env._(
                    "The fix for this ticket shipped in release %(release)s. "
                    "Please check that it works and confirm.",
                    release=release.name,
                )
            )

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
        summary = self.env._("No action for %(days)s days", days=days)
        template = self.env.ref("revo_helpdesk.mail_template_inactivity_reminder")
        for users, tickets in self._group_by_side_users(side).items():
            for user in users:
                # The reminder email says it all: no second "assigned to
                # you" one.
                tickets.with_context(mail_activity_quick_update=True).activity_schedule(
                    act_type_xmlid="mail.mail_activity_data_todo",
                    summary=summary,
                    user_id=user.id,
                )
            for lang, partners in users.partner_id.grouped("lang").items():
                template.with_context(lang=lang, revo_idle_days=days).send_mail_batch(
                    tickets.ids,
                    email_values={"recipient_ids": [(6, 0, partners.ids)]},
                )
            body = self.env._(
                "Reminder sent to %(people)s: no note, message or action for "
                "%(days)s days.",
                people=", ".join(users.mapped("name")) or self.env._("nobody"),
                days=days,
            )
            tickets._message_log_batch(dict.fromkeys(tickets.ids, body))
