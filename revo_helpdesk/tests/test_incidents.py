# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import closing
from unittest.mock import patch

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import RevoHelpdeskCase


class TestIncidents(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.incident = cls.Ticket.with_user(cls.agent).create(
            {
                "name": "UBER outage",
                "description": "<p>Uber Eats orders do not reach REVO.</p>",
                "team_id": cls.team.id,
                "is_incident": True,
            }
        )
        cls.ticket_a = cls._create_client_ticket(cls.portal_user_a, "No Uber orders")
        cls.ticket_b = cls._create_reseller_ticket(cls.reseller_user_b, "Uber down")
        cls.waiting = cls._create_client_ticket(cls.portal_user_a, "Uber again")
        cls.ticket_a.sudo().stage_id = cls._stage("in_progress_revo_support")
        cls.ticket_b.sudo().stage_id = cls._stage("internal_review")
        cls.waiting.sudo().stage_id = cls._stage("backlog_revo_support")
        cls.incident.with_user(cls.agent).incident_ticket_ids = [
            (4, cls.ticket_a.id),
            (4, cls.ticket_b.id),
            (4, cls.waiting.id),
        ]

    def _post_update(self, body, public=False):
        action = self.incident.with_user(self.agent).action_post_incident_update()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.agent)
            .with_context(**action["context"])
            .create({"body": body, "public": public})
        )
        wizard.action_confirm()

    def _messages_seen(self, user, text):
        self.env.invalidate_all()
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "helpdesk.ticket"), ("body", "ilike", text)])
        )

    def test_update_reaches_each_reseller_on_its_own_ticket(self):
        self._post_update("<p>Uber is investigating.</p>")
        for tickets, reseller_user, portal_user in (
            (self.ticket_a | self.waiting, self.reseller_user_a, self.portal_user_a),
            (self.ticket_b, self.reseller_user_b, self.portal_user_b),
        ):
            seen = self._messages_seen(reseller_user, "Uber is investigating")
            self.assertEqual(sorted(seen.mapped("res_id")), sorted(tickets.ids))
            self.assertEqual(
                seen.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
            )
            self.assertIn(reseller_user.partner_id, seen.sudo().partner_ids)
            self.assertFalse(self._messages_seen(portal_user, "Uber is investigating"))
        on_incident = self.incident.message_ids.filtered(
            lambda m: "Uber is investigating" in m.body
        )
        self.assertEqual(on_incident.subtype_id, self.env.ref("mail.mt_note"))

    def test_public_update_reaches_the_clients(self):
        self._post_update("<p>Orders flow again.</p>", public=True)
        seen_a = self._messages_seen(self.portal_user_a, "Orders flow again")
        self.assertEqual(
            sorted(seen_a.mapped("res_id")), sorted((self.ticket_a | self.waiting).ids)
        )
        self.assertEqual(
            seen_a.subtype_id, self.env.ref("revo_helpdesk.mt_client_note")
        )
        self.assertEqual(
            self._messages_seen(self.reseller_user_b, "Orders flow again").mapped(
                "res_id"
            ),
            [self.ticket_b.id],
        )

    def test_resellers_do_not_see_the_incident(self):
        ticket_a = self.ticket_a.with_user(self.reseller_user_a)
        self.assertEqual(ticket_a.incident_name, "UBER outage")
        with self.assertRaises(AccessError):
            ticket_a.read(["incident_id"])
        with self.assertRaises(AccessError):
            self.incident.with_user(self.reseller_user_a).read(["name"])
        self.assertFalse(
            self.Ticket.with_user(self.reseller_user_a).search(
                [("is_incident", "=", True)]
            )
        )

    def test_attached_tickets_follow_the_incident_name(self):
        self.incident.with_user(self.agent).name = "UBER Eats outage"
        ticket_b = self.ticket_b.with_user(self.reseller_user_b)
        self.assertEqual(ticket_b.incident_name, "UBER Eats outage")
        self.waiting.with_user(self.agent).incident_id = False
        self.assertFalse(self.waiting.incident_name)

    def test_resolving_the_incident_hands_tickets_back(self):
        self.incident.sudo().stage_id = self._stage("in_progress_revo_support")
        resolve = self.env.ref("revo_helpdesk.transition_support_resolve_incident")
        self.assertIn(
            resolve, self.incident.with_user(self.agent).allowed_transition_ids
        )
        self.assertNotIn(
            resolve, self.ticket_a.with_user(self.agent).allowed_transition_ids
        )
        self.incident.with_user(self.agent).action_move(resolve.id)
        confirmation = self._stage("confirmation_reseller")
        self.assertEqual(self.incident.stage_id, self._stage("resolved"))
        self.assertEqual((self.ticket_a | self.ticket_b).stage_id, confirmation)
        for ticket in self.ticket_a | self.ticket_b:
            self.assertIn("is resolved", self._last_message(ticket).body)
            self.assertEqual(self._last_move(ticket).user_id, self.agent)
        # Not started yet: no move to confirmation from there, named for CX.
        self.assertEqual(self.waiting.stage_id, self._stage("backlog_revo_support"))
        self.assertIn(self.waiting.number, self._last_message(self.incident).body)

    def test_incident_is_never_handed_to_a_reseller(self):
        self.incident.sudo().stage_id = self._stage("in_progress_revo_support")
        stages = self.incident.with_user(self.agent).allowed_transition_ids.stage_to_id
        self.assertFalse(
            stages.filtered(lambda s: s.owner == "reseller" and not s.closed)
        )
        self.assertIn(self._stage("resolved"), stages)

    def test_incident_rules(self):
        with self.assertRaisesRegex(UserError, "not a broadcast incident"):
            self.ticket_a.with_user(self.agent).action_post_incident_update()
        with self.assertRaisesRegex(UserError, "empty"):
            self.incident.with_user(self.agent)._post_incident_update("<p></p>")
        with self.assertRaisesRegex(ValidationError, "without reseller"):
            self.ticket_a.with_user(self.agent).is_incident = True
        with self.assertRaisesRegex(UserError, "Broadcast Incident"):
            self.Ticket.with_user(self.reseller_user_a).create(
                {"name": "Mine", "description": "<p>x</p>", "is_incident": True}
            )
        with self.assertRaisesRegex(ValidationError, "is not one"):
            self.waiting.with_user(self.agent).incident_id = self.ticket_b

    def test_only_an_incident_has_attached_tickets(self):
        incident = self.incident.with_user(self.agent)
        attached = self.ticket_a | self.ticket_b | self.waiting
        with self.assertRaises(ValidationError) as caught:
            incident.is_incident = False
        self.assertTrue(
            any(ticket.display_name in str(caught.exception) for ticket in attached)
        )
        self.assertTrue(self.incident.is_incident)
        # An archived attached ticket counts: the tab no longer lists it.
        self.waiting.sudo().active = False
        incident.incident_ticket_ids = [(5, 0, 0)]
        self.assertEqual(self.waiting.incident_id, self.incident)
        with self.assertRaises(ValidationError) as caught:
            incident.is_incident = False
        self.assertIn(self.waiting.display_name, str(caught.exception))
        self.waiting.sudo().incident_id = False
        incident.is_incident = False
        self.assertFalse(attached.incident_id)

    def test_detach_from_non_incidents(self):
        """What the 19.0.1.0.1 migration runs: tickets left attached to a
        ticket that stopped being an incident before the check existed."""
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET is_incident = FALSE WHERE id = %s",
            [self.incident.id],
        )
        self.incident.invalidate_recordset(["is_incident"])
        self.assertEqual(self.Ticket._detach_from_non_incidents(), 3)
        attached = self.ticket_a | self.ticket_b | self.waiting
        self.assertFalse(attached.incident_id)
        self.assertFalse(any(attached.mapped("incident_name")))

    def test_form_reads_attached_tickets_of_incidents_only(self):
        spec = {"is_incident": {}, "incident_ticket_ids": {}}
        One2many = type(self.Ticket._fields["incident_ticket_ids"])
        self.env.invalidate_all()
        with patch.object(
            One2many, "read", autospec=True, side_effect=One2many.read
        ) as search_lines:
            [values] = self.ticket_a.with_user(self.agent).web_read(spec)
        self.assertEqual(values["incident_ticket_ids"], [])
        search_lines.assert_not_called()
        [values] = self.incident.with_user(self.agent).web_read(spec)
        self.assertEqual(
            set(values["incident_ticket_ids"]),
            {self.ticket_a.id, self.ticket_b.id, self.waiting.id},
        )
        # A ticket deleted meanwhile is left out, as read() does.
        gone = self._create_client_ticket(self.portal_user_a, "Gone")
        stale = gone.with_user(self.agent) | self.ticket_a.with_user(self.agent)
        gone.sudo().unlink()
        self.env.invalidate_all()
        self.assertEqual(
            [vals["id"] for vals in stale.web_read(spec)], [self.ticket_a.id]
        )


