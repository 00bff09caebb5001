# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sides: the people of each side, who the ticket waits on, the stage-change log and
hours per side."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    stage_owner = fields.Selection(
        related="stage_id.owner",
        store=True,
        string="Side",
    )
    waiting_on = fields.Selection(
        selection=[
            ("client", "Client"),
            ("reseller", "Reseller"),
            ("support", "REVO Support"),
            ("development", "REVO Development"),
            ("nobody", "Nobody (closed)"),
        ],
        compute="_compute_waiting_on",
        store=True,
        index=True,
        help="Who must act next on the ticket: the client while it awaits "
        "their answer, else the side whose stage it sits in; nobody once "
        "it is closed.",
    )
    waiting_on_my_side = fields.Boolean(
        compute="_compute_waiting_on_my_side",
        search="_search_waiting_on_my_side",
        help="The ticket sits in a stage owned by the current user's side.",
    )
    on_my_board = fields.Boolean(
        compute="_compute_on_my_board",
        search="_search_on_my_board",
        help="The ticket belongs on the current user's board: REVO Support's "
        "columns for CX agents, development's for developers; a reseller's "
        "board holds its own columns and Backlog - REVO Support, a manager's "
        "the whole workflow.",
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

    @api.depends("stage_id.owner", "stage_id.waiting_on_client", "stage_id.closed")
    def _compute_waiting_on(self):
        for ticket in self:
            stage = ticket.stage_id
            if stage.closed:
                ticket.waiting_on = "nobody"
            elif stage.waiting_on_client:
                ticket.waiting_on = "client"
            else:
                ticket.waiting_on = stage.owner

    @api.depends("stage_owner")
    @api.depends_context("uid")
    def _compute_waiting_on_my_side(self):
        sides = self.env.user._get_owned_stage_sides()
        for ticket in self:
            ticket.waiting_on_my_side = ticket.stage_owner in sides

    @api.depends("stage_id")
    @api.depends_context("uid")
    def _compute_on_my_board(self):
        board = self._get_board_stage_domain()
        on_board = self.stage_id.filtered_domain(board)
        for ticket in self:
            ticket.on_my_board = ticket.stage_id in on_board

    def _search_on_my_board(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        if self.env.user._is_reseller_user():
            # A reseller follows its cases at REVO too: every one of its
            # tickets is on its board, in its column.
            board = Domain.TRUE
        else:
            board = Domain("stage_id", "any", self._get_board_stage_domain())
        return board if (operator == "in") == (True in value) else ~board

    @api.model
    def _get_board_stage_domain(self):
        """The columns of the current user's board. The guide's sides each
        work their own: CX agents REVO Support's columns, developers
        development's, resellers theirs and Backlog - REVO Support ("cases
        opened by resellers appear in the Backlog - REVO Support column");
        managers oversee the whole workflow."""
        user = self.env.user
        if user.has_group("revo_helpdesk.group_manager"):
            return Domain.TRUE
        if user._is_reseller_user():
            backlog = self.env.ref("revo_helpdesk.stage_backlog_revo_support")
            return Domain("owner", "=", "reseller") | Domain("id", "=", backlog.id)
        return Domain("owner", "in", user._get_owned_stage_sides())

    @api.model
    def _get_tickets_action(self, domain, name):
        """The tickets of `domain` (a release's, an incident's) as a list,
        whatever board they sit on: the reseller support action without its
        "My board" filter."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "revo_helpdesk.helpdesk_ticket_action_reseller_support"
        )
        context = dict(safe_eval(action.get("context") or "{}"))
        context.pop("search_default_my_board", None)
        action.update(
            {
                "domain": domain,
                "context": context,
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
                "name": name,
            }
        )
        return action

    @api.model
    def _is_board_domain(self, domain):
        """Whether a search is the user's board (its "My board" filter)."""
        return any(
            condition.field_expr == "on_my_board"
            for condition in Domain(domain or []).iter_conditions()
        )

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

    @api.model
    def _split_by_language(self, tickets_by_users):
        """For what is written to people in their own language: each group
        of `tickets_by_users` (as _group_by_side_users gives it) as
        (tickets, lang, partners), one per language of its people."""
        return [
            (tickets, lang, partners)
            for users, tickets in tickets_by_users.items()
            for lang, partners in users.partner_id.grouped("lang").items()
        ]

    def action_view_stage_history(self):
        """The ticket's stage changes, opened from its form rather than read
        with it: most opens do not look at them."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Move History of %s", self.display_name),
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
