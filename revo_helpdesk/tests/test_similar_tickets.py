# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import warmup

from .common import RevoHelpdeskCase


class TestSimilarTickets(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_2 = cls._create_user(
            "cx_agent_2", "revo_helpdesk.group_support_agent"
        )
        cls.viewed = cls._ticket(
            cls.portal_user_a,
            "Uber Eats orders are not received",
            "in_progress_reseller",
            "The terminal does not receive Uber Eats orders since this morning.",
        )
        cls.same_words = cls._ticket(
            cls.portal_user_a,
            "Uber Eats orders are not received",
            "resolved",
            "The terminal does not receive Uber Eats orders since this morning.",
        )
        cls.close = cls._ticket(
            cls.portal_user_a,
            "Uber Eats orders are not received on the kitchen terminal",
            "resolved",
            "Orders from Uber Eats stopped after the menu changed.",
        )
        cls.other_reseller = cls._ticket(
            cls.portal_user_b,
            "Uber Eats orders are not received",
            "resolved",
            "The till does not receive Uber Eats orders since yesterday.",
        )
        cls.open_twin = cls._ticket(
            cls.portal_user_a,
            "Uber Eats orders are not received",
            "in_progress_revo_support",
            "The terminal does not receive Uber Eats orders since this morning.",
        )
        cls.canceled_twin = cls._ticket(
            cls.portal_user_a,
            "Uber Eats orders are not received",
            "canceled",
            "The terminal does not receive Uber Eats orders since this morning.",
        )
        cls.unrelated = cls._ticket(
            cls.portal_user_a,
            "Fiscal printer certification",
            "resolved",
            "Which fiscal printers are certified in Portugal?",
        )

        cls.mine = (
            cls.same_words
            | cls.close
            | cls.other_reseller
            | cls.open_twin
            | cls.canceled_twin
            | cls.unrelated
        )

    @classmethod
    def _ticket(cls, portal_user, name, stage, text):
        ticket = cls._create_client_ticket(portal_user, name)
        ticket.sudo().write(
            {"description": f"<p>{text}</p>", "stage_id": cls._stage(stage).id}
        )
        return ticket

    def _similar(self, user):
        """The suggestions among this test's tickets (demo data may add
        others)."""
        self.env.invalidate_all()
        similar = self.viewed.with_user(user).similar_ticket_ids
        return similar.filtered(lambda ticket: ticket in self.mine)

    def _vote(self, user, suggested, action):
        return getattr(
            suggested.with_user(user).with_context(revo_similar_to=self.viewed.id),
            action,
        )()

    def test_same_words_rank_first_among_resolved_tickets(self):
        similar = self._similar(self.agent)
        self.assertEqual(
            similar.ids, [self.same_words.id, self.other_reseller.id, self.close.id]
        )
        self.assertNotIn(self.open_twin, similar, "only resolved tickets")
        self.assertNotIn(self.canceled_twin, similar, "canceled is not resolved")
        self.assertNotIn(self.unrelated, similar)
        self.assertNotIn(self.viewed, similar)

    def test_reseller_never_sees_another_resellers_ticket(self):
        self.assertEqual(
            self._similar(self.reseller_user_a).ids, [self.same_words.id, self.close.id]
        )
        with self.assertRaises(AccessError):
            self.viewed.with_user(self.reseller_user_b)._get_similar_tickets()

    def test_unhelpful_suggestion_drops_out_for_its_user(self):
        action = self._vote(self.agent, self.same_words, "action_similar_unhelpful")
        self.assertEqual(action["tag"], "soft_reload")
        self.assertNotIn(self.same_words, self._similar(self.agent))
        self.assertEqual(self._similar(self.agent)[0], self.other_reseller)
        # Another user still gets it, below the suggestions nobody rejected.
        self.assertIn(self.same_words, self._similar(self.agent_2))
        # Changing one's mind brings it back.
        self._vote(self.agent, self.same_words, "action_similar_helpful")
        self.assertEqual(self._similar(self.agent)[0], self.same_words)
        feedback = self.env["revo.helpdesk.ticket.feedback"].search(
            [("ticket_id", "=", self.viewed.id), ("user_id", "=", self.agent.id)]
        )
        self.assertEqual(feedback.mapped("vote"), ["up"], "one vote per user and pair")

    def test_helpful_votes_raise_a_suggestion(self):
        self.assertEqual(
            self._similar(self.agent).ids,
            [self.same_words.id, self.other_reseller.id, self.close.id],
        )
        for user in (self.reseller_user_a, self.agent_2):
            self._vote(user, self.close, "action_similar_helpful")
        # Two votes lift it over a closer text, not over the same words.
        self.assertEqual(
            self._similar(self.agent).ids,
            [self.same_words.id, self.close.id, self.other_reseller.id],
        )

    def test_votes_need_the_viewed_ticket_and_access(self):
        with self.assertRaisesRegex(UserError, "Similar Tickets panel"):
            self.same_words.with_user(self.agent).action_similar_helpful()
        # A reseller cannot vote on, nor probe, another reseller's tickets.
        with self.assertRaises(AccessError):
            self._vote(
                self.reseller_user_b, self.other_reseller, "action_similar_helpful"
            )
        with self.assertRaises(AccessError):
            self.env["revo.helpdesk.ticket.feedback"].with_user(
                self.reseller_user_b
            ).create(
                {
                    "ticket_id": self.viewed.id,
                    "suggested_ticket_id": self.other_reseller.id,
                    "vote": "down",
                }
            )

    def test_panel_lists_the_suggestions_when_its_tab_opens(self):
        self.same_words.sudo().resolution = "revo"
        rows = self.viewed.with_user(self.reseller_user_a).read_similar_tickets()
        mine = [row for row in rows if row["id"] in self.mine.ids]
        self.assertEqual(
            [row["id"] for row in mine], [self.same_words.id, self.close.id]
        )
        self.assertEqual(mine[0]["name"], self.same_words.name)
        self.assertEqual(mine[0]["number"], self.same_words.number)
        self.assertEqual(mine[0]["resolution"], "Solved by REVO")
        self.assertTrue(mine[0]["closed_date"])
        with self.assertRaises(AccessError):
            self.viewed.with_user(self.reseller_user_b).read_similar_tickets()

    def test_suggestion_opens_in_one_click(self):
        action = self.same_words.with_user(self.reseller_user_a).action_open_ticket()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("helpdesk.ticket", self.same_words.id),
        )

    @warmup
    def test_similar_tickets_cost_one_query(self):
        self.env.invalidate_all()
        viewed = self.viewed.with_user(self.agent)
        viewed.fetch(["similarity_text"])
        with self.assertQueryCount(1):
            viewed._get_similar_tickets()
