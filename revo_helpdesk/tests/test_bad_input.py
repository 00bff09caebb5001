# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import RevoHelpdeskCase

EXPORT = "/revo_helpdesk/tickets.json"


@tagged("post_install", "-at_install")
class TestBadInput(HttpCase, RevoHelpdeskCase):
    """Bad input on the module's routes and forms is refused with a 4xx or a
    clear message, never a server error, and nothing of it is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_client_ticket(cls.portal_user_a, "Alpha printer")

    def _export(self, **params):
        return self.url_open(EXPORT, params=params)

    def _assert_export_refused(self, message, **params):
        response = self._export(**params)
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn(message, response.json()["error"])
        return response

    # JSON export

    def test_export_offset_beyond_a_database_integer(self):
        self.authenticate(self.agent.login, self.agent.login)
        self._assert_export_refused(
            "offset between 0 and", offset="99999999999999999999"
        )

    def test_export_domain_value_of_the_wrong_type(self):
        self.authenticate(self.agent.login, self.agent.login)
        self._assert_export_refused(
            "not a valid Odoo domain", domain=json.dumps([["id", "=", "abc"]])
        )

    def test_export_deeply_nested_domain(self):
        self.authenticate(self.agent.login, self.agent.login)
        domain = "[" * 2000 + "]" * 2000
        self._assert_export_refused("not a valid Odoo domain", domain=domain)
        nested = '["!", ' * 2000 + '["id", "=", 1]' + "]" * 2000
        self._assert_export_refused("not a valid Odoo domain", domain=nested)
        # Deep enough to be read, too deep to be a domain of allowed paths.
        nested = '["!", ' * 100 + '["id", "=", 1]' + "]" * 100
        self._assert_export_refused("nested more than 12 lists", domain=nested)

    def test_export_huge_field_list(self):
        self.authenticate(self.agent.login, self.agent.login)
        # As long as the test server takes a request line (werkzeug answers
        # 414 beyond 64 KiB).
        response = self._assert_export_refused(
            "longer than 1000 characters", fields="name," + "x" * 60_000
        )
        self.assertLess(len(response.text), 2000, "the error does not echo it all")

    def test_export_empty_field_names_do_not_open_every_field(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        for fields in (",", " , ,"):
            self._assert_export_refused("Name at least one field", fields=fields)

    def test_export_any_sub_domain_is_checked_too(self):
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        for domain in (
            [["stage_id", "any", [["team_ids.user_ids.login", "like", "a"]]]],
            [["partner_id", "not any", [["email", "like", "@"]]]],
            ["!", ["stage_id", "any", [["name", "like", "a"]]]],
        ):
            self._assert_export_refused(
                "The domain may only filter on", domain=json.dumps(domain)
            )
        # Dotted paths on the allowed fields stay possible.
        response = self._export(domain=json.dumps([["stage_id.closed", "=", False]]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    # Portal list and ticket form

    def test_portal_list_with_unknown_sort_group_or_dates(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        for params, message in (
            ({"sortby": "foo"}, "Unknown sort order"),
            ({"groupby": "foo"}, "Unknown grouping"),
            ({"date_begin": "xx", "date_end": "yy"}, "not a date"),
        ):
            response = self.url_open("/my/tickets", params=params)
            self.assertEqual(response.status_code, 422, params)
            self.assertIn(message, response.text)
        page = self.url_open(
            "/my/tickets",
            params={
                "sortby": "name",
                "groupby": "stage",
                "date_begin": "2000-01-01",
                "date_end": "2999-12-31",
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha printer", page.text)

    def test_portal_submission_with_a_category_that_is_no_number(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Half-written ticket",
                "description": "x",
                "category": "abc",
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("Pick a category from the list", response.text)
        self.assertFalse(self.Ticket.search([("name", "=", "Half-written ticket")]))

    def test_anonymous_chatter_fetch_without_token(self):
        self.ticket_a.with_user(self.reseller_user_a).message_post(
            body="Restart it", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        for params in ({}, {"token": "not-the-token"}):
            with self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request(
                    "/mail/chatter_fetch",
                    {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": self.ticket_a.id,
                        **params,
                    },
                )
            self.assertEqual(refused.exception.code, 404, params)

    # Back-office forms

    def test_ticket_forms_onchange_without_ticket(self):
        """The web client's onchange of a form opened without its ticket."""
        for model, user in (
            ("revo.helpdesk.ticket.update.wizard", self.reseller_user_a),
            ("revo.helpdesk.escalate", self.reseller_user_a),
            ("revo.helpdesk.transition.wizard", self.agent),
            ("revo.helpdesk.incident.update.wizard", self.agent),
        ):
            Form = self.env[model].with_user(user)
            spec = {name: {} for name in Form._fields}
            result = Form.onchange({}, [], spec)
            if model == "revo.helpdesk.ticket.update.wizard":
                self.assertFalse(result["value"].get("can_close"))
                self.assertFalse(result["value"].get("can_reopen"))
