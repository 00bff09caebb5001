# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import importlib.util

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tools import file_path
from odoo.tools.sql import column_exists

from .common import RevoHelpdeskCase


class WorkflowCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integrator = cls.env["res.partner"].create(
            {"name": "UBER", "is_company": True}
        )

    def _transition(self, name):
        return self.env.ref(f"revo_helpdesk.transition_{name}")

    def _move_wizard(self, ticket, user, transition_name, **values):
        """The move form as the server receives it, fields left as given."""
        action = ticket.with_user(user).action_move(
            self._transition(transition_name).id
        )
        return (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create(values)
        )

    def _move_form(self, ticket, user, transition_name):
        action = ticket.with_user(user).action_move(
            self._transition(transition_name).id
        )
        return Form.from_action(self.env(user=user), action)

    def _ticket_in(self, stage, **values):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(dict(values, stage_id=self._stage(stage).id))
        return ticket

    def _run_migration(self, version, from_version):
        spec = importlib.util.spec_from_file_location(
            f"revo_helpdesk_post_migration_{version.replace('.', '_')}",
            file_path(f"revo_helpdesk/migrations/{version}/post-migration.py"),
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, from_version)

    def _escalate(self, ticket, tests="Reinstalled the driver; still fails."):
        action = ticket.with_user(self.reseller_user_a).action_escalate_to_revo()
        form = Form.from_action(self.env(user=self.reseller_user_a), action)
        form.tests_performed = tests
        form.steps_to_reproduce = "Send an order to the kitchen"
        form.client_version = "App 5.12.1"
        form.save().action_confirm()


