# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PortalViewModeMixin, RevoHelpdeskCase


@tagged("post_install", "-at_install")
class TestPortalClients(PortalViewModeMixin, HttpCase, RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague_a = new_test_user(
            cls.env, login="client_a_colleague", groups="base.group_portal"
        )
        cls.colleague_a.partner_id.parent_id = cls.client_a
        cls.ticket_a = cls._create_client_ticket(cls.portal_user_a, "Alpha printer")
        cls.ticket_colleague = cls._create_client_ticket(
            cls.colleague_a, "Colleague drawer"
        )
        cls.ticket_b = cls._create_client_ticket(cls.portal_user_b, "Bravo printer")

    def _visible_to(self, user):
        return self.Ticket.with_user(user).search([])

    def test_client_sees_own_tickets_only(self):
        self.assertEqual(self._visible_to(self.portal_user_a), self.ticket_a)
        self.assertEqual(self._visible_to(self.portal_user_b), self.ticket_b)

    def test_company_may_share_tickets_among_its_contacts(self):
        self.client_a.share_tickets_in_company = True
        self.assertEqual(
            self._visible_to(self.portal_user_a), self.ticket_a | self.ticket_colleague
        )
        self.assertEqual(self._visible_to(self.portal_user_b), self.ticket_b)

    def test_reseller_case_about_a_client_stays_with_revo(self):
        self.client_a.share_tickets_in_company = True
        case = self.Ticket.with_user(self.reseller_user_a).create(
            {
                "name": "Client is difficult",
                "description": "<p>Between us and REVO.</p>",
                "partner_id": self.portal_user_a.partner_id.id,
            }
        )
        self.assertEqual(case.origin, "reseller")
        case.sudo().message_subscribe(self.portal_user_a.partner_id.ids)
        self.assertNotIn(case, self._visible_to(self.portal_user_a))

    def test_portal_list_page(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open("/my/tickets").text
        self.assertIn("Alpha printer", page)
        self.assertNotIn("Colleague drawer", page)
        self.assertNotIn("Bravo printer", page)

    def test_portal_list_shows_state_and_newest_update_first(self):
        self.ticket_a.sudo().last_action_date = "2026-01-01 10:00:00"
        newer = self._create_client_ticket(self.portal_user_a, "Zeta newer")
        newer.sudo().stage_id = self._stage("resolved")
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open("/my/tickets").text
        self.assertLess(page.index("Zeta newer"), page.index("Alpha printer"))
        self.assertIn("Last Update", page)
        self.assertIn("Ticket Closed", page)
        self.assertIn("Ticket Open", page)
        self.assertIn(newer.number, page)

    def test_client_cannot_read_revo_working_data(self):
        own = self.ticket_a.with_user(self.portal_user_a)
        own.read(["name", "stage_id"])
        for field in (
            "dev_reference",
            "dev_url",
            "support_hours",
            "external_party_id",
            "resolution",
            "impact",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                own.read([field])

    def test_portal_ticket_page_of_other_client_is_refused(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        response = self.url_open(f"/my/ticket/{self.ticket_b.id}")
        self.assertNotIn("Bravo printer", response.text)

    def test_portal_submission_is_a_client_ticket_of_the_reseller(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Kitchen display is blank",
                "description": "Since the update",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("name", "=", "Kitchen display is blank")])
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(ticket.origin_color, 2)
        told = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", "New client ticket"),
            ]
        )
        self.assertEqual(told.partner_ids, self.reseller_user_a.partner_id)
        self.assertIn("waits for you in Backlog - Reseller", told.body)

    def test_client_reopens_resolved_ticket(self):
        self.ticket_a.sudo().stage_id = self._stage("resolved")
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        self.assertIn('value="reopen"', page)
        self.assertNotIn('value="close"', page)
        response = self._post_view_mode(self.ticket_a, "reopen")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.ticket_a.stage_id, self._stage("backlog_reseller"))

    def test_client_cannot_move_open_ticket_or_other_tickets(self):
        self.ticket_b.sudo().stage_id = self._stage("resolved")
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        self.assertNotIn(
            'value="reopen"', self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        )
        for ticket in (self.ticket_a, self.ticket_b):
            self._post_view_mode(ticket, "reopen")
        self.assertEqual(self.ticket_a.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(self.ticket_b.stage_id, self._stage("resolved"))

    def test_helpdesk_mgmt_close_route_cannot_close_others_tickets(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        for ticket in (self.ticket_a, self.ticket_b):
            response = self.url_open(
                f"/ticket/close?ticket_id={ticket.id}&stage_id={done.id}"
            )
            self.assertEqual(response.status_code, 403)
            self.assertNotEqual(ticket.stage_id, done)

    def test_portal_lists_no_file_of_internal_messages(self):
        for name, author, subtype in (
            ("internal_secret.txt", self.agent, "mail.mt_note"),
            ("support_msg.txt", self.reseller_user_a, "mail.mt_comment"),
            ("for_the_client.txt", self.reseller_user_a, "mail.mt_note"),
        ):
            attachment = (
                self.env["ir.attachment"]
                .with_user(author)
                .create(
                    {
                        "name": name,
                        "raw": b"x",
                        "res_model": "helpdesk.ticket",
                        "res_id": self.ticket_a.id,
                    }
                )
            )
            self.ticket_a.with_user(author).message_post(
                body=name,
                message_type="comment",
                subtype_xmlid=subtype,
                attachment_ids=attachment.ids,
            )
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        self.assertNotIn("internal_secret.txt", page)
        self.assertNotIn("support_msg.txt", page)
        self.assertIn("for_the_client.txt", page, "an Add Note's file is the client's")
