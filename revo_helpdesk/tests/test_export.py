# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import zipfile

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import RevoHelpdeskCase

ROUTE = "/revo_helpdesk/tickets.json"


@tagged("post_install", "-at_install")
class TestExport(HttpCase, RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_client_ticket(cls.portal_user_a, "Export A")
        cls.ticket_a2 = cls._create_reseller_ticket(cls.reseller_user_a, "Export A2")
        cls.ticket_b = cls._create_client_ticket(cls.portal_user_b, "Export B")

    def _get(self, **params):
        return self.url_open(ROUTE, params=params)

    def test_json_export_as_reseller_returns_its_tickets_only(self):
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        response = self._get(fields="number,name,reseller_id,stage_id")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        ids = [ticket["id"] for ticket in data["tickets"]]
        self.assertEqual(ids, (self.ticket_a | self.ticket_a2).ids)
        self.assertEqual(data["count"], 2)
        self.assertEqual(
            {ticket["reseller_id"][0] for ticket in data["tickets"]},
            {self.reseller_a.id},
        )
        self.assertNotIn("Export B", response.text)
        # A domain cannot reach further than the record rules.
        response = self._get(domain=json.dumps([["id", "=", self.ticket_b.id]]))
        self.assertEqual(response.json()["count"], 0)

    def test_json_export_as_support_returns_all(self):
        self.authenticate(self.agent.login, self.agent.login)
        data = self._get(domain=json.dumps([["name", "like", "Export"]])).json()
        self.assertEqual(data["count"], 3)
        self.assertIn("is_stalled", data["tickets"][0])

    def test_json_export_refuses_bad_parameters(self):
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        response = self._get(fields="name,password")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Unknown export fields: password", response.json()["error"])
        response = self._get(domain="[[")
        self.assertEqual(response.status_code, 400)
        self.assertIn("not a valid Odoo domain", response.json()["error"])
        response = self._get(limit="5000")
        self.assertEqual(response.status_code, 400)
        self.assertIn("between 1 and 1000", response.json()["error"])

    def test_json_export_domain_cannot_reach_into_messages(self):
        self.ticket_a.with_user(self.agent).message_post(
            body="REVO only: refund them",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        response = self._get(
            domain=json.dumps([["message_ids.body", "ilike", "refund"]])
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("not on message_ids.body", response.json()["error"])

    def test_json_export_as_client_gives_the_partner_facts_only(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        data = self._get().json()
        self.assertEqual([t["id"] for t in data["tickets"]], self.ticket_a.ids)
        self.assertNotIn("dev_reference", data["tickets"][0])
        self.assertNotIn("user_id", data["tickets"][0])
        response = self._get(fields="name,escalated")
        self.assertEqual(response.status_code, 400)

    def test_json_export_needs_a_login(self):
        response = self.url_open(ROUTE, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_standard_export_as_reseller(self):
        """CSV and XLSX go through Odoo's export, which reads as the user."""
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        rows = Ticket.search([]).export_data(["number", "name"])["datas"]
        self.assertEqual(sorted(row[1] for row in rows), ["Export A", "Export A2"])
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        export_form = {
            "data": json.dumps(
                {
                    "model": "helpdesk.ticket",
                    "fields": [{"name": "name", "label": "Title"}],
                    "ids": False,
                    "domain": [],
                    "import_compat": False,
                }
            ),
            "csrf_token": http.Request.csrf_token(self),
        }
        response = self.url_open("/web/export/csv", data=export_form)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Export A2", response.text)
        self.assertNotIn("Export B", response.text)
        response = self.url_open("/web/export/xlsx", data=export_form)
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
            cells = workbook.read("xl/sharedStrings.xml").decode()
        self.assertIn("Export A2", cells)
        self.assertNotIn("Export B", cells)