class TestEscalation(WorkflowCase):
    def test_escalate_client_ticket(self):
        self.team.user_ids = [(4, self.agent.id)]
        ticket = self._ticket_in("in_progress_reseller")
        action = ticket.with_user(self.reseller_user_a).action_escalate_to_revo()
        self.assertEqual(action["res_model"], "revo.helpdesk.escalate")
        self._escalate(ticket)
        self.assertTrue(ticket.escalated)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        message = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Reinstalled the driver", message.body)
        self.assertIn("App 5.12.1", message.body)
        self.assertIn(self.agent.partner_id, message.partner_ids, "CX is notified")
        self.assertNotIn(self.portal_user_a.partner_id, message.partner_ids)

    def test_escalation_notifies_assigned_agent_only(self):
        other_agent = self._create_user("cx_other", "revo_helpdesk.group_support_agent")
        self.team.user_ids = [(4, other_agent.id)]
        ticket = self._ticket_in("in_progress_reseller", user_id=self.agent.id)
        self._escalate(ticket)
        message = self._last_message(ticket)
        self.assertEqual(message.partner_ids, self.agent.partner_id)

    def test_cannot_escalate_reseller_ticket(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        ticket.sudo().stage_id = self._stage("in_progress_reseller")
        with self.assertRaisesRegex(
            UserError, "only a client ticket.*is a Reseller ticket"
        ):
            ticket.with_user(self.reseller_user_a).action_escalate_to_revo()

    def test_cannot_escalate_outside_reseller_stages(self):
        ticket = self._ticket_in("backlog_revo_support")
        with self.assertRaisesRegex(UserError, "sits in a reseller stage"):
            ticket.with_user(self.reseller_user_a).action_escalate_to_revo()

    def test_cannot_escalate_with_blank_tests(self):
        ticket = self._ticket_in("in_progress_reseller")
        with self.assertRaisesRegex(UserError, "Describe the tests you performed"):
            self._escalate(ticket, tests="   \n ")
        self.assertFalse(ticket.escalated)
        self.assertEqual(ticket.stage_id, self._stage("in_progress_reseller"))

    def test_cannot_escalate_by_dragging(self):
        ticket = self._ticket_in("in_progress_reseller")
        with self.assertRaisesRegex(
            UserError, "needs the escalation form.*Escalate to REVO"
        ):
            ticket.with_user(self.reseller_user_a).stage_id = self._stage(
                "backlog_revo_support"
            )


class TestSupportMoves(WorkflowCase):
    def test_taking_a_ticket_starts_it(self):
        self.team.user_ids = [(4, self.agent.id)]
        ticket = self._ticket_in("backlog_revo_support")
        ticket.with_user(self.agent).assign_to_me()
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))

    def test_assignment_elsewhere_does_not_move(self):
        self.team.user_ids = [(4, self.agent.id)]
        ticket = self._ticket_in(
            "internal_review", external_party_id=self.integrator.id
        )
        ticket.with_user(self.agent).assign_to_me()
        self.assertEqual(ticket.stage_id, self._stage("internal_review"))

    def test_ask_reseller_needs_a_message_and_plans_an_activity(self):
        ticket = self._ticket_in("in_progress_revo_support", escalated=True)
        wizard = self._move_wizard(ticket, self.agent, "support_ask_reseller")
        with self.assertRaisesRegex(UserError, "needs a message"):
            wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))
        wizard.body = "<p>Please send the printer model.</p>"
        wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(ticket.activity_ids.user_id, self.reseller_user_a)
        self.assertIn("printer model", ticket.activity_ids.note)
        message = self._last_message(ticket)
        self.assertIn("printer model", message.body)
        self.assertIn(self.reseller_user_a.partner_id, message.partner_ids)
        ticket.with_user(self.reseller_user_a).stage_id = self._stage(
            "in_progress_reseller"
        )
        self.assertFalse(ticket.activity_ids, "the reseller is on it: no to-do left")

    def test_internal_review_needs_the_external_party(self):
        ticket = self._ticket_in("in_progress_revo_support")
        with self.assertRaisesRegex(UserError, "needs External Party"):
            ticket.with_user(self.agent).stage_id = self._stage("internal_review")
        form = self._move_form(ticket, self.agent, "support_internal_review")
        form.external_party_id = self.integrator
        form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("internal_review"))
        self.assertEqual(ticket.external_party_id, self.integrator)

    def test_assignment_by_someone_else_starts_the_ticket(self):
        self.team.user_ids = [(4, self.agent.id)]
        ticket = self._ticket_in("backlog_revo_support")
        ticket.with_user(self.manager).user_id = self.agent
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))
        self.assertEqual(
            self._last_move(ticket).transition_id, self._transition("support_start")
        )

    def test_forged_context_does_not_skip_a_form(self):
        ticket = self._ticket_in("in_progress_reseller")
        escalate = self._transition("reseller_escalate")
        with self.assertRaisesRegex(UserError, "needs the escalation form"):
            ticket.with_user(self.reseller_user_a).with_context(
                revo_transition_id=escalate.id
            ).stage_id = self._stage("backlog_revo_support")

    def test_workflow_facts_cannot_be_written_by_hand(self):
        ticket = self._ticket_in("backlog_reseller")
        for field_name, value in (
            ("escalated", True),
            ("reached_revo", True),
            ("reached_development", True),
            ("last_action_date", "2020-01-01 00:00:00"),
            ("last_reminder_date", "2020-01-01 00:00:00"),
        ):
            with (
                self.subTest(field=field_name),
                self.assertRaisesRegex(
                    UserError, "You cannot write these fields of a ticket"
                ),
            ):
                ticket.with_user(self.agent).write({field_name: value})

    def test_refusal_names_stages_and_allowed_moves(self):
        ticket = self._ticket_in("backlog_revo_support")
        with self.assertRaises(UserError) as refusal:
            ticket.with_user(self.agent).stage_id = self._stage("resolved")
        message = str(refusal.exception)
        self.assertIn("from Backlog - REVO Support to Resolved", message)
        self.assertIn("Canceled, In Progress - REVO Support", message)

    def test_kanban_drop_uses_the_same_check(self):
        """The web client saves a kanban drop with web_save."""
        ticket = self._ticket_in("backlog_reseller")
        Ticket = ticket.with_user(self.reseller_user_a)
        with self.assertRaisesRegex(UserError, "You cannot move"):
            Ticket.web_save(
                {"stage_id": self._stage("in_progress_revo_support").id},
                specification={"stage_id": {}},
            )
        result = Ticket.web_save(
            {"stage_id": self._stage("in_progress_reseller").id},
            specification={"stage_id": {}},
        )
        self.assertEqual(result[0]["stage_id"], self._stage("in_progress_reseller").id)

    def test_buttons_follow_the_table(self):
        ticket = self._ticket_in("backlog_reseller")
        self.assertEqual(
            set(
                ticket.with_user(self.reseller_user_a).allowed_transition_ids.mapped(
                    "name"
                )
            ),
            {
                "Start working",
                "Wait for the client",
                "Resolve",
                "Escalate to REVO",
                "Cancel",
            },
        )
        self.assertEqual(
            ticket.with_user(self.agent).allowed_transition_ids.mapped("name"),
            ["Cancel"],
        )

    def test_edited_table_applies_at_once(self):
        """The move table is cached: editing, adding or deleting a move, or
        archiving or deleting a stage, must reach the next check all the
        same."""
        ticket = self._ticket_in("backlog_reseller")
        start = self._transition("reseller_start")
        reseller_moves = ticket.with_user(self.reseller_user_a)._get_allowed_transitions
        self.assertIn(start, reseller_moves()[ticket])
        start.active = False
        self.assertNotIn(start, reseller_moves()[ticket])
        start.active = True
        start.group_ids = self.env.ref("revo_helpdesk.group_support_agent")
        self.assertNotIn(start, reseller_moves()[ticket])
        self.assertIn(start, ticket._get_allowed_transitions(self.agent)[ticket])
        start.group_ids = self.env.ref("revo_helpdesk.group_reseller")
        waiting = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Waiting For Parts",
                "owner": "reseller",
                "team_ids": self.team.ids,
            }
        )
        parts = start.copy(
            {
                "name": "Wait for parts",
                "stage_to_id": waiting.id,
                "on_assignment": False,
            }
        )
        self.assertIn(parts, reseller_moves()[ticket])
        self._stage("backlog_reseller").active = False
        self.assertFalse(reseller_moves()[ticket])
        self._stage("backlog_reseller").active = True
        waiting.unlink()
        self.assertFalse(parts.exists())
        self.assertNotIn(parts, reseller_moves()[ticket])
        self.assertIn(start, reseller_moves()[ticket])
        start.unlink()
        self.assertNotIn(start, reseller_moves()[ticket])


