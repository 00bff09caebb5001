# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import RevoHelpdeskCase

START = datetime(2026, 3, 2, 9, 0)


class TestStatusTags(RevoHelpdeskCase):
    def _ticket_in(self, stage, **values):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(dict(values, stage_id=self._stage(stage).id))
        return ticket

    def _search(self, domain):
        return self.Ticket.search([("id", "in", self.tickets.ids), *domain])

    def test_stalled_after_the_set_days_without_action(self):
        with freeze_time(START):
            idle = self._create_client_ticket(self.portal_user_a, "Idle")
            active = self._create_client_ticket(self.portal_user_a, "Active")
            closed = self._ticket_in("resolved")
        self.tickets = idle | active | closed
        with freeze_time(START + timedelta(days=3)):
            active.with_user(self.reseller_user_a).message_post(
                body="Called the client", message_type="comment"
            )
        with freeze_time(START + timedelta(days=4, hours=23)):
            self.tickets.invalidate_recordset(["is_stalled"])
            self.assertFalse(any(self.tickets.mapped("is_stalled")))
        with freeze_time(START + timedelta(days=5, hours=1)):
            self.tickets.invalidate_recordset(["is_stalled"])
            self.assertEqual(self.tickets.filtered("is_stalled"), idle)
            self.assertEqual(self._search([("is_stalled", "=", True)]), idle)
            self.assertEqual(
                self._search([("is_stalled", "=", False)]), active | closed
            )
            self.env["ir.config_parameter"].sudo().set_param(
                "revo_helpdesk.stalled_days", 0
            )
            self.tickets.invalidate_recordset(["is_stalled"])
            self.assertFalse(self._search([("is_stalled", "=", True)]))
            self.assertFalse(idle.is_stalled)

    def test_escalated_is_set_by_escalate_to_revo(self):
        ticket = self._ticket_in("in_progress_reseller")
        self.tickets = ticket
        self.assertFalse(self._search([("escalated", "=", True)]))
        action = ticket.with_user(self.reseller_user_a).action_escalate_to_revo()
        self.env[action["res_model"]].with_user(self.reseller_user_a).with_context(
            **action["context"]
        ).create(
            {
                "tests_performed": "Reinstalled the driver; still fails.",
                "steps_to_reproduce": "Send an order to the kitchen",
                "client_version": "App 5.12.1",
            }
        ).action_confirm()
        self.assertEqual(self._search([("escalated", "=", True)]), ticket)

    def test_blocked_while_waiting_on_a_party_or_a_release(self):
        uber = self.env["res.partner"].create({"name": "UBER", "is_company": True})
        release = self.env["revo.helpdesk.release"].create({"name": "9.9.0"})
        review = self._ticket_in("internal_review", external_party_id=uber.id)
        pending = self._ticket_in(
            "pending_release", dev_reference="POS-1", release_id=release.id
        )
        working = self._ticket_in("in_progress_revo_support")
        self.tickets = review | pending | working
        self.assertEqual(self.tickets.filtered("blocked"), review | pending)
        self.assertEqual(self._search([("blocked", "=", True)]), review | pending)
        # The party answered: back in support, no longer blocked, although the
        # ticket still names the party it waited on.
        review.sudo().write({"stage_id": self._stage("in_progress_revo_support").id})
        self.assertFalse(review.blocked)
        self.assertEqual(review.external_party_id, uber)

    def _log_moves_out_of(self, stage, hours, count=5):
        ticket = self._create_client_ticket(self.portal_user_a, "History")
        self.env["revo.helpdesk.ticket.move"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "stage_from_id": stage.id,
                    "stage_to_id": self._stage("backlog_client").id,
                    "duration_hours": hours,
                }
                for _n in range(count)
            ]
        )
        self.env["helpdesk.ticket.team"]._cron_refresh_stage_medians()

    def _forget_move_history(self):
        # The medians come from the team's history: start from none, whatever
        # the database holds (an upgraded or a used one has moves out of every
        # stage).
        self.env["revo.helpdesk.ticket.move"].sudo().search([]).unlink()

    def test_fast_and_slow_moving_against_the_team_median(self):
        self._forget_move_history()
        stage = self._stage("in_progress_reseller")
        with freeze_time(START):
            self._log_moves_out_of(stage, hours=10)
            fast = self._ticket_in("in_progress_reseller")
            normal = self._ticket_in("in_progress_reseller")
            slow = self._ticket_in("in_progress_reseller")
            other_stage = self._ticket_in("backlog_reseller")
        now = START + timedelta(days=1)
        fast.sudo().last_stage_update = now - timedelta(hours=1)
        normal.sudo().last_stage_update = now - timedelta(hours=10)
        slow.sudo().last_stage_update = now - timedelta(hours=21)
        other_stage.sudo().last_stage_update = now - timedelta(hours=100)
        self.tickets = fast | normal | slow | other_stage
        with freeze_time(now):
            self.assertEqual(
                self.tickets.mapped("moving_speed"), ["fast", False, "slow", False]
            )
            self.assertEqual(self._search([("moving_speed", "=", "slow")]), slow)
            self.assertEqual(self._search([("moving_speed", "=", "fast")]), fast)
            self.assertEqual(
                self._search([("moving_speed", "not in", ["fast", "slow"])]),
                normal | other_stage,
            )
            # Seen by a reseller the same way: the median is team-wide.
            self.assertEqual(slow.with_user(self.reseller_user_a).moving_speed, "slow")

    def test_medians_are_kept_on_the_team_from_recent_history(self):
        stage = self._stage("in_progress_reseller")
        with freeze_time(START):
            self._log_moves_out_of(stage, hours=10)
            self._log_moves_out_of(self._stage("resolved"), hours=1)
        medians = self.team.stage_median_hours
        self.assertEqual(medians[str(stage.id)], 10.0)
        self.assertNotIn(str(self._stage("resolved").id), medians, "closed: no speed")
        # Demo data's changes are today's: past them as well.
        with freeze_time(datetime.now() + timedelta(days=91)):
            self.env["helpdesk.ticket.team"]._cron_refresh_stage_medians()
        self.assertFalse(self.team.stage_median_hours, "only the last 90 days")

    def test_no_speed_without_enough_history(self):
        self._forget_move_history()
        stage = self._stage("in_progress_reseller")
        self._log_moves_out_of(stage, hours=10, count=4)
        ticket = self._ticket_in("in_progress_reseller")
        ticket.sudo().last_stage_update = ticket.last_stage_update - timedelta(days=30)
        self.assertFalse(ticket.moving_speed)

    def test_resolution_and_reason_on_closing(self):
        by_reseller = self._ticket_in("in_progress_reseller")
        by_revo = self._ticket_in("in_progress_revo_support")
        canceled = self._ticket_in("in_progress_reseller")
        by_reseller.with_user(self.reseller_user_a).write(
            {"stage_id": self._stage("resolved").id}
        )
        by_revo.sudo().write({"stage_id": self._stage("resolved").id})
        canceled.sudo().write(
            {"stage_id": self._stage("canceled").id, "cancel_reason": "error"}
        )
        self.assertEqual(by_reseller.resolution, "reseller")
        self.assertEqual(by_revo.resolution, "revo")
        self.assertFalse(canceled.resolution)
        self.assertEqual(canceled.cancel_reason, "error")
        # REVO corrects the resolution and records the impact; reopening
        # clears the resolution.
        by_revo.with_user(self.agent).write(
            {"resolution": "workaround", "impact": "clients"}
        )
        self.assertEqual(by_revo.resolution, "workaround")
        by_reseller.with_user(self.reseller_user_a).write(
            {"stage_id": self._stage("in_progress_reseller").id}
        )
        self.assertFalse(by_reseller.resolution)

    def test_settings_refuse_bad_values(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            Settings.create({"revo_stalled_days": -1})
        with self.assertRaisesRegex(ValidationError, "must be 1 or more"):
            Settings.create({"revo_speed_factor": 0.5})
        Settings.create({"revo_stalled_days": 10, "revo_speed_factor": 3}).execute()
        self.assertEqual(Settings._get_revo_setting("revo_stalled_days"), 10)
        self.assertEqual(Settings._get_revo_setting("revo_speed_factor"), 3.0)
