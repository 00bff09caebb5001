# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Workflow moves: the transition table applied to tickets, assignment, escalation and
hand-backs."""

from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError

# Whether a ticket meets what a move's stage needs of it
# (revo.helpdesk.transition._get_stage_need).
STAGE_NEEDS = {
    "reseller": lambda ticket: bool(ticket.reseller_id),
    "development": lambda ticket: not ticket.needs_development_confirmation,
}
# Where the moves authorised by a form or a release wait for their write: the
# cursor's cache, out of reach of RPC (unlike the context).
AUTHORISED_MOVES = "revo_helpdesk.authorised_moves"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    escalated = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="A client ticket that its reseller escalated to REVO.",
    )
    reached_development = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The ticket has been in a development stage; REVO developers keep "
        "seeing it afterwards.",
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
        help="What you can do with this ticket from the stage it is in.",
        # Active moves only, from the cached move table: reading the value
        # need not check each move's active flag in the database.
        context={"active_test": False},
    )
    # The stage bar's clickable stages: each stage a move button goes to, with
    # the move a click makes ({stage id: transition id}).
    revo_stage_moves = fields.Json(compute="_compute_revo_stage_moves")
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
    cancel_reason = fields.Selection(
        selection=[
            ("duplicate", "Duplicate"),
            ("error", "Opened in error"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )

    @api.depends("stage_id", "origin", "escalated", "reached_revo")
    @api.depends_context("uid")
    def _compute_allowed_transition_ids(self):
        allowed = self._get_allowed_transitions()
        for ticket in self:
            ticket.allowed_transition_ids = allowed[ticket]

    @api.depends("allowed_transition_ids")
    @api.depends_context("uid")
    def _compute_revo_stage_moves(self):
        for ticket in self:
            moves = {}
            # The table's order: the first move to a stage is its click.
            for transition in ticket.allowed_transition_ids:
                moves.setdefault(str(transition.stage_to_id.id), transition.id)
            ticket.revo_stage_moves = moves

    def _get_allowed_transitions(self, user=None):
        """Map each ticket to the moves `user` (the current user by default)
        may make from its current stage. The single reading of the move table
        shared by the server check, the buttons and the portal."""
        user = user or self.env.user
        Transition = self.env["revo.helpdesk.transition"].sudo()
        allowed = defaultdict(Transition.browse)
        by_stage = self.grouped(lambda ticket: ticket.stage_id.id)
        table = Transition._get_transition_table(user._get_group_ids())
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

    def _check_move(self, stage_to, vals):
        """Check that these tickets may move to `stage_to` with `vals`;
        return the transition each follows and the values of their move log."""
        if not self:
            return {}, []
        self._check_development_confirmed(stage_to)
        transitions = self._check_stage_move(stage_to, vals)
        return transitions, self._prepare_move_log_vals(stage_to, transitions)

    def _after_move(self, stage_to, transitions, move_log):
        """What follows these tickets' move to `stage_to`: their clocks, the
        move log, the to-dos of the stages left and reached, and the tickets
        attached to a resolved incident."""
        if not self:
            return
        self._update_clocks_on_move(stage_to)
        self._log_moves(move_log)
        self._drop_stage_todos()
        self._schedule_move_activities(transitions)
        self._hand_back_incident_tickets()

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

    def _move_on_assignment(self):
        """Taking a ticket starts the work on it (Backlog - REVO Support to In
        Progress - REVO Support in the seeded moves), as the assignee may.
        Only REVO staff assign (TICKET_WRITABLE_FIELDS)."""
        for assignee, tickets in self.grouped("user_id").items():
            if not assignee:
                continue
            allowed = tickets._get_allowed_transitions(assignee)
            by_transition = tickets._group_by_first_transition(
                allowed, lambda t: t.on_assignment
            )
            for transition, moved in by_transition.items():
                with moved._authorise_transition(transition):
                    moved.sudo().write({"stage_id": transition.stage_to_id.id})

    def _group_by_first_transition(self, allowed, accepts):
        """Group these tickets by the first of their `allowed` transitions
        (as _get_allowed_transitions gives them) that `accepts`; the
        tickets with none are left out."""
        groups = defaultdict(self.browse)
        for ticket in self:
            transition = allowed[ticket].filtered(accepts)[:1]
            if transition:
                groups[transition] |= ticket
        return groups

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

    def _hand_back_for_confirmation(self, body, strict=True):
        """Move the tickets to Confirmation - Reseller along the moves the
        current user may make from their stages, each with `body` as REVO's
        message to its reseller: how a system action (a release shipped, an
        incident resolved) speaks for each ticket's move. With `strict`, a
        ticket without such a move stops everything before anything is
        written; otherwise it stays where it is. Return the tickets moved."""
        confirmation = self.env.ref("revo_helpdesk.stage_confirmation_reseller")
        allowed = self._get_allowed_transitions()
        by_transition = self._group_by_first_transition(
            allowed, lambda t: t.stage_to_id == confirmation
        )
        if strict:
            stuck = self - self.browse().union(*by_transition.values())
            # A ticket without reseller (an incident) has nobody to confirm:
            # it stays where it is, for REVO to close.
            for ticket in stuck.filtered("reseller_id")[:1]:
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

    def _post_client_note(self, body, attachment_ids=None):
        """Add Note: the client reads it on the portal; nobody is notified."""
        self.ensure_one()
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="revo_helpdesk.mt_client_note",
            partner_ids=[],
            attachment_ids=attachment_ids or [],
        )

    def action_drop_on_stage(self, stage_id):
        """A card dropped on a kanban column: the form of the move there when
        that move asks for input, else nothing and the kanban writes the
        stage (the write checks the move)."""
        self.ensure_one()
        self.check_access("write")
        stage = self.env["helpdesk.ticket.stage"].browse(stage_id).exists()
        moves = self._get_allowed_transitions()[self].filtered(
            lambda t: t.stage_to_id == stage
        )
        if not moves or any(move._is_direct() for move in moves):
            return False
        return self.action_move(moves[0].id)

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

    def _post_development_handover(self, body, attachment_ids=None):
        """What REVO support hands over to development: a note inside REVO
        that tells the developers who work the ticket."""
        self.ensure_one()
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=self._get_side_users("development").partner_id.ids,
            attachment_ids=attachment_ids or [],
        )