class TestWaitOnClient(WorkflowCase):
    """The guide: "add a note using the Add Note option ... and move the case
    to this column" (Backlog - Client): the move asks for the note."""

    def test_waiting_on_the_client_posts_the_note_as_add_note(self):
        ticket = self._ticket_in("in_progress_reseller")
        with self.assertRaisesRegex(UserError, "a note to the client.*button"):
            ticket.with_user(self.reseller_user_a).stage_id = self._stage(
                "backlog_client"
            )
        wizard = self._move_wizard(ticket, self.reseller_user_a, "reseller_wait_client")
        with self.assertRaisesRegex(UserError, "needs a note to the client"):
            wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("in_progress_reseller"))
        form = self._move_form(ticket, self.reseller_user_a, "reseller_wait_client")
        form.body = "<p>Which printer model is it?</p>"
        form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_client"))
        note = self._last_message(ticket)
        self.assertIn("Which printer model", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("revo_helpdesk.mt_client_note"))
        self.assertEqual(note.author_id, self.reseller_user_a.partner_id)
        self.assertFalse(note.partner_ids)
        self.assertFalse(note.notification_ids)
        self.assertFalse(note.subtype_id.internal, "the client reads it")
        wait = self._transition("reseller_wait_client")
        wait.requirement = "none"
        self._run_migration("19.0.1.3.0", "19.0.1.2.0")
        self.assertEqual(wait.requirement, "client_note")

    def test_a_drop_on_the_column_opens_the_form(self):
        ticket = self._ticket_in("in_progress_reseller")
        as_reseller = ticket.with_user(self.reseller_user_a)
        action = as_reseller.action_drop_on_stage(self._stage("backlog_client").id)
        self.assertEqual(action["res_model"], "revo.helpdesk.transition.wizard")
        self.assertEqual(
            action["context"]["default_transition_id"],
            self._transition("reseller_wait_client").id,
        )
        self.assertFalse(
            as_reseller.action_drop_on_stage(self._stage("resolved").id),
            "a move that needs nothing is written by the kanban itself",
        )


class TestConfirmation(WorkflowCase):
    def test_works_resolves(self):
        ticket = self._ticket_in("confirmation_reseller", escalated=True)
        self.assertTrue(
            ticket.with_user(self.reseller_user_a).action_move(
                self._transition("reseller_works").id
            )
        )
        self.assertEqual(ticket.stage_id, self._stage("resolved"))
        self.assertTrue(ticket.closed)

    def test_still_failing_needs_evidence(self):
        ticket = self._ticket_in("confirmation_reseller", escalated=True)
        wizard = self._move_wizard(
            ticket, self.reseller_user_a, "reseller_still_failing"
        )
        with self.assertRaisesRegex(UserError, "needs a message"):
            wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
        evidence = (
            self.env["ir.attachment"]
            .with_user(self.reseller_user_a)
            .create(
                {
                    "name": "screen.png",
                    "raw": b"png",
                    "res_model": "revo.helpdesk.transition.wizard",
                }
            )
        )
        wizard.write(
            {
                "body": "<p>Still fails, see screenshot</p>",
                "attachment_ids": [(6, 0, evidence.ids)],
            }
        )
        wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        message = ticket.message_ids.filtered(lambda m: evidence in m.attachment_ids)
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertEqual(
            (evidence.res_model, evidence.res_id),
            ("mail.message", message.id),
            "the file of a message to REVO follows the message's access",
        )
        self.assertNotIn(evidence, ticket.attachment_ids)


