# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError

from .common import MONDAY, ServiceTargetCase, at


class TestAnswerTimeout(ServiceTargetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("revo_helpdesk.ir_cron_close_unanswered")

    def _waiting_for_confirmation(self, when=None):
        """A ticket that REVO handed back for confirmation at `when`."""
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().stage_id = self._stage("in_progress_revo_support")
        with freeze_time(when or at(MONDAY, "10:00:00")):
            ticket.sudo().stage_id = self._stage("confirmation_reseller")
        return ticket

    def _run_cron(self, when):
        with freeze_time(when):
            self.Ticket.with_user(self.cron.user_id)._cron_close_unanswered()
        self.env.invalidate_all()

    def _messages(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in str(m.body))

    def test_hourly_cron(self):
        self.assertEqual(
            (self.cron.interval_number, self.cron.interval_type), (1, "hours")
        )
        self.assertTrue(self.cron.active)

    def test_deadline_and_reminder_in_business_days(self):
        ticket = self._waiting_for_confirmation()
        self.assertEqual(ticket.answer_deadline, at("2026-11-05", "10:00:00"))
        self.assertEqual(ticket.answer_reminder_date, at("2026-11-04", "10:00:00"))

    def test_weekend_and_holiday_are_not_counted(self):
        self.team.resource_calendar_id = self._create_calendar(holidays=["2026-11-09"])
        ticket = self._waiting_for_confirmation(at("2026-11-05", "15:00:00"))
        # Thursday 15:00 + 3 days: Friday, (weekend, holiday Monday) Tuesday,
        # Wednesday 15:00.
        self.assertEqual(ticket.answer_deadline, at("2026-11-11", "15:00:00"))

    def test_reminder_one_business_day_before_then_closed(self):
        ticket = self._waiting_for_confirmation()
        self._run_cron(at("2026-11-04", "09:00:00"))
        self.assertFalse(self._messages(ticket, "No answer yet"))
        self._run_cron(at("2026-11-04", "10:30:00"))
        reminder = self._messages(ticket, "No answer yet")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(
            reminder.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn(self.reseller_user_a.partner_id, reminder.partner_ids)
        self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
        self._run_cron(at("2026-11-04", "11:30:00"))
        self.assertEqual(len(self._messages(ticket, "No answer yet")), 1, "once")
        self._run_cron(at("2026-11-05", "10:30:00"))
        self.assertEqual(ticket.stage_id, self._stage("resolved"))
        closing = self._messages(ticket, "Closed automatically")
        self.assertEqual(len(closing), 1)
        self.assertIn("3", str(closing.body))
        self.assertFalse(ticket.answer_deadline)
        move = self._last_move(ticket)
        self.assertEqual(
            move.transition_id, self.env.ref("revo_helpdesk.transition_reseller_works")
        )
        self.assertFalse(move.override)

    def test_an_answer_stops_the_timeout(self):
        ticket = self._waiting_for_confirmation()
        with freeze_time(at("2026-11-04", "11:00:00")):
            ticket.with_user(self.reseller_user_a).message_post(
                body="Still testing with the client", message_type="comment"
            )
        self._run_cron(at("2026-11-05", "10:30:00"))
        self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
        self.assertFalse(self._messages(ticket, "Closed automatically"))
        # A new wait starts from the answer.
        self.assertEqual(ticket.answer_deadline, at("2026-11-09", "11:00:00"))

    def test_a_client_reply_is_an_answer_too(self):
        ticket = self._waiting_for_confirmation()
        with freeze_time(at("2026-11-04", "11:00:00")):
            ticket.with_user(self.portal_user_a).sudo().message_post(
                body="It works now",
                message_type="comment",
                author_id=self.portal_user_a.partner_id.id,
            )
        self.assertEqual(ticket.answer_deadline, at("2026-11-09", "11:00:00"))

    def test_revo_message_is_no_answer(self):
        ticket = self._waiting_for_confirmation()
        with freeze_time(at("2026-11-04", "11:00:00")):
            ticket.with_user(self.agent).message_post(
                body="Did it work?", message_type="comment"
            )
        self.assertEqual(ticket.answer_deadline, at("2026-11-05", "10:00:00"))

    def test_leaving_the_stage_stops_the_wait(self):
        ticket = self._waiting_for_confirmation()
        ticket.sudo().stage_id = self._stage("backlog_revo_support")
        self.assertFalse(ticket.answer_deadline)
        self._run_cron(at("2026-11-06", "10:30:00"))
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))

    def test_zero_days_turns_it_off(self):
        self.env["ir.config_parameter"].set_param(
            "revo_helpdesk.confirmation_timeout_days", "0"
        )
        ticket = self._waiting_for_confirmation()
        self.assertFalse(ticket.answer_deadline)

    def test_turning_it_off_cancels_pending_closes(self):
        ticket = self._waiting_for_confirmation()
        self.env["ir.config_parameter"].set_param(
            "revo_helpdesk.confirmation_timeout_days", "0"
        )
        self._run_cron(at("2026-11-06", "10:30:00"))
        self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
        self.assertFalse(ticket.answer_deadline)

    def test_overdue_ticket_is_closed_without_a_late_reminder(self):
        ticket = self._waiting_for_confirmation()
        self._run_cron(at("2026-11-06", "10:30:00"))
        self.assertEqual(ticket.stage_id, self._stage("resolved"))
        self.assertFalse(self._messages(ticket, "No answer yet"))

    def test_answer_facts_are_not_written_by_hand(self):
        ticket = self._waiting_for_confirmation()
        with self.assertRaises(UserError):
            ticket.with_user(self.reseller_user_a).answer_deadline = False
        self.assertTrue(ticket.answer_deadline)

    def test_card_and_form_show_when_it_closes(self):
        """A ticket in Confirmation - Reseller closes by itself: its card and
        its form, as the reseller sees them, show the date, so the reseller
        is never surprised."""
        ticket = self._waiting_for_confirmation()
        views = ticket.with_user(self.reseller_user_a).get_views(
            [(False, "kanban"), (False, "form")]
        )["views"]
        kanban = etree.fromstring(views["kanban"]["arch"])
        card = kanban.xpath("//t[@t-name='card']")[0]
        closes = card.xpath(".//*[@name='revo_closes_unanswered']")
        self.assertTrue(closes)
        self.assertTrue(closes[0].xpath(".//field[@name='answer_deadline']"))
        self.assertEqual(closes[0].get("invisible"), "not answer_deadline")
        form = etree.fromstring(views["form"]["arch"])
        alert = form.xpath("//div[@name='revo_closes_unanswered']")
        self.assertTrue(alert)
        self.assertIn("resolved automatically", "".join(alert[0].itertext()))
        self.assertTrue(alert[0].xpath(".//field[@name='answer_deadline']"))
        data = ticket.with_user(self.reseller_user_a).web_read({"answer_deadline": {}})
        self.assertEqual(data[0]["answer_deadline"], ticket.answer_deadline)


