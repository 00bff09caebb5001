# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Answer timeout: a ticket waiting for the reseller's confirmation closes
unanswered."""

import logging

from odoo import api, fields, models
from odoo.tools import format_datetime

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

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

    @api.model
    def _get_answer_timeout_days(self):
        """Business days a ticket waits for an answer before its timeout move
        (0: never)."""
        return self.env["res.config.settings"]._get_revo_setting(
            "revo_answer_timeout_days"
        )

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
            self._stop_answer_clock()

    def _stop_answer_clock(self):
        """The ticket waits for no answer any more: no timeout, no reminder."""
        self.filtered("answer_deadline").sudo().write(
            {"answer_deadline": False, "answer_reminder_date": False}
        )

    def _start_answer_clock(self, now):
        """Start (or, on an answer, restart) the wait for an answer: the
        timeout falls after the set business days, its reminder one business
        day before."""
        days = self._get_answer_timeout_days()
        if days <= 0:
            self._stop_answer_clock()
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
        """Remind, then resolve, the tickets whose answer is overdue. The
        tickets another cron worker is handling at the same moment are left
        to it (skipped, not waited for), so that none is reminded or closed
        twice."""
        now = fields.Datetime.now()
        tickets = self.sudo()
        waiting = tickets.search(
            [("answer_deadline", "!=", False)]
        ).try_lock_for_update(allow_referencing=True)
        days = self._get_answer_timeout_days()
        if days <= 0:
            # Turned off: nothing pending closes any more.
            waiting._stop_answer_clock()
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
            self._stop_answer_clock()
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
