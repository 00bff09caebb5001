# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The screens say what the product then does."""

from odoo.tests import tagged

from .common import RevoHelpdeskCase


@tagged("post_install", "-at_install")
class TestWaitingOn(RevoHelpdeskCase):
    """Who the ticket waits on, per stage: not the stage's side."""

    def test_waiting_on_per_stage(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        expected = {
            "backlog_client": "client",
            "backlog_reseller": "reseller",
            "in_progress_reseller": "reseller",
            "confirmation_reseller": "reseller",
            "resolved": "nobody",
            "backlog_revo_support": "support",
            "in_progress_revo_support": "support",
            "internal_review": "support",
            "canceled": "nobody",
            "backlog_dev": "development",
            "in_progress_dev": "development",
            "pending_release": "development",
        }
        for stage_name, waiting_on in expected.items():
            with self.subTest(stage=stage_name):
                ticket.sudo().write(
                    {"stage_id": self._stage(stage_name).id, "dev_reference": "DEV-1"}
                )
                self.assertEqual(ticket.waiting_on, waiting_on)

    def test_waiting_on_filter_and_group_by(self):
        waiting_client = self._create_client_ticket(self.portal_user_a)
        waiting_client.sudo().stage_id = self._stage("backlog_client")
        waiting_reseller = self._create_client_ticket(self.portal_user_a, "Other")
        found = self.Ticket.search(
            [
                ("id", "in", (waiting_client | waiting_reseller).ids),
                ("waiting_on", "=", "client"),
            ]
        )
        self.assertEqual(found, waiting_client)
        groups = dict(
            self.Ticket._read_group(
                [("id", "in", (waiting_client | waiting_reseller).ids)],
                ["waiting_on"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"client": 1, "reseller": 1})

    def test_waiting_on_shown_on_card_form_list_and_filters(self):
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        for view_type in ("kanban", "form", "list"):
            with self.subTest(view=view_type):
                arch = Ticket.get_view(view_type=view_type)["arch"]
                self.assertIn('name="waiting_on"', arch)
        search = Ticket.get_view(view_type="search")["arch"]
        self.assertIn("'group_by': 'waiting_on'", search)
        self.assertIn("('waiting_on', '=', 'client')", search)
