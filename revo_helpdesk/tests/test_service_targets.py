# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import MONDAY, ServiceTargetCase, at


class TestCategories(ServiceTargetCase):
    def test_seeded_categories_and_targets(self):
        targets = {
            "category_question": (3, "day", False, True),
            "category_urgent": (1, "hour", True, False),
            "category_server": (4, "hour", False, False),
            "category_issue_with_error": (1, "day", False, False),
            "category_issue_without_error": (2, "day", False, False),
        }
        for xmlid, expected in targets.items():
            category = self.env.ref(f"revo_helpdesk.{xmlid}")
            self.assertEqual(
                (
                    category.response_target,
                    category.response_unit,
                    category.top_priority,
                    category.needs_confirmation,
                ),
                expected,
                xmlid,
            )

    def test_category_without_target_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.server.response_target = 0
        self.assertIn("needs a first-response target", str(caught.exception))
        self.assertEqual(self.server.response_target, 4)
        with self.assertRaises(ValidationError) as caught:
            self.env["helpdesk.ticket.category"].create(
                {"name": "Negative", "response_target": -2}
            )
        self.assertIn("Category Negative needs", str(caught.exception))
        self.assertFalse(
            self.env["helpdesk.ticket.category"].search([("name", "=", "Negative")])
        )


class TestResponseDeadline(ServiceTargetCase):
    def test_one_business_hour_within_the_day(self):
        ticket = self._portal_ticket(at(MONDAY, "09:30:00"), self.urgent)
        self.assertEqual(ticket.response_deadline, at(MONDAY, "10:30:00"))
        self.assertTrue(ticket.top_priority)

    def test_business_hours_skip_lunch(self):
        ticket = self._portal_ticket(at(MONDAY, "12:00:00"), self.server)
        self.assertEqual(ticket.response_deadline, at(MONDAY, "17:00:00"))

    def test_friday_evening_waits_for_monday(self):
        ticket = self._portal_ticket(at("2026-11-06", "17:30:00"), self.urgent)
        self.assertEqual(ticket.response_deadline, at("2026-11-09", "09:30:00"))

    def test_three_business_days(self):
        ticket = self._portal_ticket(at(MONDAY, "10:00:00"), self.question)
        self.assertEqual(ticket.response_deadline, at("2026-11-05", "10:00:00"))

    def test_a_holiday_is_not_a_business_day(self):
        self.team.resource_calendar_id = self._create_calendar(holidays=["2026-11-04"])
        ticket = self._portal_ticket(at(MONDAY, "10:00:00"), self.question)
        self.assertEqual(ticket.response_deadline, at("2026-11-06", "10:00:00"))

    def test_other_teams_keep_no_deadline(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Internal IT"})
        ticket = self.Ticket.create(
            {
                "name": "Laptop",
                "description": "<p>Broken</p>",
                "team_id": team.id,
                "category_id": self.urgent.id,
            }
        )
        self.assertFalse(ticket.response_deadline)

    def test_no_category_no_deadline(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        self.assertFalse(ticket.response_deadline)
        self.assertFalse(ticket.response_breached)

    def test_changing_the_category_sets_its_target(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.question)
        ticket.create_date = at(MONDAY, "09:00:00")
        ticket.with_user(self.reseller_user_a).category_id = self.urgent
        self.assertEqual(ticket.response_deadline, at(MONDAY, "10:00:00"))

    def test_calendar_without_working_hours_is_refused(self):
        self.calendar.attendance_ids = [Command.clear()]
        count = self.Ticket.search_count([])
        with self.assertRaises(UserError) as caught:
            self._portal_ticket(at(MONDAY, "10:00:00"), self.urgent)
        self.assertIn("have no working time", str(caught.exception))
        self.assertEqual(self.Ticket.search_count([]), count, "nothing written")


class TestResponseViews(ServiceTargetCase):
    def test_kanban_and_list_show_deadline_and_breach(self):
        Ticket = self.Ticket.with_user(self.agent)
        for view_type in ("kanban", "list"):
            arch = Ticket.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertIn('name="response_deadline"', arch, view_type)
            self.assertIn("response_breached", arch, view_type)
        search = Ticket.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="response_breached"', search)


class TestResponseClock(ServiceTargetCase):
    def test_breached_once_the_deadline_passes(self):
        late = self._portal_ticket(at(MONDAY, "09:00:00"), self.urgent)
        on_time = self._portal_ticket(at(MONDAY, "09:00:00"), self.question)
        with freeze_time(at(MONDAY, "09:59:00")):
            self.assertFalse(late.response_breached)
        with freeze_time(at(MONDAY, "11:00:00")):
            late.invalidate_recordset(["response_breached"])
            self.assertTrue(late.response_breached)
            breached = self.Ticket.search(
                [("response_breached", "=", True), ("id", "in", (late | on_time).ids)]
            )
            self.assertEqual(breached, late)
            self.assertEqual(
                self.Ticket.search(
                    [
                        ("response_breached", "=", False),
                        ("id", "in", (late | on_time).ids),
                    ]
                ),
                on_time,
            )

    def test_reseller_note_to_the_client_is_the_first_response(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.urgent)
        with freeze_time(at(MONDAY, "09:40:00")):
            ticket.with_user(self.reseller_user_a).message_post(
                body="Send to REVO first", message_type="comment"
            )
            self.assertFalse(
                ticket.first_response_date, "a message is not for the client"
            )
            ticket.with_user(self.reseller_user_a).message_post(
                body="Please restart the printer",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self.assertEqual(ticket.first_response_date, at(MONDAY, "09:40:00"))
        with freeze_time(at(MONDAY, "15:00:00")):
            ticket.invalidate_recordset(["response_breached"])
            self.assertFalse(ticket.response_breached)
            self.assertFalse(ticket.response_late)

    def test_late_response_stays_breached(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.urgent)
        with freeze_time(at(MONDAY, "11:00:00")):
            ticket.with_user(self.reseller_user_a).message_post(
                body="Looking into it",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self.assertTrue(ticket.response_late)
        self.assertTrue(ticket.response_breached)
        self.assertIn(ticket, self.Ticket.search([("response_breached", "=", True)]))

    def test_reseller_ticket_is_answered_by_revo_not_by_its_notes(self):
        with freeze_time(at(MONDAY, "09:00:00")):
            ticket = self._create_reseller_ticket(self.reseller_user_a)
            ticket.sudo().category_id = self.server
            ticket.sudo()._restart_response_clock()
        with freeze_time(at(MONDAY, "10:00:00")):
            ticket.with_user(self.agent).message_post(
                body="Internal: check the logs",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.assertFalse(ticket.first_response_date)
            ticket.with_user(self.agent).message_post(
                body="Which version?", message_type="comment"
            )
        self.assertEqual(ticket.first_response_date, at(MONDAY, "10:00:00"))

    def test_closing_stops_the_clock(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.question)
        with freeze_time(at(MONDAY, "12:00:00")):
            ticket.sudo().stage_id = self._stage("in_progress_reseller")
            ticket.sudo().stage_id = self._stage("resolved")
        self.assertEqual(ticket.first_response_date, at(MONDAY, "12:00:00"))
        self.assertFalse(ticket.response_late)

    def test_note_when_waiting_on_the_client_is_the_first_response(self):
        """Waiting on the client comes with the note to the client (Add
        Note): the client has its first response."""
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.no_error)
        with freeze_time(at(MONDAY, "11:00:00")):
            action = ticket.with_user(self.reseller_user_a).action_move(
                self.env.ref("revo_helpdesk.transition_reseller_wait_client").id
            )
            form = Form.from_action(self.env(user=self.reseller_user_a), action)
            form.body = "<p>Which printer model is it?</p>"
            form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_client"))
        self.assertEqual(ticket.first_response_date, at(MONDAY, "11:00:00"))

    def test_clock_pauses_while_waiting_on_the_client(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.no_error)
        self.assertEqual(ticket.response_deadline, at("2026-11-03", "18:00:00"))
        with freeze_time(at(MONDAY, "11:00:00")):
            # Without a word to the client: a manager's move.
            ticket.with_user(self.manager).stage_id = self._stage("backlog_client")
        self.assertEqual(ticket.stage_id, self._stage("backlog_client"))
        self.assertEqual(ticket.response_paused_since, at(MONDAY, "11:00:00"))
        with freeze_time(at("2026-11-04", "09:00:00")):
            # Past the first deadline, but the ticket waits on the client.
            ticket.invalidate_recordset(["response_breached"])
            self.assertFalse(ticket.response_breached)
            self.assertNotIn(
                ticket, self.Ticket.search([("response_breached", "=", True)])
            )
        with freeze_time(at("2026-11-04", "11:00:00")):
            ticket.with_user(self.portal_user_a).sudo().message_post(
                body="Here is the photo",
                message_type="comment",
                author_id=self.portal_user_a.partner_id.id,
            )
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        # 14 business hours were left: Wednesday 11:00 plus 14 is Thursday 18:00.
        self.assertEqual(ticket.response_deadline, at("2026-11-05", "18:00:00"))
        self.assertEqual(ticket.response_paused_hours, 16)
        with freeze_time(at("2026-11-05", "17:00:00")):
            ticket.invalidate_recordset(["response_breached"])
            self.assertFalse(ticket.response_breached)

    def test_waiting_on_the_client_when_already_late_stays_late(self):
        ticket = self._portal_ticket(at(MONDAY, "09:00:00"), self.urgent)
        with freeze_time(at(MONDAY, "12:00:00")):
            ticket.sudo().stage_id = self._stage("backlog_client")
        self.assertTrue(ticket.response_late)
        self.assertIn(ticket, self.Ticket.search([("response_breached", "=", True)]))
        with freeze_time(at(MONDAY, "15:00:00")):
            ticket.sudo().stage_id = self._stage("backlog_reseller")
        self.assertEqual(ticket.response_deadline, at(MONDAY, "10:00:00"))
        self.assertTrue(ticket.response_breached)


class TestQueueOrder(ServiceTargetCase):
    def _age(self, ticket, when):
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (when, ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])

    def _queue(self, user, stage, tickets):
        return self.Ticket.with_user(user).search(
            [("stage_id", "=", stage.id), ("id", "in", tickets.ids)]
        )

    def test_backlogs_are_fifo_with_top_priority_first(self):
        oldest = self._create_client_ticket(self.portal_user_a, "Oldest")
        newest = self._create_client_ticket(self.portal_user_a, "Newest")
        urgent = self._portal_ticket(fields.Datetime.now(), self.urgent)
        middle = self._create_client_ticket(self.portal_user_a, "Middle")
        for ticket, day in (
            (oldest, "2026-10-01"),
            (middle, "2026-10-05"),
            (newest, "2026-10-09"),
            (urgent, "2026-10-10"),
        ):
            self._age(ticket, f"{day} 10:00:00")
        tickets = oldest | middle | newest | urgent
        tickets.sudo().stage_id = self._stage("backlog_reseller")
        expected = [urgent, oldest, middle, newest]
        self.assertEqual(
            list(
                self._queue(
                    self.reseller_user_a, self._stage("backlog_reseller"), tickets
                )
            ),
            expected,
        )
        tickets.sudo().stage_id = self._stage("backlog_revo_support")
        self.assertEqual(
            list(self._queue(self.agent, self._stage("backlog_revo_support"), tickets)),
            expected,
        )

    def test_priority_alone_does_not_jump_the_queue(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.with_user(self.reseller_user_a).priority = "3"
        self.assertFalse(ticket.top_priority)
        with self.assertRaises(UserError):
            ticket.with_user(self.reseller_user_a).top_priority = True
        self.assertFalse(ticket.top_priority)
