# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service targets: the first-response deadline of the category, on the team's working
hours."""

from odoo import api, fields, models
from odoo.fields import Domain


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

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
