# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import RevoHelpdeskCase

# The routes that only read, which Odoo may serve from a read replica
# (docs/deploy.md lists them).
READONLY_ROUTES = ["/revo_helpdesk/tickets.json", "/my/tickets"]
# The model methods the web client calls through /web/dataset/call_kw that
# only read: boards, lists, forms, the similar-tickets panel, the move
# buttons' labels and the partner list.
READONLY_METHODS = [
    ("helpdesk.ticket", "web_read_group"),
    ("helpdesk.ticket", "web_search_read"),
    ("helpdesk.ticket", "read_progress_bar"),
    ("helpdesk.ticket", "web_read"),
    ("helpdesk.ticket", "read_similar_tickets"),
    ("revo.helpdesk.transition", "get_transition_buttons"),
    ("res.partner", "web_search_read"),
]


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(HttpCase, RevoHelpdeskCase):
    """The routes and methods that only read are marked so, and do only read:
    run on the read-only cursor HttpCase gives such requests (as a replica
    would), none of them writes (Odoo would then log that it retries on a
    read/write cursor)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_client_ticket(cls.portal_user_a)

    def _route_readonly(self, path):
        endpoint, args = self.env["ir.http"].routing_map().bind("").match(path)
        readonly = endpoint.routing["readonly"]
        if callable(readonly):
            readonly = readonly(endpoint.func.__self__, None, args)
        return readonly

    def _method_readonly(self, model, name):
        # As /web/dataset/call_kw decides it (web's DataSet._call_kw_readonly).
        for cls in type(self.env[model]).mro():
            method = getattr(cls, name, None)
            if method is not None and hasattr(method, "_readonly"):
                return method._readonly
        return False

    def test_read_only_routes_and_methods_are_marked(self):
        for path in READONLY_ROUTES:
            with self.subTest(path=path):
                self.assertIs(self._route_readonly(path), True)
        for model, name in READONLY_METHODS:
            with self.subTest(method=f"{model}.{name}"):
                self.assertIs(self._method_readonly(model, name), True)

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_they_do_not_write(self):
        with self.assertNoLogs("odoo.http", "WARNING"):
            self.authenticate(self.agent.login, self.agent.login)
            self._call_kw(
                "helpdesk.ticket",
                "web_read_group",
                [],
                {
                    "domain": [],
                    "groupby": ["stage_id"],
                    "aggregates": [],
                    "auto_unfold": True,
                    "unfold_read_specification": {"name": {}, "stage_id": {}},
                },
            )
            self._call_kw(
                "helpdesk.ticket",
                "web_read",
                [self.ticket.ids],
                {"specification": {"name": {}, "allowed_transition_ids": {}}},
            )
            self._call_kw("helpdesk.ticket", "read_similar_tickets", [self.ticket.ids])
            self._call_kw("revo.helpdesk.transition", "get_transition_buttons", [])
            self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
            self._call_kw(
                "res.partner",
                "web_search_read",
                [],
                {"domain": [], "specification": {"display_name": {}}},
            )
            response = self.url_open("/revo_helpdesk/tickets.json?limit=5")
            self.assertEqual(response.status_code, 200)
            self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
            response = self.url_open("/my/tickets")
            self.assertEqual(response.status_code, 200)
            self.assertIn(self.ticket.number, response.text)