@tagged("post_install", "-at_install")
class TestIncidentConcurrency(TransactionCase):
    """Two users at the same instant, each in a transaction of its own: the
    tickets are committed for the test and deleted after it."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            Ticket = self._tickets(cr)
            team = Ticket.env.ref("revo_helpdesk.helpdesk_team_revo_support")
            incident, ticket = Ticket.create(
                [
                    {
                        "name": name,
                        "description": "<p>Concurrency test</p>",
                        "team_id": team.id,
                        "is_incident": is_incident,
                    }
                    for name, is_incident in (("Outage", True), ("Orders lost", False))
                ]
            )
        self.incident_id, self.ticket_id = incident.id, ticket.id
        self.addCleanup(self._delete_tickets)

    def _tickets(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})[
            "helpdesk.ticket"
        ]

    def _delete_tickets(self):
        with self.registry.cursor() as cr:
            self._tickets(cr).browse([self.ticket_id, self.incident_id]).unlink()

    def _transaction(self):
        """A transaction rolled back at the end, that gives up on a row lock
        held by the other instead of waiting for it forever."""
        cr = self.registry.cursor()
        cr.execute("SET LOCAL lock_timeout = '200ms'")
        return closing(cr)

    def _attach(self, cr):
        self._tickets(cr).browse(self.ticket_id).incident_id = self.incident_id
        cr.flush()

    def _untick(self, cr):
        self._tickets(cr).browse(self.incident_id).is_incident = False
        cr.flush()

    def _assert_second_waits_for_first(self, first, second):
        with self._transaction() as cr_first, self._transaction() as cr_second:
            first(cr_first)
            with self.assertRaises(LockNotAvailable):
                second(cr_second)

    @mute_logger("odoo.sql_db")
    def test_untick_waits_for_an_attachment(self):
        self._assert_second_waits_for_first(self._attach, self._untick)

    @mute_logger("odoo.sql_db")
    def test_attachment_waits_for_an_untick(self):
        self._assert_second_waits_for_first(self._untick, self._attach)