class TestDevelopment(WorkflowCase):
    def test_development_needs_a_reference(self):
        ticket = self._ticket_in("backlog_dev")
        with self.assertRaisesRegex(UserError, "needs Development Reference"):
            ticket.with_user(self.developer).stage_id = self._stage("in_progress_dev")
        form = self._move_form(ticket, self.developer, "development_start")
        form.dev_reference = "POS-4321"
        form.dev_url = "https://tracker.example.com/POS-4321"
        form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("in_progress_dev"))
        self.assertEqual(
            self.Ticket.with_user(self.agent).search(
                [("dev_reference", "ilike", "4321")]
            ),
            ticket,
        )

    def test_reference_stays_required_from_in_progress_on(self):
        ticket = self._ticket_in("in_progress_dev", dev_reference="POS-9")
        with self.assertRaisesRegex(ValidationError, "needs the development reference"):
            ticket.with_user(self.developer).dev_reference = False
        with self.assertRaisesRegex(ValidationError, "needs the development reference"):
            self._ticket_in("backlog_dev").with_user(
                self.manager
            ).stage_id = self._stage("pending_release")

    def test_blank_reference_is_refused(self):
        ticket = self._ticket_in("backlog_dev")
        wizard = self._move_wizard(
            ticket, self.developer, "development_start", dev_reference="  "
        )
        with self.assertRaisesRegex(UserError, "needs the development reference"):
            wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_dev"))


