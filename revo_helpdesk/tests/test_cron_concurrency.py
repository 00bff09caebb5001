# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.ir_cron import IrCron

REMINDER = "Reminder sent to"
CLOSED = "Closed automatically"


@tagged("post_install", "-at_install")
class TestCronConcurrency(TransactionCase):
    """Two cron workers running the same job at the same instant, each in a
    transaction of its own (as a second machine, or a manual run beside the
    scheduled one): the second must neither wait for the first nor redo its
    work. The tickets are committed for the test and deleted after it."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            params = env["ir.config_parameter"]
            self.params = {
                key: params.get_param(key)
                for key in (
                    "revo_helpdesk.reminder_days",
                    "revo_helpdesk.confirmation_timeout_days",
                )
            }
            params.set_param("revo_helpdesk.reminder_days", 7)
            params.set_param("revo_helpdesk.confirmation_timeout_days", 3)
            team = env.ref("revo_helpdesk.helpdesk_team_revo_support")
            idle, unanswered = env["helpdesk.ticket"].create(
                [
                    {
                        "name": name,
                        "description": "<p>Cron concurrency test</p>",
                        "team_id": team.id,
                    }
                    for name in ("Idle at its reseller", "Unanswered")
                ]
            )
            env.flush_all()
            # Set as weeks of history would have left them.
            past = fields.Datetime.now() - timedelta(days=30)
            stage = env.ref
            cr.execute(
                """UPDATE helpdesk_ticket SET stage_id = %s, stage_owner = 'reseller',
                    origin = 'client', last_action_date = %s WHERE id = %s""",
                [stage("revo_helpdesk.stage_backlog_reseller").id, past, idle.id],
            )
            cr.execute(
                """UPDATE helpdesk_ticket SET stage_id = %s, stage_owner = 'reseller',
                    answer_deadline = %s, answer_reminder_date = NULL WHERE id = %s""",
                [
                    stage("revo_helpdesk.stage_confirmation_reseller").id,
                    past,
                    unanswered.id,
                ],
            )
        self.idle_id, self.unanswered_id = idle.id, unanswered.id
        self.addCleanup(self._clean_up)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _clean_up(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["helpdesk.ticket"].browse([self.idle_id, self.unanswered_id]).unlink()
            for key, value in self.params.items():
                env["ir.config_parameter"].set_param(key, value)

    def _worker(self):
        """A cron worker's transaction, that gives up on a row lock held by
        the other worker instead of waiting for it."""
        cr = self.registry.cursor()
        cr.execute("SET LOCAL lock_timeout = '200ms'")
        return closing(cr)

    def _cron_env(self, cr, xmlid):
        env = self._env(cr)
        return env(user=env.ref(xmlid).user_id.id, context={})

    def _run_both(self, xmlid, method):
        """Run `method` of the cron `xmlid` in two workers at once, the
        second while the first holds what it did uncommitted, then commit
        both, the first first."""
        with (
            patch.object(IrCron, "_commit_progress", autospec=True, return_value=60.0),
            self._worker() as first,
            self._worker() as second,
            # Not a lock given up on, not a failure the cron skipped.
            self.assertNoLogs(level="ERROR"),
        ):
            for cr in (first, second):
                env = self._cron_env(cr, xmlid)
                getattr(env[env.ref(xmlid).model_id.model], method)()
                cr.flush()
            first.commit()
            second.commit()

    def _messages(self, ticket_id, text):
        with self.registry.cursor() as cr:
            messages = self._env(cr)["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket_id),
                    ("body", "ilike", text),
                ]
            )
            return len(messages)

    def test_two_workers_remind_once(self):
        self._run_both(
            "revo_helpdesk.ir_cron_inactivity_reminder",
            "_cron_send_inactivity_reminders",
        )
        self.assertEqual(self._messages(self.idle_id, REMINDER), 1)
        with self.registry.cursor() as cr:
            activities = self._env(cr)["mail.activity"].search_count(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.idle_id)]
            )
        # Nobody works the ticket at a reseller here: the reminder says so
        # and schedules nothing.
        self.assertEqual(activities, 0)

    def test_two_workers_close_once(self):
        self._run_both(
            "revo_helpdesk.ir_cron_close_unanswered", "_cron_close_unanswered"
        )
        self.assertEqual(self._messages(self.unanswered_id, CLOSED), 1)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            ticket = env["helpdesk.ticket"].browse(self.unanswered_id)
            self.assertEqual(ticket.stage_id, env.ref("revo_helpdesk.stage_resolved"))
            moves = env["revo.helpdesk.ticket.move"].search(
                [("ticket_id", "=", self.unanswered_id)]
            )
            self.assertEqual(
                moves.stage_to_id.mapped("id"),
                [env.ref("revo_helpdesk.stage_resolved").id],
            )
            self.assertEqual(len(moves), 1)

    def test_two_workers_count_the_medians_once(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            team = env.ref("revo_helpdesk.helpdesk_team_revo_support")
            team._refresh_stage_medians()
            expected = team.stage_median_hours
            cr.rollback()
        self._run_both(
            "revo_helpdesk.ir_cron_refresh_stage_medians",
            "_cron_refresh_stage_medians",
        )
        with self.registry.cursor() as cr:
            team = self._env(cr).ref("revo_helpdesk.helpdesk_team_revo_support")
            self.assertEqual(team.stage_median_hours, expected)
