# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .common import RevoHelpdeskCase


class TestTicketOrigin(RevoHelpdeskCase):
    def test_client_ticket_from_portal(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(ticket.origin_color, 2, "client cards are orange")
        self.assertFalse(ticket.escalated)

    def test_portal_stage_of_another_team_is_replaced(self):
        """helpdesk_mgmt's portal controller passes the first generic stage."""
        generic_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        ticket = (
            self.Ticket.with_user(self.portal_user_a)
            .sudo()
            .create(
                {
                    "name": "Cash drawer",
                    "description": "<p>Stuck</p>",
                    "partner_id": self.portal_user_a.partner_id.id,
                    "stage_id": generic_stage.id,
                }
            )
        )
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_reseller_ticket(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        self.assertEqual(ticket.origin, "reseller")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.partner_id, self.reseller_user_a.partner_id)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        self.assertEqual(ticket.origin_color, 0, "reseller cards are white")

    def test_reseller_ticket_about_own_client_stays_a_reseller_ticket(self):
        client_contact = self.portal_user_a.partner_id
        ticket = self.Ticket.with_user(self.reseller_user_a).create(
            {"name": "Help", "description": "<p>x</p>", "partner_id": client_contact.id}
        )
        self.assertEqual(ticket.origin, "reseller")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))

    def test_agent_opens_ticket_for_a_client(self):
        ticket = self.Ticket.with_user(self.agent).create(
            {
                "name": "Called in",
                "description": "<p>By phone</p>",
                "partner_id": self.portal_user_b.partner_id.id,
            }
        )
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.reseller_id, self.reseller_b)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_agent_may_correct_origin(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        ticket.with_user(self.agent).origin = "client"
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.origin_color, 2)

    def test_reseller_cannot_open_ticket_for_other_resellers_client(self):
        count = self.Ticket.search_count([])
        with self.assertRaisesRegex(
            UserError,
            "tickets of Reseller A and its clients; .* is served by Reseller B",
        ):
            self.Ticket.with_user(self.reseller_user_a).create(
                {
                    "name": "Not mine",
                    "description": "<p>x</p>",
                    "partner_id": self.portal_user_b.partner_id.id,
                }
            )
        self.assertEqual(self.Ticket.search_count([]), count)

    def test_reseller_cannot_move_ticket_to_other_reseller(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        with self.assertRaisesRegex(UserError, "tickets of Reseller A and its clients"):
            ticket.with_user(
                self.reseller_user_a
            ).partner_id = self.portal_user_b.partner_id
        self.assertEqual(ticket.partner_id, self.reseller_user_a.partner_id)
        self.assertEqual(ticket.reseller_id, self.reseller_a)

    def test_reseller_cannot_write_origin(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        with self.assertRaisesRegex(
            UserError, "You cannot write these fields of a ticket: Origin"
        ):
            ticket.with_user(self.reseller_user_a).write({"origin": "reseller"})
        self.assertEqual(ticket.origin, "client")
        with self.assertRaisesRegex(
            UserError, "You cannot write these fields of a ticket: Origin"
        ):
            self.Ticket.with_user(self.reseller_user_a).create(
                {"name": "x", "description": "<p>x</p>", "origin": "client"}
            )

    def test_waiting_on_my_side(self):
        client_ticket = self._create_client_ticket(self.portal_user_a)
        reseller_ticket = self._create_reseller_ticket(self.reseller_user_a)
        tickets = client_ticket | reseller_ticket
        domain = [("id", "in", tickets.ids), ("waiting_on_my_side", "=", True)]
        self.assertEqual(
            self.Ticket.with_user(self.reseller_user_a).search(domain), client_ticket
        )
        self.assertEqual(
            self.Ticket.with_user(self.agent).search(domain), reseller_ticket
        )
        not_mine = [("id", "in", tickets.ids), ("waiting_on_my_side", "=", False)]
        self.assertEqual(
            self.Ticket.with_user(self.agent).search(not_mine), client_ticket
        )
        self.assertTrue(
            client_ticket.with_user(self.reseller_user_a).waiting_on_my_side
        )

    def test_reached_development_is_remembered(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        self.assertFalse(ticket.reached_development)
        ticket.stage_id = self._stage("backlog_dev")
        ticket.stage_id = self._stage("confirmation_reseller")
        self.assertTrue(ticket.reached_development)