class TestCancelAndReopen(WorkflowCase):
    def test_cancel_as_duplicate_needs_the_original(self):
        original = self._create_client_ticket(self.portal_user_a, "Original")
        ticket = self._ticket_in("backlog_revo_support")
        wizard = self._move_wizard(
            ticket, self.agent, "support_cancel", cancel_reason="duplicate"
        )
        with self.assertRaisesRegex(UserError, "needs the original ticket"):
            wizard.action_confirm()
        wizard.duplicate_of_id = ticket
        with self.assertRaisesRegex(UserError, "cannot be a duplicate of itself"):
            wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        wizard.duplicate_of_id = original
        wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("canceled"))
        self.assertEqual(ticket.duplicate_id, original)
        self.assertEqual(ticket.cancel_reason, "duplicate")
        self.assertIn(ticket, original.duplicate_ids)

    def test_reseller_cancels_only_before_revo(self):
        ticket = self._ticket_in("backlog_reseller")
        wizard = self._move_wizard(
            ticket, self.reseller_user_a, "reseller_cancel", cancel_reason="error"
        )
        wizard.action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("canceled"))
        returned = self._ticket_in("backlog_revo_support")
        returned.sudo().stage_id = self._stage("backlog_reseller")
        self.assertNotIn(
            "Cancel",
            returned.with_user(self.reseller_user_a).allowed_transition_ids.mapped(
                "name"
            ),
        )

    def test_reseller_is_told_whom_to_ask_once_revo_has_it(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        with self.assertRaisesRegex(UserError, "ask REVO support with Send Message"):
            ticket.with_user(self.reseller_user_a).stage_id = self._stage("canceled")

    def test_reopen(self):
        ticket = self._ticket_in("resolved")
        ticket.with_user(self.reseller_user_a).action_move(
            self._transition("reseller_reopen").id
        )
        self.assertEqual(ticket.stage_id, self._stage("in_progress_reseller"))
        ticket.sudo().stage_id = self._stage("resolved")
        portal_moves = ticket._get_allowed_transitions(self.portal_user_a)[ticket]
        self.assertEqual(portal_moves.stage_to_id, self._stage("backlog_reseller"))


class TestManagerOverride(WorkflowCase):
    def test_override_is_allowed_and_logged(self):
        ticket = self._ticket_in("resolved")
        ticket.with_user(self.manager).stage_id = self._stage("backlog_dev")
        self.assertEqual(ticket.stage_id, self._stage("backlog_dev"))
        self.assertTrue(self._last_move(ticket).override)
        self.assertIn("override", self._last_message(ticket).body)

    def test_manager_moves_in_the_table_are_not_overrides(self):
        ticket = self._ticket_in("backlog_revo_support")
        ticket.with_user(self.manager).stage_id = self._stage(
            "in_progress_revo_support"
        )
        self.assertFalse(self._last_move(ticket).override)

    def test_stage_history_opens_from_the_ticket(self):
        ticket = self._ticket_in("backlog_revo_support")
        ticket.with_user(self.manager).stage_id = self._stage(
            "in_progress_revo_support"
        )
        action = ticket.with_user(self.reseller_user_a).action_view_stage_history()
        moves = self.env[action["res_model"]].with_user(self.reseller_user_a)
        self.assertEqual(moves.search(action["domain"]), ticket.move_ids)
        self.assertEqual(
            moves.search(action["domain"])[:1].stage_to_id,
            self._stage("in_progress_revo_support"),
        )

    def test_move_log_keeps_its_own_user_and_date_only(self):
        """Each move names who made it and when, in its own fields: no
        create/write columns to check on every stage change, and the
        19.0.1.1.0 migration drops the ones older databases kept."""
        ticket = self._ticket_in("backlog_revo_support")
        ticket.with_user(self.agent).stage_id = self._stage("in_progress_revo_support")
        move = self._last_move(ticket)
        self.assertEqual(move.user_id, self.agent)
        self.assertTrue(move.date)
        Move = self.env["revo.helpdesk.ticket.move"]
        self.assertNotIn("create_uid", Move._fields)
        self.env.cr.execute(
            "ALTER TABLE revo_helpdesk_ticket_move "
            "ADD COLUMN create_uid integer REFERENCES res_users(id), "
            "ADD COLUMN write_date timestamp"
        )
        migration = importlib.util.spec_from_file_location(
            "revo_helpdesk_post_migration_19_0_1_1_0",
            file_path("revo_helpdesk/migrations/19.0.1.1.0/post-migration.py"),
        )
        module = importlib.util.module_from_spec(migration)
        migration.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.0.1")
        self.assertFalse(column_exists(self.env.cr, Move._table, "create_uid"))
        self.assertFalse(column_exists(self.env.cr, Move._table, "write_date"))


class TestResellerResolves(WorkflowCase):
    def test_reseller_resolves_from_every_open_stage(self):
        """The guide: "If the case is fully resolved, move it to this
        stage", from Backlog - Client and Backlog - Reseller as well; the
        19.0.1.3.0 migration brings older databases' noupdate move there."""
        for stage in ("backlog_client", "backlog_reseller", "in_progress_reseller"):
            with self.subTest(stage=stage):
                ticket = self._ticket_in(stage)
                ticket.with_user(self.reseller_user_a).stage_id = self._stage(
                    "resolved"
                )
                self.assertEqual(ticket.stage_id, self._stage("resolved"))
        resolve = self._transition("reseller_resolve")
        resolve.stage_from_ids = self._stage("in_progress_reseller")
        resolve.name = "Resolved"  # the first release's label
        self._run_migration("19.0.1.3.0", "19.0.1.2.0")
        self.assertEqual(resolve.name, "Resolve")
        self.assertEqual(
            resolve.stage_from_ids,
            self._stage("backlog_client")
            | self._stage("backlog_reseller")
            | self._stage("in_progress_reseller"),
        )


class TestReleases(WorkflowCase):
    def _holiday(self, day):
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": fields.Datetime.to_datetime(f"{day} 00:00:00"),
                "date_to": fields.Datetime.to_datetime(f"{day} 23:59:59"),
            }
        )

    def _new_release(self, **values):
        return self.env["revo.helpdesk.release"].create(
            dict({"name": "5.13.0"}, **values)
        )

    @freeze_time("2026-11-23")  # a Monday
    def test_release_defaults_to_next_wednesday(self):
        self.assertEqual(str(self._new_release().release_date), "2026-11-25")

    @freeze_time("2026-11-23")
    def test_release_skips_holiday_wednesday(self):
        self._holiday("2026-11-25")
        self.assertEqual(str(self._new_release().release_date), "2026-12-02")

    @freeze_time("2026-11-23")
    def test_release_skips_wednesday_before_holiday(self):
        self._holiday("2026-11-26")
        self.assertEqual(str(self._new_release().release_date), "2026-12-02")

    @freeze_time("2026-11-27")  # a Friday
    def test_hotfix_ships_on_any_working_day(self):
        release = Form(self.env["revo.helpdesk.release"])
        release.name = "5.12.2"
        release.hotfix = True
        self.assertEqual(str(release.release_date), "2026-11-27", "today")
        release.save()
        self._holiday("2026-11-30")
        with self.assertRaisesRegex(
            ValidationError, "cannot ship on 2026-11-30: a hotfix ships on a working"
        ):
            self._new_release(name="hf", release_date="2026-11-30", hotfix=True)

    @freeze_time("2026-11-23")
    def test_release_on_friday_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "cannot ship on 2026-11-27.*2026-12-02"
        ):
            self._new_release(release_date="2026-11-27")

    @freeze_time("2026-11-23")
    def test_developer_may_choose_another_working_day_with_a_warning(self):
        """Releases are "usually" published on Wednesdays: a developer may
        plan a Tuesday or a Thursday, told it is unusual, but never the day
        before a weekend or a holiday."""
        form = Form(self.env["revo.helpdesk.release"].with_user(self.developer))
        form.name = "5.13.1"
        self.assertEqual(str(form.release_date), "2026-11-25")
        self.assertFalse(form.unusual_release_day)
        form.release_date = fields.Date.to_date("2026-11-26")
        self.assertTrue(form.unusual_release_day)
        release = form.save()
        self.assertEqual(str(release.release_date), "2026-11-26")
        self._holiday("2026-12-01")
        with self.assertRaisesRegex(
            ValidationError, "cannot ship on 2026-11-30.*the day before a weekend or"
        ):
            self._new_release(name="5.13.2", release_date="2026-11-30")

    def test_pending_release_needs_a_release_and_shows_its_date(self):
        ticket = self._ticket_in("in_progress_dev", dev_reference="POS-1")
        with self.assertRaisesRegex(UserError, "needs Release"):
            ticket.with_user(self.developer).stage_id = self._stage("pending_release")
        release = self._new_release()
        form = self._move_form(ticket, self.developer, "development_release")
        form.release_id = release
        form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("pending_release"))
        self.assertEqual(ticket.expected_release_date, release.release_date)

    def test_mark_released_moves_every_ticket_and_tells_resellers(self):
        release = self._new_release()
        ticket_a = self._ticket_in(
            "pending_release", release_id=release.id, dev_reference="POS-1"
        )
        ticket_b = self._create_client_ticket(self.portal_user_b)
        ticket_b.sudo().write(
            {
                "stage_id": self._stage("pending_release").id,
                "release_id": release.id,
                "dev_reference": "POS-2",
            }
        )
        release.with_user(self.developer).action_mark_released()
        self.assertEqual(release.state, "released")
        for ticket, reseller_user in (
            (ticket_a, self.reseller_user_a),
            (ticket_b, self.reseller_user_b),
        ):
            self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
            message = self._last_message(ticket)
            self.assertIn("5.13.0", message.body)
            self.assertEqual(message.partner_ids, reseller_user.partner_id)

    def test_ticket_without_reseller_does_not_hold_back_a_release(self):
        release = self._new_release()
        ticket = self._ticket_in(
            "pending_release", release_id=release.id, dev_reference="POS-1"
        )
        incident = self.Ticket.create(
            {
                "name": "Outage",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "is_incident": True,
            }
        )
        incident.sudo().write(
            {
                "stage_id": self._stage("pending_release").id,
                "release_id": release.id,
                "dev_reference": "POS-2",
            }
        )
        release.with_user(self.developer).action_mark_released()
        self.assertEqual(ticket.stage_id, self._stage("confirmation_reseller"))
        self.assertEqual(incident.stage_id, self._stage("pending_release"))

    def test_releasing_an_empty_release_is_refused(self):
        release = self._new_release()
        with self.assertRaisesRegex(UserError, "has no ticket in Pending Release"):
            release.with_user(self.developer).action_mark_released()
        self.assertEqual(release.state, "planned")


