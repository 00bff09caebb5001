# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.revo_helpdesk.models import helpdesk_ticket_reminder

from .common import RevoHelpdeskCase

START = "2026-11-02 09:00:00"


class TestInactivityReminders(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(START):
            cls.ticket = cls._create_client_ticket(cls.portal_user_a, "Idle printer")
            cls.other_tickets = cls.Ticket.browse()
        cls.cron = cls.env.ref("revo_helpdesk.ir_cron_inactivity_reminder")

    def _run_cron(self, when):
        """The daily cron's method, as its user (not in sudo mode); a test may
        not commit its batches."""
        with (
            freeze_time(when),
            patch.object(IrCron, "_commit_progress", autospec=True, return_value=60.0),
        ):
            self.Ticket.with_user(self.cron.user_id)._cron_send_inactivity_reminders()
        self.env.invalidate_all()

    def test_daily_cron(self):
        cron = self.env.ref("revo_helpdesk.ir_cron_inactivity_reminder")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_send_inactivity_reminders()")
        self.assertTrue(cron.active)

    def _reminders(self, ticket):
        return ticket.message_ids.filtered(lambda m: "Reminder sent" in str(m.body))

    def test_six_idle_days_send_nothing(self):
        self._run_cron("2026-11-08 10:00:00")
        self.assertFalse(self._reminders(self.ticket))
        self.assertFalse(self.ticket.activity_ids)

    def test_eight_idle_days_remind_the_reseller_once(self):
        self._run_cron("2026-11-10 10:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 1)
        self.assertEqual(self.ticket.activity_ids.user_id, self.reseller_user_a)
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.ticket.id),
                ("subject", "ilike", "is waiting for you"),
            ]
        )
        self.assertEqual(mails.recipient_ids, self.reseller_user_a.partner_id)
        self.assertIn(self.ticket.number, mails.subject)
        self._run_cron("2026-11-10 18:00:00")
        self._run_cron("2026-11-11 10:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 1, "never twice")
        self.ticket.with_user(self.reseller_user_a).stage_id = self._stage(
            "in_progress_reseller"
        )
        self.assertFalse(self.ticket.activity_ids, "moved on: the to-do is gone")

    def test_reminder_speaks_the_resellers_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["revo_helpdesk"], ["es_ES"])
        self.reseller_user_a.lang = "es_ES"
        self.portal_user_a.lang = "en_US"
        self._run_cron("2026-11-10 10:00:00")
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.ticket.id),
                ("subject", "like", self.ticket.number),
            ],
            order="id desc",
            limit=1,
        )
        self.assertEqual(
            mail.subject, f"El ticket {self.ticket.number} está pendiente de ti"
        )
        self.assertEqual(
            self.ticket.activity_ids.summary, "Sin acciones desde hace 7 días"
        )

    def test_next_reminder_after_another_idle_period(self):
        self._run_cron("2026-11-10 10:00:00")
        self._run_cron("2026-11-16 10:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 1)
        self._run_cron("2026-11-17 11:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 2)

    def test_reminder_is_not_an_action(self):
        before = self.ticket.last_action_date
        self._run_cron("2026-11-10 10:00:00")
        self.assertEqual(self.ticket.last_action_date, before)

    def test_a_note_resets_the_clock(self):
        with freeze_time("2026-11-07 09:00:00"):
            self.ticket.with_user(self.reseller_user_a).message_post(
                body="Asked the client for a photo",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._run_cron("2026-11-10 10:00:00")
        self.assertFalse(self._reminders(self.ticket))
        self._run_cron("2026-11-14 10:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 1)

    def test_stage_change_and_assignment_are_actions(self):
        with freeze_time("2026-11-07 09:00:00"):
            self.ticket.with_user(self.reseller_user_a).stage_id = self._stage(
                "in_progress_reseller"
            )
        self.assertEqual(str(self.ticket.last_action_date), "2026-11-07 09:00:00")
        with freeze_time("2026-11-08 09:00:00"):
            self.ticket.sudo().user_id = self.agent
        self.assertEqual(str(self.ticket.last_action_date), "2026-11-08 09:00:00")

    def test_only_client_tickets_sitting_with_the_reseller(self):
        with freeze_time(START):
            reseller_ticket = self._create_reseller_ticket(self.reseller_user_a)
            reseller_ticket.sudo().stage_id = self._stage("backlog_reseller")
            with_support = self._create_client_ticket(self.portal_user_a, "Escalated")
            with_support.sudo().stage_id = self._stage("in_progress_revo_support")
            resolved = self._create_client_ticket(self.portal_user_a, "Done")
            resolved.sudo().stage_id = self._stage("resolved")
            in_development = self._create_client_ticket(self.portal_user_a, "Bug")
            in_development.sudo().stage_id = self._stage("backlog_dev")
        self._run_cron("2026-11-20 10:00:00")
        for ticket in (reseller_ticket, with_support, resolved, in_development):
            self.assertFalse(self._reminders(ticket), ticket.name)
        self.assertTrue(self._reminders(self.ticket))

    def test_setting_changes_the_threshold(self):
        settings = Form(self.env["res.config.settings"])
        settings.revo_reminder_days = 3
        settings.save().execute()
        self._run_cron("2026-11-06 10:00:00")
        self.assertEqual(len(self._reminders(self.ticket)), 1)

    def test_setting_zero_turns_reminders_off(self):
        self.env["ir.config_parameter"].set_param("revo_helpdesk.reminder_days", 0)
        self._run_cron("2026-11-30 10:00:00")
        self.assertFalse(self._reminders(self.ticket))

    def test_negative_setting_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["res.config.settings"].create({"revo_reminder_days": -1})

    def test_support_side_when_turned_on(self):
        with freeze_time(START):
            with_support = self._create_client_ticket(self.portal_user_a, "Escalated")
            with_support.sudo().write(
                {
                    "stage_id": self._stage("in_progress_revo_support").id,
                    "user_id": self.agent.id,
                }
            )
        self.env["ir.config_parameter"].set_param(
            "revo_helpdesk.support_reminder_days", 2
        )
        self._run_cron("2026-11-05 10:00:00")
        self.assertEqual(with_support.activity_ids.user_id, self.agent)

    def test_a_failing_ticket_does_not_stop_the_batch(self):
        with freeze_time(START):
            second = self._create_client_ticket(self.portal_user_a, "Second")
        original = type(self.Ticket)._send_inactivity_reminder

        def flaky(tickets, side, days):
            if self.ticket in tickets:
                raise ValueError("mail server on fire")
            return original(tickets, side, days)

        with (
            patch.object(type(self.Ticket), "_send_inactivity_reminder", flaky),
            self.assertLogs(
                "odoo.addons.revo_helpdesk.models.helpdesk_ticket_reminder", "ERROR"
            ),
        ):
            self._run_cron("2026-11-10 10:00:00")
        self.assertFalse(self._reminders(self.ticket))
        self.assertFalse(self.ticket.last_reminder_date, "retried on the next run")
        self.assertTrue(self._reminders(second))

    def test_out_of_time_run_resumes_without_sending_twice(self):
        """The scheduler stops a run whose time is up (_commit_progress
        returns 0); the next run sends the rest, and nothing twice."""
        with freeze_time(START):
            others = self.Ticket.browse(
                [
                    self._create_client_ticket(self.portal_user_a, f"Idle {i}").id
                    for i in range(2)
                ]
            )
        everyone = self.ticket | others
        with (
            freeze_time("2026-11-10 10:00:00"),
            patch.object(helpdesk_ticket_reminder, "REMINDER_BATCH_SIZE", 1),
            patch.object(IrCron, "_commit_progress", autospec=True, return_value=0),
        ):
            self.Ticket._cron_send_inactivity_reminders()
        self.env.invalidate_all()
        self.assertEqual(len(everyone.filtered("last_reminder_date")), 1)
        self._run_cron("2026-11-10 11:00:00")
        for ticket in everyone:
            self.assertEqual(len(self._reminders(ticket)), 1, ticket.name)

    def test_reminder_cost_does_not_depend_on_ticket_count(self):
        """Tickets held by the same people are reminded of together: three
        or nine due tickets of one reseller cost the same queries."""
        self.env["ir.config_parameter"].set_param("revo_helpdesk.reminder_days", 3)
        with freeze_time(START):
            for index in range(2):
                self._create_client_ticket(self.portal_user_a, f"Idle {index}")
        self._run_cron("2026-11-06 10:00:00")  # warm-up: one reminder, caches
        with freeze_time("2026-11-06 10:00:00"):
            for index in range(6):
                self._create_client_ticket(self.portal_user_a, f"Later {index}")
        self.env.flush_all()
        self.env.invalidate_all()
        # Measured: 39 and 37 queries (ticket by ticket, 32 per ticket).
        with self.assertQueryCount(41):
            self._run_cron("2026-11-10 11:00:00")  # three due
        with self.assertQueryCount(41):
            self._run_cron(
                "2026-11-14 12:00:00"
            )  # nine: the three again, the six later ones

    def test_scan_cost_does_not_depend_on_ticket_count(self):
        """The daily scan when nothing is due: a fixed number of queries."""
        with freeze_time(START):
            for index in range(20):
                self._create_client_ticket(self.portal_user_a, f"Busy {index}")
        self.env.invalidate_all()
        with freeze_time("2026-11-03 10:00:00"), self.assertQueryCount(4):
            self.Ticket._cron_send_inactivity_reminders()
