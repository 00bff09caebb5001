# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import RevoHelpdeskCase

# The guide's stages in board order, with whose court the ball is in.
EXPECTED_STAGES = [
    ("stage_backlog_client", "Backlog - Client", "reseller"),
    ("stage_backlog_reseller", "Backlog - Reseller", "reseller"),
    ("stage_in_progress_reseller", "In Progress - Reseller", "reseller"),
    ("stage_confirmation_reseller", "Confirmation - Reseller", "reseller"),
    ("stage_resolved", "Resolved", "reseller"),
    ("stage_backlog_revo_support", "Backlog - REVO Support", "support"),
    ("stage_in_progress_revo_support", "In Progress - REVO Support", "support"),
    ("stage_internal_review", "In Progress - Internal Review", "support"),
    ("stage_canceled", "Canceled", "support"),
    ("stage_backlog_dev", "Backlog - Dev REVO", "development"),
    ("stage_in_progress_dev", "In Progress - Dev REVO", "development"),
    ("stage_pending_release", "Pending Release - REVO", "development"),
]


class TestStages(RevoHelpdeskCase):
    def test_twelve_stages_in_guide_order(self):
        stages = self.env["helpdesk.ticket.stage"].search(
            [("team_ids", "=", self.team.id)]
        )
        self.assertEqual(
            [
                (s.get_external_id()[s.id].split(".")[1], s.name, s.owner)
                for s in stages
            ],
            EXPECTED_STAGES,
        )

    def test_only_resolved_and_canceled_are_closed_and_folded(self):
        stages = self.env["helpdesk.ticket.stage"].search(
            [("team_ids", "=", self.team.id)]
        )
        closed = stages.filtered("closed")
        self.assertEqual(closed, self._stage("resolved") | self._stage("canceled"))
        self.assertEqual(stages.filtered("fold"), closed)

    def test_kanban_columns_of_revo_team(self):
        """The board of the REVO team shows its twelve columns, even empty ones,
        and none of helpdesk_mgmt's generic stages."""
        # The web client's kanban asks for empty columns with read_group_expand.
        self._create_client_ticket(self.portal_user_a)
        groups = (
            self.Ticket.with_user(self.agent)
            .with_context(default_team_id=self.team.id, read_group_expand=True)
            .web_read_group(
                [("team_id", "=", self.team.id)],
                ["stage_id"],
                ["__count"],
            )["groups"]
        )
        self.assertEqual(
            [group["stage_id"][1] for group in groups],
            [name for _xmlid, name, _owner in EXPECTED_STAGES],
        )

    def test_other_teams_keep_helpdesk_mgmt_stages(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Internal IT"})
        ticket = self.Ticket.create(
            {"name": "VPN", "description": "<p>Down</p>", "team_id": other_team.id}
        )
        self.assertFalse(ticket.origin)
        self.assertFalse(ticket.stage_id.owner)