class TestReports(WorkflowCase):
    def test_time_per_side(self):
        with freeze_time("2026-11-02 09:00:00"):
            ticket = self._create_client_ticket(self.portal_user_a)
        with freeze_time("2026-11-02 11:00:00"):
            ticket.with_user(self.reseller_user_a).stage_id = self._stage(
                "in_progress_reseller"
            )
        with freeze_time("2026-11-02 12:30:00"):
            self._escalate(ticket)
        with freeze_time("2026-11-03 12:30:00"):
            ticket.with_user(self.agent).stage_id = self._stage(
                "in_progress_revo_support"
            )
        with freeze_time("2026-11-03 16:30:00"):
            self._move_wizard(
                ticket,
                self.agent,
                "support_to_development",
                body="<p>Crashes on every card payment.</p>",
            ).action_confirm()
        self.assertAlmostEqual(ticket.reseller_hours, 3.5)
        self.assertAlmostEqual(ticket.support_hours, 28.0)
        self.assertAlmostEqual(ticket.development_hours, 0.0)

    def test_escalation_quality_per_reseller_and_month(self):
        ticket = self._ticket_in("in_progress_reseller")
        self._escalate(ticket)
        ticket.with_user(self.agent).stage_id = self._stage("in_progress_revo_support")
        wizard = self._move_wizard(
            ticket, self.agent, "support_ask_reseller", body="<p>Which printer?</p>"
        )
        wizard.action_confirm()
        self.env.flush_all()
        rows = self.env["revo.helpdesk.escalation.report"].search(
            [("reseller_id", "=", self.reseller_a.id)]
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows.escalation_count, rows.return_count), (1, 1))
        self.assertEqual(rows.return_rate, 100.0)
        self.assertEqual(rows.month, fields.Date.today().replace(day=1))
        self.assertFalse(
            self.env["revo.helpdesk.escalation.report"].search(
                [("reseller_id", "=", self.reseller_b.id)]
            )
        )
        # The log keeps what each move asked for when it was made: editing
        # the move table afterwards leaves the statistics of the past alone.
        ask = self._transition("support_ask_reseller")
        self.assertTrue(self._last_move(ticket).info_request)
        ask.info_request = False
        self.env.flush_all()
        self.assertTrue(self._last_move(ticket).info_request)
        rows.invalidate_recordset()
        self.assertEqual(rows.return_count, 1)


