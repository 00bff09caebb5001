# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import RevoHelpdeskCase


@tagged("post_install", "-at_install")
class TestTours(HttpCase, RevoHelpdeskCase):
    """What each role clicks, in Chromium."""

    def _ticket(self, name, stage, **values):
        ticket = self._create_client_ticket(self.portal_user_a, name)
        ticket.sudo().write(dict(values, stage_id=self._stage(stage).id))
        return ticket

    def test_reseller_moves_and_escalates(self):
        ticket = self._ticket("Tour printer", "backlog_client")
        ticket.sudo()._post_view_mode_update(
            "<p>The printer is an Epson TM-T20.</p>", "update", user=self.portal_user_a
        )
        self._create_reseller_ticket(self.reseller_user_a, "Tour licence")
        self.start_tour(
            "/odoo/reseller-support",
            "revo_helpdesk_reseller_tour",
            login=self.reseller_user_a.login,
        )
        self.assertFalse(ticket.client_replied, "the reseller opened it")
        self.assertTrue(ticket.escalated)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        note = ticket.message_ids.filtered(
            lambda m: "Which printer model is it?" in str(m.body)
        )
        self.assertEqual(note.subtype_id, self.env.ref("revo_helpdesk.mt_client_note"))
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "Restarted the printer" in str(m.body)
            )
        )

    def test_support_takes_and_asks_the_reseller(self):
        ticket = self._ticket(
            "Tour card payments", "backlog_revo_support", escalated=True
        )
        self.Ticket.with_user(self.agent).create(
            {
                "name": "Tour Uber Eats outage",
                "description": "<p>No Uber Eats orders reach REVO.</p>",
                "team_id": self.team.id,
                "is_incident": True,
                "incident_ticket_ids": [(4, ticket.id)],
            }
        )
        self.start_tour(
            "/odoo/reseller-support",
            "revo_helpdesk_support_tour",
            login=self.agent.login,
        )
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(ticket.activity_ids.user_id, self.reseller_user_a)

    def test_developer_references_and_releases(self):
        release = self.env["revo.helpdesk.release"].create({"name": "5.13.0"})
        ticket = self._ticket("Tour stock", "backlog_dev")
        self.start_tour(
            "/odoo/reseller-support",
            "revo_helpdesk_developer_tour",
            login=self.developer.login,
        )
        self.assertEqual(ticket.dev_reference, "POS-7777")
        self.assertEqual(ticket.release_id, release)
        self.assertEqual(ticket.stage_id, self._stage("pending_release"))

    def _fill_the_client_list_as_the_demo_does(self, ticket):
        """Names and stages as long as the demo's, for the list's width."""
        self.client_a.name = "Bar La Plaza"
        self.portal_user_a.partner_id.name = "Ana Ruiz"
        ticket.sudo().system_id = self.env["revo.helpdesk.system"].create(
            {
                "name": "Bar Plaza - main bar",
                "reference": "RV-10001",
                "partner_id": self.client_a.id,
            }
        )
        ticket.sudo().category_id = self.env.ref(
            "revo_helpdesk.category_issue_without_error"
        )
        question = self.env.ref("revo_helpdesk.category_question")
        self._ticket(
            "Stock is not deducted on combo products",
            "in_progress_dev",
            category_id=question.id,
            dev_reference="REVO-1234",
        )
        self._ticket(
            "Uber Eats orders are not received",
            "backlog_revo_support",
            category_id=question.id,
        )

    def test_client_reads_note_and_opens_a_ticket(self):
        ticket = self._ticket("Tour drawer", "backlog_client")
        ticket.with_user(self.reseller_user_a).message_post(
            body="Please restart the terminal and tell us.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._fill_the_client_list_as_the_demo_does(ticket)
        self.browser_size = "1440x900"
        self.start_tour(
            "/my/tickets", "revo_helpdesk_client_tour", login=self.portal_user_a.login
        )
        reply = ticket.message_ids.filtered(lambda m: "still sticks" in str(m.body))
        self.assertEqual(reply.attachment_ids.name, "drawer-log.txt")
        self.assertEqual(reply.attachment_ids.raw, b"E42 drawer")
        new = self.Ticket.search([("name", "=", "Kitchen display is blank")])
        self.assertEqual(new.origin, "client")
        self.assertEqual(new.reseller_id, self.reseller_a)
        self.assertEqual(
            new.category_id, self.env.ref("revo_helpdesk.category_issue_without_error")
        )
        self.assertTrue(new.response_deadline)
        self.assertEqual(new.stage_id, self._stage("resolved"), "closed by the client")
        self.assertTrue(
            new.message_ids.filtered(lambda m: "works again" in str(m.body))
        )

    def test_support_votes_on_similar_tickets(self):
        text = "The kitchen display loses every order sent from the Uber Eats tablet"
        viewed = self._ticket(
            "Tour kitchen display loses Uber Eats orders", "in_progress_revo_support"
        )
        twin = self._ticket("Tour twin resolved", "resolved")
        cousin = self._ticket("Tour cousin resolved", "resolved")
        (viewed | twin | cousin).sudo().write({"description": f"<p>{text}</p>"})
        self.start_tour(
            f"/odoo/reseller-support/{viewed.id}",
            "revo_helpdesk_similar_tour",
            login=self.agent.login,
        )
        feedback = self.env["revo.helpdesk.ticket.feedback"].search(
            [("ticket_id", "=", viewed.id)]
        )
        self.assertEqual(feedback.suggested_ticket_id, twin)
        self.assertEqual(feedback.user_id, self.agent)