class TestQuestionConfirmation(ServiceTargetCase):
    def _question_with_support(self, category=None):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), category or self.question)
        ticket.sudo().stage_id = self._stage("in_progress_revo_support")
        return ticket

    def _send_to_development(self, ticket):
        """Send to development, through the form that asks for its message."""
        action = ticket.with_user(self.agent).action_move(
            self.env.ref("revo_helpdesk.transition_support_to_development").id
        )
        self.env[action["res_model"]].with_user(self.agent).with_context(
            **action["context"]
        ).create({"body": "<p>Please look at it.</p>"}).action_confirm()

    def test_question_needs_confirmation_before_development(self):
        ticket = self._question_with_support()
        self.assertTrue(ticket.needs_development_confirmation)
        self.assertNotIn(
            self._stage("backlog_dev"),
            ticket.with_user(self.agent).allowed_transition_ids.stage_to_id,
            "no button for a move the ticket may not make yet",
        )
        with self.assertRaises(UserError) as caught:
            self._send_to_development(ticket)
        self.assertIn("Confirm Development", str(caught.exception))
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))
        ticket.with_user(self.agent).action_confirm_development()
        self.assertTrue(ticket.development_confirmed)
        self.assertIn("confirmed with the client", str(ticket.message_ids[0].body))
        self._send_to_development(ticket)
        self.assertEqual(ticket.stage_id, self._stage("backlog_dev"))

    def test_reaching_development_ends_the_need_for_confirmation(self):
        ticket = self._question_with_support()
        self.assertTrue(ticket.needs_development_confirmation)
        ticket.sudo().reached_development = True
        self.assertFalse(
            ticket.needs_development_confirmation,
            "recomputed when the ticket reaches development, not kept from cache",
        )

    def test_manager_cannot_skip_the_confirmation(self):
        ticket = self._question_with_support()
        with self.assertRaises(UserError):
            ticket.with_user(self.manager).stage_id = self._stage("backlog_dev")
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))

    def test_other_categories_go_straight_to_development(self):
        ticket = self._question_with_support(self.server)
        self.assertFalse(ticket.needs_development_confirmation)
        self._send_to_development(ticket)
        self.assertEqual(ticket.stage_id, self._stage("backlog_dev"))

    def test_only_support_confirms(self):
        ticket = self._question_with_support()
        ticket.sudo().stage_id = self._stage("in_progress_reseller")
        with self.assertRaises(UserError):
            ticket.with_user(self.reseller_user_a).action_confirm_development()
        with self.assertRaises(UserError):
            ticket.with_user(self.reseller_user_a).development_confirmed = True
        self.assertFalse(ticket.development_confirmed)

    def test_confirming_twice_is_refused(self):
        ticket = self._question_with_support()
        ticket.with_user(self.agent).action_confirm_development()
        with self.assertRaises(UserError) as caught:
            ticket.with_user(self.agent).action_confirm_development()
        self.assertIn("needs no confirmation", str(caught.exception))
