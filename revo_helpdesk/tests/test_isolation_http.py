# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import requests

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_isolation import IsolationCase


@tagged("post_install", "-at_install")
class TestResellerIsolationHttp(HttpCase, IsolationCase):
    """The same isolation, through the JSON-RPC routes the web client uses."""

    def _call_kw(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/helpdesk.ticket/{method}",
            {
                "model": "helpdesk.ticket",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def _assert_refused(self, route, params):
        try:
            result = self.make_jsonrpc_request(route, params)
        except (JsonRpcException, requests.HTTPError):
            return
        self.fail(f"{route} answered {result!r} to another reseller's ticket")

    def setUp(self):
        super().setUp()
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)

    def test_search_read_returns_own_tickets(self):
        result = self._call_kw(
            "web_search_read", [], {"domain": [], "specification": {"name": {}}}
        )
        self.assertEqual([r["id"] for r in result["records"]], self.ticket_a.ids)

    # The refusal is expected: odoo.http logs each as a warning.
    @mute_logger("odoo.http")
    def test_read_other_reseller_ticket_is_refused(self):
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw(
                "web_read", [self.ticket_b.ids], {"specification": {"name": {}}}
            )

    # The refusal is expected: odoo.http logs each as a warning.
    @mute_logger("odoo.http")
    def test_write_other_reseller_ticket_is_refused(self):
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw(
                "web_save",
                [self.ticket_b.ids, {"priority": "3"}],
                {"specification": {}},
            )
        self.assertEqual(self.ticket_b.priority, "1")

    def test_read_group_counts_own_tickets(self):
        result = self._call_kw(
            "web_read_group",
            [],
            {"domain": [], "groupby": ["reseller_id"], "aggregates": ["__count"]},
        )
        self.assertEqual(
            [(g["reseller_id"][0], g["__count"]) for g in result["groups"]],
            [(self.reseller_a.id, 1)],
        )

    def test_name_search_hides_other_reseller(self):
        result = self._call_kw("name_search", [], {"name": self.ticket_b.number})
        self.assertEqual(result, [])

    def test_post_on_other_reseller_ticket_is_refused(self):
        self._assert_refused(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket_b.id,
                "post_data": {"body": "Sneaking in", "message_type": "comment"},
            },
        )
        self.assertNotIn("Sneaking in", self.ticket_b.message_ids.mapped("body"))

    def test_messages_of_other_reseller_are_hidden(self):
        try:
            result = self.make_jsonrpc_request(
                "/mail/thread/messages",
                {"thread_model": "helpdesk.ticket", "thread_id": self.ticket_b.id},
            )
        except (JsonRpcException, requests.HTTPError):
            return
        leaked = [
            message
            for message in result["data"].get("mail.message", [])
            if message["model"] == "helpdesk.ticket"
            and message["res_id"] == self.ticket_b.id
        ]
        self.assertFalse(leaked)