class TestWorkflowIntegrity(WorkflowCase):
    """The moves cannot be skipped: not by creating a ticket in a later
    stage, by taking it out of the workflow and back, by assigning it, nor by
    writing what REVO fills in."""

    def test_reseller_cannot_write_what_revo_fills_in(self):
        ticket = self._ticket_in("in_progress_reseller")
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        for vals in (
            {"resolution": "wont_fix"},
            {"dev_reference": "DEV-1"},
            {"team_id": other_team.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(
                    UserError, "You cannot write these fields of a ticket"
                ),
            ):
                ticket.with_user(self.reseller_user_a).write(vals)
        ticket.with_user(self.agent).dev_reference = "DEV-1"
        self.assertEqual(ticket.dev_reference, "DEV-1")

    def test_only_managers_take_tickets_out_of_the_workflow(self):
        ticket = self._ticket_in("pending_release", dev_reference="POS-1")
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        for user in (self.reseller_user_a, self.agent, self.developer):
            for vals in ({"stage_id": False}, {"team_id": other_team.id}):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(
                        UserError, "cannot leave|You cannot write these fields"
                    ),
                ):
                    ticket.with_user(user).write(vals)
        self.assertEqual(ticket.stage_id, self._stage("pending_release"))

    def test_workflow_stages_stay_in_their_team(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        with self.assertRaisesRegex(ValidationError, "belongs to the reseller"):
            self.Ticket.with_user(self.agent).create(
                {
                    "name": "Elsewhere",
                    "description": "<p>x</p>",
                    "team_id": other_team.id,
                    "stage_id": self._stage("backlog_dev").id,
                }
            )
        with self.assertRaisesRegex(UserError, "Reseller staff open tickets"):
            self.Ticket.with_user(self.reseller_user_a).create(
                {
                    "name": "Elsewhere",
                    "description": "<p>x</p>",
                    "team_id": other_team.id,
                }
            )

    def test_leaving_the_workflow_and_back_enters_at_the_entry_stage(self):
        ticket = self._ticket_in("in_progress_revo_support")
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        ticket.with_user(self.manager).team_id = other_team
        self.assertFalse(ticket.stage_id.owner)
        with self.assertRaisesRegex(UserError, "outside the reseller workflow"):
            ticket.with_user(self.agent).write(
                {"team_id": self.team.id, "stage_id": self._stage("resolved").id}
            )
        ticket.with_user(self.agent).write(
            {"team_id": self.team.id, "stage_id": self._stage("backlog_reseller").id}
        )
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_ticket_from_another_team_joins_with_its_contacts_origin(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        ticket = self.Ticket.create(
            {
                "name": "Mail to the general address",
                "description": "<p>x</p>",
                "team_id": other_team.id,
                "partner_id": self.portal_user_a.partner_id.id,
            }
        )
        self.assertFalse(ticket.origin)
        ticket.with_user(self.agent).team_id = self.team
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_joining_the_team_starts_at_the_entry_stage(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Sales"})
        other_stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Sales stage", "team_ids": [(4, other_team.id)]}
        )
        ticket = self._ticket_in("in_progress_reseller")
        ticket.sudo().write({"team_id": other_team.id, "stage_id": other_stage.id})
        ticket.with_user(self.agent).team_id = self.team
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_new_ticket_starts_at_the_entry_stage_then_moves(self):
        vals = {"name": "Straight to development", "description": "<p>x</p>"}
        kept = self.Ticket.with_user(self.reseller_user_a).create(
            dict(vals, stage_id=self._stage("backlog_dev").id)
        )
        self.assertEqual(kept.stage_id, self._stage("backlog_revo_support"))
        self.assertFalse(kept.reached_development)
        started = self.Ticket.with_user(self.agent).create(
            dict(
                vals,
                partner_id=self.reseller_user_a.partner_id.id,
                stage_id=self._stage("in_progress_revo_support").id,
            )
        )
        self.assertEqual(started.stage_id, self._stage("in_progress_revo_support"))
        self.assertEqual(
            self._last_move(started).transition_id, self._transition("support_start")
        )
        placed = self.Ticket.with_user(self.manager).create(
            dict(
                vals,
                partner_id=self.reseller_user_a.partner_id.id,
                team_id=self.team.id,
                stage_id=self._stage("backlog_dev").id,
            )
        )
        self.assertEqual(placed.stage_id, self._stage("backlog_dev"))
        imported = self.Ticket.sudo().create(
            dict(
                vals,
                partner_id=self.portal_user_a.partner_id.id,
                stage_id=self._stage("backlog_revo_support").id,
            )
        )
        self.assertEqual(imported.origin, "client")
        self.assertEqual(
            imported.stage_id,
            self._stage("backlog_revo_support"),
            "data files and imports place tickets where they say",
        )

    def test_ticket_made_in_the_form_starts_at_its_entry_stage(self):
        """The form's stage is computed before the contact gives the origin:
        an agent's or a manager's phone ticket for a client still starts at
        the client's entry stage."""
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                form = Form(self.Ticket.with_user(user))
                form.name = "Phone call from the bar"
                form.description = "<p>The drawer does not open.</p>"
                form.team_id = self.team
                form.partner_id = self.portal_user_a.partner_id
                ticket = form.save()
                self.assertEqual(ticket.origin, "client")
                self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
                self.assertFalse(ticket.reached_revo)

    def test_reseller_cannot_create_what_the_workflow_or_revo_sets(self):
        vals = {"name": "Shortcut", "description": "<p>x</p>"}
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        for extra in ({"development_confirmed": True}, {"dev_reference": "DEV-9"}):
            with self.subTest(extra=extra), self.assertRaises(UserError):
                Ticket.create(dict(vals, **extra))
        ticket = Ticket.create(dict(vals, user_id=self.agent.id))
        self.assertFalse(ticket.user_id, "only REVO assigns")

    def test_agent_may_send_from_the_company_address(self):
        ticket = self._ticket_in("in_progress_revo_support")
        message = ticket.with_user(self.agent).message_post(
            body="Your fix is planned.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.company.partner_id.id,
        )
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))

    def test_resellers_do_not_assign_and_taking_starts_the_ticket(self):
        self.team.user_ids = [(4, self.agent.id)]
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        with self.assertRaisesRegex(
            UserError, "You cannot write these fields of a ticket"
        ):
            ticket.with_user(self.reseller_user_a).user_id = self.agent
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        ticket.with_user(self.agent).user_id = self.agent
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))

    def test_reseller_form_shows_revo_fields_read_only(self):
        def form(user):
            views = self.Ticket.with_user(user).get_views([(False, "form")])
            return etree.fromstring(views["views"]["form"]["arch"])

        reseller_form, agent_form = form(self.reseller_user_a), form(self.agent)
        for name in ("user_id", "team_id", "dev_reference", "release_id"):
            with self.subTest(field=name):
                xpath = f"//field[@name='{name}'][not(ancestor::field)]"
                self.assertEqual(reseller_form.xpath(xpath)[0].get("readonly"), "1")
                self.assertNotEqual(agent_form.xpath(xpath)[0].get("readonly"), "1")
        self.assertFalse(reseller_form.xpath("//button[@name='assign_to_me']"))
        self.assertTrue(agent_form.xpath("//button[@name='assign_to_me']"))

    def _move_with_file(self, ticket, user, transition_name, **values):
        """Make a move through its form with a file uploaded on it (stored as
        the upload widget does, before the form is saved)."""
        file = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "trace.log",
                    "raw": b"x",
                    "res_model": "revo.helpdesk.transition.wizard",
                }
            )
        )
        self._move_wizard(
            ticket, user, transition_name, attachment_ids=[(6, 0, file.ids)], **values
        ).action_confirm()
        return file, self._last_message(ticket)

    def test_move_form_files_never_reach_the_client(self):
        ticket = self._ticket_in("in_progress_revo_support")
        file, message = self._move_with_file(
            ticket,
            self.agent,
            "support_internal_review",
            external_party_id=self.integrator.id,
        )
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertEqual((file.res_model, file.res_id), ("mail.message", message.id))
        self.assertNotIn(file, ticket.with_user(self.portal_user_a).attachment_ids)

    def test_cancellation_tells_the_other_side(self):
        by_revo = self._ticket_in("backlog_revo_support")
        file, message = self._move_with_file(
            by_revo,
            self.agent,
            "support_cancel",
            cancel_reason="error",
            body="<p>Opened twice by mistake.</p>",
        )
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn("Opened twice by mistake.", message.body)
        self.assertEqual((file.res_model, file.res_id), ("mail.message", message.id))
        by_reseller = self._ticket_in("backlog_reseller")
        file, logged = self._move_with_file(
            by_reseller, self.reseller_user_a, "reseller_cancel", cancel_reason="error"
        )
        self.assertEqual(logged.message_type, "notification")
        self.assertFalse(logged.notification_ids)
        self.assertEqual((file.res_model, file.res_id), ("mail.message", logged.id))
