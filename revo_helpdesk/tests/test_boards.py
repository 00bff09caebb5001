# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tools.safe_eval import safe_eval

from .common import RevoHelpdeskCase

RESELLER_COLUMNS = [
    "Backlog - Client",
    "Backlog - Reseller",
    "In Progress - Reseller",
    "Confirmation - Reseller",
    "Resolved",
]
SUPPORT_COLUMNS = [
    "Backlog - REVO Support",
    "In Progress - REVO Support",
    "In Progress - Internal Review",
    "Canceled",
]
DEVELOPMENT_COLUMNS = [
    "Backlog - Dev REVO",
    "In Progress - Dev REVO",
    "Pending Release - REVO",
]


class TestBoards(RevoHelpdeskCase):
    """Each role's menu opens the board on its own work first: a CX agent at
    1440 px must not scroll past the reseller's five columns to reach Backlog
    - REVO Support."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env["ir.actions.act_window"]._for_xml_id(
            "revo_helpdesk.helpdesk_ticket_action_reseller_support"
        )
        cls.at_dev = cls._create_client_ticket(cls.portal_user_a, "Stock is wrong")
        cls.at_dev.sudo().stage_id = cls._stage("backlog_dev")
        cls.at_support = cls._create_client_ticket(cls.portal_user_a, "Card reader")
        cls.at_support.sudo().stage_id = cls._stage("in_progress_revo_support")

    def _board(self, user):
        """The board as the menu opens it for `user`: its columns in order,
        and the tickets it shows."""
        context = safe_eval(self.action["context"])
        self.assertTrue(context.get("search_default_my_board"))
        domain = safe_eval(self.action["domain"]) + [("on_my_board", "=", True)]
        # As the kanban asks: with the empty columns.
        Ticket = self.Ticket.with_user(user).with_context(
            context, read_group_expand=True
        )
        groups = Ticket.formatted_read_group(domain, ["stage_id"], ["__count"])
        return (
            [group["stage_id"][1] for group in groups],
            Ticket.search(domain),
        )

    def test_cx_board_opens_on_revo_support(self):
        columns, tickets = self._board(self.agent)
        self.assertEqual(columns, SUPPORT_COLUMNS)
        self.assertIn(self.at_support, tickets)
        self.assertNotIn(self.at_dev, tickets)

    def test_developer_board_opens_on_development(self):
        columns, tickets = self._board(self.developer)
        self.assertEqual(columns, DEVELOPMENT_COLUMNS)
        self.assertEqual(set(tickets.stage_id.mapped("owner")), {"development"})

    def test_reseller_board_keeps_its_cases_at_revo_visible(self):
        """The guide: "cases opened by resellers appear in the Backlog - REVO
        Support column"; a case further on at REVO shows in its own column."""
        columns, tickets = self._board(self.reseller_user_a)
        self.assertEqual(
            columns,
            RESELLER_COLUMNS
            + [
                "Backlog - REVO Support",
                "In Progress - REVO Support",
                "Backlog - Dev REVO",
            ],
        )
        self.assertIn(self.at_dev, tickets)

    def test_manager_keeps_the_whole_board(self):
        columns, _tickets = self._board(self.manager)
        self.assertEqual(
            columns, RESELLER_COLUMNS + SUPPORT_COLUMNS + DEVELOPMENT_COLUMNS
        )

    def test_my_tickets_and_unassigned_filters(self):
        search = self.Ticket.with_user(self.agent).get_views([(False, "search")])
        arch = etree.fromstring(search["views"]["search"]["arch"])
        names = set(arch.xpath("//filter/@name"))
        self.assertLessEqual({"my_board", "mytickets", "unassigned"}, names)

    def test_a_release_lists_its_tickets_whatever_the_board(self):
        release = self.env["revo.helpdesk.release"].create({"name": "9.1.0"})
        action = release.with_user(self.developer).action_view_tickets()
        self.assertNotIn("search_default_my_board", action["context"])
