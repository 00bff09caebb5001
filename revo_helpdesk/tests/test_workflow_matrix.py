# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError

from .common import RevoHelpdeskCase

STAGES = [
    "backlog_client",
    "backlog_reseller",
    "in_progress_reseller",
    "confirmation_reseller",
    "resolved",
    "backlog_revo_support",
    "in_progress_revo_support",
    "internal_review",
    "canceled",
    "backlog_dev",
    "in_progress_dev",
    "pending_release",
]

# The moves the REVO guide names, for a client ticket that its reseller has
# not escalated yet, written out by hand: this table is the specification the
# module's own move table is checked against.
GUIDE_MOVES = {
    "reseller": {
        # "If the case is fully resolved, move it to this stage": from any
        # of the reseller's open stages.
        "backlog_client": {
            "backlog_reseller",
            "in_progress_reseller",
            "backlog_revo_support",
            "resolved",
            "canceled",
        },
        "backlog_reseller": {
            "in_progress_reseller",
            "backlog_client",
            "backlog_revo_support",
            "resolved",
            "canceled",
        },
        "in_progress_reseller": {
            "backlog_client",
            "backlog_revo_support",
            "resolved",
            "canceled",
        },
        "confirmation_reseller": {"resolved", "backlog_revo_support", "backlog_client"},
        "resolved": {"in_progress_reseller"},
    },
    "support": {
        "backlog_client": {"canceled"},
        "backlog_reseller": {"canceled"},
        "in_progress_reseller": {"canceled"},
        "confirmation_reseller": {"canceled"},
        "backlog_revo_support": {"in_progress_revo_support", "canceled"},
        "in_progress_revo_support": {
            "backlog_reseller",
            "confirmation_reseller",
            "backlog_dev",
            "internal_review",
            "canceled",
        },
        "internal_review": {
            "in_progress_revo_support",
            "backlog_dev",
            "confirmation_reseller",
            "canceled",
        },
        "backlog_dev": {"canceled"},
        "in_progress_dev": {"canceled"},
        "pending_release": {"canceled"},
    },
    "development": {
        "backlog_dev": {
            "in_progress_dev",
            "confirmation_reseller",
            "in_progress_revo_support",
        },
        "in_progress_dev": {
            "pending_release",
            "confirmation_reseller",
            "in_progress_revo_support",
        },
        "pending_release": {"confirmation_reseller", "in_progress_revo_support"},
    },
}


class TestWorkflowMatrix(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.release = cls.env["revo.helpdesk.release"].create({"name": "9.9.9"})
        cls.integrator = cls.env["res.partner"].create({"name": "UBER"})

    def _try_move(self, user, stage_from, stage_to):
        """'moved', 'needs input' (allowed, through its form) or 'refused'."""
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(
            {
                "stage_id": self._stage(stage_from).id,
                "external_party_id": self.integrator.id,
                "dev_reference": "POS-1",
                "release_id": self.release.id,
            }
        )
        try:
            with self.env.cr.savepoint():
                ticket.with_user(user).write({"stage_id": self._stage(stage_to).id})
        except AccessError:
            return "refused"
        except UserError as error:
            if "You cannot move" in str(error):
                return "refused"
            self.assertIn("button", str(error))
            return "needs input"
        finally:
            self.env.invalidate_all(flush=False)
        return "moved"

    def _assert_matrix(self, user, side):
        for stage_from in STAGES:
            expected = GUIDE_MOVES[side].get(stage_from, set())
            for stage_to in STAGES:
                if stage_to == stage_from:
                    continue
                with self.subTest(side=side, stage_from=stage_from, stage_to=stage_to):
                    outcome = self._try_move(user, stage_from, stage_to)
                    if stage_to in expected:
                        self.assertNotEqual(outcome, "refused")
                    else:
                        self.assertEqual(outcome, "refused")

    def test_reseller_moves(self):
        self._assert_matrix(self.reseller_user_a, "reseller")

    def test_support_moves(self):
        self._assert_matrix(self.agent, "support")

    def test_development_moves(self):
        self._assert_matrix(self.developer, "development")
