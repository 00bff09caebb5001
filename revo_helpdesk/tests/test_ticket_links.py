# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .common import RevoHelpdeskCase


class TestTicketLinks(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a1 = cls._create_client_ticket(cls.portal_user_a, "Printer A1")
        cls.a2 = cls._create_client_ticket(cls.portal_user_a, "Printer A2")
        cls.a3 = cls._create_reseller_ticket(cls.reseller_user_a, "Printer A3")
        cls.b1 = cls._create_client_ticket(cls.portal_user_b, "Printer B1")

    def test_links_are_visible_from_both_sides(self):
        self.a1.with_user(self.reseller_user_a).linked_ticket_ids = [
            (4, self.a2.id),
            (4, self.a3.id),
        ]
        self.assertEqual(self.a1.linked_ticket_ids, self.a2 | self.a3)
        self.assertEqual(self.a2.linked_ticket_ids, self.a1)
        self.assertEqual(
            self.Ticket.search([("linked_ticket_ids", "in", self.a1.ids)]),
            self.a2 | self.a3,
        )
        # Unlinked from the other side, the link is gone on both.
        self.a2.with_user(self.reseller_user_a).linked_ticket_ids = [(3, self.a1.id)]
        self.assertEqual(self.a1.linked_ticket_ids, self.a3)
        self.assertFalse(self.a2.linked_ticket_ids)

    def test_a_ticket_is_not_linked_to_itself(self):
        self.a1.linked_ticket_ids = [(4, self.a1.id)]
        self.a1.invalidate_recordset(["linked_ticket_ids"])
        self.assertFalse(self.a1.linked_ticket_ids)

    def test_reseller_cannot_link_another_resellers_ticket(self):
        with self.assertRaises(AccessError):
            self.a1.with_user(self.reseller_user_a).linked_ticket_ids = [
                (4, self.b1.id)
            ]
        self.assertFalse(self.a1.linked_ticket_ids)

    def test_links_to_other_resellers_stay_hidden_and_kept(self):
        """REVO links tickets of two resellers; each reseller sees only its
        side, and editing its links leaves the hidden one alone."""
        self.a1.with_user(self.agent).linked_ticket_ids = [
            (4, self.b1.id),
            (4, self.a2.id),
        ]
        self.env.invalidate_all()
        as_reseller_a = self.a1.with_user(self.reseller_user_a)
        self.assertEqual(as_reseller_a.linked_ticket_ids, self.a2)
        self.assertFalse(
            self.Ticket.with_user(self.reseller_user_a).search(
                [("linked_ticket_ids", "in", self.a1.ids), ("id", "=", self.b1.id)]
            )
        )
        as_reseller_a.linked_ticket_ids = [(3, self.a2.id), (4, self.a3.id)]
        self.env.invalidate_all()
        self.assertEqual(self.a1.linked_ticket_ids, self.b1 | self.a3)
        self.assertEqual(self.b1.linked_ticket_ids, self.a1)
        self.env.invalidate_all()
        self.assertFalse(self.b1.with_user(self.reseller_user_b).linked_ticket_ids)

    def test_create_several_tickets_in_a_row(self):
        """Create and New saves the ticket and opens a new one keeping what
        a series shares."""
        tag = self.env["helpdesk.ticket.tag"].create({"name": "Printer"})
        first = self.Ticket.with_user(self.reseller_user_a).create(
            {
                "name": "Printer 1",
                "description": "<p>Kitchen</p>",
                "priority": "2",
                "tag_ids": [(6, 0, tag.ids)],
                "linked_ticket_ids": [(6, 0, self.a1.ids)],
            }
        )
        action = first.with_user(self.reseller_user_a).action_create_and_new()
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        defaults = {
            key.removeprefix("default_"): value
            for key, value in action["context"].items()
        }
        second = (
            self.Ticket.with_user(self.reseller_user_a)
            .with_context(**action["context"])
            .create({"name": "Printer 2", "description": "<p>Bar</p>"})
        )
        self.assertEqual(defaults["priority"], "2")
        self.assertEqual(second.tag_ids, tag)
        self.assertEqual(second.priority, "2")
        self.assertEqual(second.team_id, first.team_id)
        self.assertEqual(second.linked_ticket_ids, self.a1)
        self.assertEqual(self.a1.linked_ticket_ids, first | second)

    def test_links_are_looked_up_only_for_linked_tickets(self):
        """has_links follows the links made on either side, archived linked
        tickets included, so a ticket without any reads its links without
        a query."""
        self.assertFalse(self.a1.has_links)
        self.a1.link_ids = [(4, self.a2.id)]
        self.assertTrue(self.a1.has_links)
        self.assertTrue(self.a2.has_links, "the side the link was made to")
        self.a2.active = False
        self.assertTrue(self.a1.has_links)
        self.assertEqual(
            self.a1.with_context(active_test=False).linked_ticket_ids, self.a2
        )
        self.a2.linked_by_ids = [(3, self.a1.id)]
        self.assertFalse(self.a1.has_links)
        self.assertFalse(self.a2.has_links)
        self.env.invalidate_all()
        ticket = self.a3.with_user(self.reseller_user_a)
        ticket.fetch(["has_links"])
        with self.assertQueryCount(0):
            self.assertFalse(ticket.linked_ticket_ids)

    def test_links_hidden_from_the_editor_keep_the_flag(self):
        """A reseller removing its last visible link leaves the ticket
        flagged while links it cannot see remain (an archived ticket, another
        reseller's ticket linked by REVO): they still show to whoever may
        read them."""
        self.a1.with_user(self.agent).linked_ticket_ids = [
            (4, self.a2.id),
            (4, self.a3.id),
            (4, self.b1.id),
        ]
        self.a2.active = False
        self.env.invalidate_all()
        self.a1.with_user(self.reseller_user_a).linked_ticket_ids = [(3, self.a3.id)]
        self.env.invalidate_all()
        self.assertTrue(self.a1.has_links)
        self.assertEqual(
            self.a1.with_context(active_test=False).linked_ticket_ids,
            self.a2 | self.b1,
        )
        self.assertEqual(self.b1.linked_ticket_ids, self.a1)
