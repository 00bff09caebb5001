# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import AccessError

from odoo.addons.mail.models.mail_thread import MailThread

from .common import RevoHelpdeskCase

RAW_EMAIL = """From: {email_from}
To: {to}
Subject: {subject}
Message-ID: <{message_id}@client.example.com>
{extra_headers}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


class MailGatewayCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "revo.example.com", "company_ids": [(4, cls.env.company.id)]}
        )
        cls.team.alias_id.write(
            {"alias_domain_id": cls.alias_domain.id, "alias_contact": "partners"}
        )
        cls.support_address = cls.team.alias_id.alias_full_name
        cls.team.user_ids = [(4, cls.agent.id)]

    def _process(
        self,
        email_from,
        subject="POS down",
        body="It does not start.",
        to=None,
        message_id="m1",
        extra_headers="",
    ):
        raw = RAW_EMAIL.format(
            email_from=email_from,
            to=to or self.support_address,
            subject=subject,
            message_id=message_id,
            extra_headers=extra_headers,
            body=body,
        )
        return self.env["mail.thread"].message_process(None, raw)


class TestMailGateway(MailGatewayCase):
    def test_new_client_ticket_by_email(self):
        ticket = self.Ticket.browse(self._process(self.portal_user_a.email))
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.partner_id, self.portal_user_a.partner_id)
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertNotEqual(ticket.number, "/")
        self.assertTrue(ticket.number)
        # The reseller is told once, by the client's email itself.
        first = self._last_message(ticket)
        self.assertEqual(
            first.notification_ids.res_partner_id, self.reseller_user_a.partner_id
        )
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("message_type", "=", "user_notification"),
                ]
            ),
            "no second email, a notice of the new ticket",
        )

    def test_new_reseller_ticket_by_email(self):
        ticket = self.Ticket.browse(self._process(self.reseller_user_a.email))
        self.assertEqual(ticket.origin, "reseller")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        message = self._last_message(ticket)
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn(self.agent.partner_id, message.notification_ids.res_partner_id)

    def test_reply_to_notification_lands_in_chatter_and_notifies_cx(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        ticket.sudo().write(
            {
                "stage_id": self._stage("in_progress_revo_support").id,
                "user_id": self.agent.id,
            }
        )
        question = ticket.with_user(self.agent).message_post(
            body="Which version?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        count = self.Ticket.search_count([])
        self._process(
            self.reseller_user_a.email,
            subject=f"Re: {ticket.display_name}",
            body="Version 5.12",
            extra_headers=f"In-Reply-To: {question.message_id}\n",
            message_id="reply1",
        )
        self.assertEqual(self.Ticket.search_count([]), count, "no new ticket")
        reply = self._last_message(ticket)
        self.assertIn("Version 5.12", reply.body)
        self.assertEqual(reply.author_id, self.reseller_user_a.partner_id)
        self.assertEqual(
            reply.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn(self.agent.partner_id, reply.notification_ids.res_partner_id)
        self.assertNotIn(
            self.portal_user_a.partner_id, reply.notification_ids.res_partner_id
        )

    def test_email_reply_to_a_revo_note_stays_inside_revo(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        note = ticket.with_user(self.agent).message_post(
            body="Root cause: driver",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        other_agent = self._create_user("cx_mail", "revo_helpdesk.group_support_agent")
        self._process(
            other_agent.email,
            subject=f"Re: {ticket.display_name}",
            body="Agreed, same driver issue",
            extra_headers=f"In-Reply-To: {note.message_id}\n",
            message_id="internal-reply",
        )
        reply = self._last_message(ticket)
        self.assertIn("same driver issue", reply.body)
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(
            self.reseller_user_a.partner_id, reply.notification_ids.res_partner_id
        )
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.reseller_user_a)
            .search([("id", "=", reply.id)])
        )

    def _send_message_thread(self):
        """A client ticket with REVO, and the reseller's Send Message to CX."""
        ticket = self._client_ticket_with_revo()
        question = ticket.with_user(self.reseller_user_a).message_post(
            body="CX, any known issue?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return ticket, question

    def _assert_not_for_client(self, message):
        client = self.portal_user_a.partner_id
        self.assertNotIn(client, message.partner_ids)
        self.assertNotIn(client, message.notification_ids.res_partner_id)
        with self.assertRaises(AccessError):
            message.with_user(self.portal_user_a).read(["body"])

    def test_email_reply_to_a_send_message_is_a_send_message(self):
        """CX answers the reseller's Send Message by email: both sides read
        it, the reseller is notified, the client never sees it."""
        ticket, question = self._send_message_thread()
        self._process(
            self.agent.email,
            subject=f"Re: {ticket.display_name}",
            body="Known bug, fixed in 5.13",
            extra_headers=f"In-Reply-To: {question.message_id}\n",
            message_id="cx-answer",
        )
        reply = self._last_message(ticket)
        self.assertIn("fixed in 5.13", reply.body)
        self.assertEqual(reply.author_id, self.agent.partner_id)
        self.assertEqual(
            reply.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn(
            self.reseller_user_a.partner_id, reply.notification_ids.res_partner_id
        )
        self.assertTrue(
            self.env["mail.message"]
            .with_user(self.reseller_user_a)
            .search([("id", "=", reply.id)])
        )
        self._assert_not_for_client(reply)

    def test_email_reply_with_the_client_in_cc_keeps_the_client_out(self):
        """Reply-all to REVO's answer with the client in Cc: the reply stays
        between reseller and REVO, the client follows nothing new."""
        ticket, question = self._send_message_thread()
        ticket.message_unsubscribe(self.portal_user_a.partner_id.ids)
        answer = ticket.with_user(self.agent).message_post(
            body="Which version?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            parent_id=question.id,
        )
        self._process(
            self.reseller_user_a.email,
            subject=f"Re: {ticket.display_name}",
            body="Version 5.12, between us",
            extra_headers=(
                f"Cc: {self.portal_user_a.email}\nIn-Reply-To: {answer.message_id}\n"
            ),
            message_id="reply-all",
        )
        reply = self._last_message(ticket)
        self.assertIn("between us", reply.body)
        self.assertEqual(
            reply.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertNotIn(self.portal_user_a.partner_id, ticket.message_partner_ids)
        self._assert_not_for_client(reply)

    def test_email_reply_to_a_revo_note_reaches_revo_only(self):
        """Reply-all to a REVO note naming the reseller keeps it inside REVO."""
        ticket, _question = self._send_message_thread()
        note = ticket.with_user(self.agent).message_post(
            body="Root cause: driver",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        other_agent = self._create_user("cx_cc", "revo_helpdesk.group_support_agent")
        self._process(
            other_agent.email,
            to=f"{self.support_address}, {self.reseller_user_a.email}",
            subject=f"Re: {ticket.display_name}",
            body="Same driver issue",
            extra_headers=(
                f"Cc: {self.portal_user_a.email}\nIn-Reply-To: {note.message_id}\n"
            ),
            message_id="note-reply-all",
        )
        reply = self._last_message(ticket)
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_note"))
        for user in (self.reseller_user_a, self.portal_user_a):
            self.assertNotIn(user.partner_id, reply.partner_ids)
            self.assertNotIn(user.partner_id, reply.notification_ids.res_partner_id)
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.reseller_user_a)
            .search([("id", "=", reply.id)])
        )

    def test_reply_without_threading_headers_finds_its_ticket(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        count = self.Ticket.search_count([])
        self._process(
            self.portal_user_a.email,
            subject=f"Re: [{ticket.number}] Printer does not print",
            body="Still broken",
            message_id="noheaders",
        )
        self.assertEqual(self.Ticket.search_count([]), count, "no new ticket")
        self.assertIn("Still broken", self._last_message(ticket).body)

    def test_number_of_someone_elses_ticket_opens_a_new_one(self):
        other = self._create_client_ticket(self.portal_user_b)
        new_id = self._process(
            self.portal_user_a.email, subject=f"About {other.number}", message_id="x2"
        )
        self.assertNotEqual(new_id, other.id)
        self.assertNotIn("About", self._last_message(other).body or "")

    def test_unknown_sender_is_bounced_not_dropped(self):
        count = self.Ticket.search_count([])
        with patch.object(
            MailThread, "_routing_create_bounce_email", autospec=True
        ) as bounce:
            self._process("stranger@nowhere.example.com", message_id="x3")
        self.assertEqual(self.Ticket.search_count([]), count)
        self.assertEqual(bounce.call_count, 1)
        self.assertEqual(bounce.call_args.args[1], "stranger@nowhere.example.com")

    def test_malformed_email_does_not_crash_the_gateway(self):
        count = self.Ticket.search_count([])
        raw = (
            f"To: {self.support_address}\nSubject: \nContent-Type: text/plain; "
            "charset=unknown-8bit\n\n\xff\xfe garbage"
        )
        with patch.object(
            MailThread, "_routing_create_bounce_email", autospec=True
        ) as bounce:
            self.env["mail.thread"].message_process(None, raw)
        self.assertEqual(self.Ticket.search_count([]), count)
        self.assertEqual(bounce.call_count, 1, "the sender is told, nothing is lost")


class TestOtherAliases(MailGatewayCase):
    """helpdesk_mgmt's own alias (help@) and any other alias opening tickets
    follow the REVO alias: known senders' tickets join the workflow, unknown
    senders get the same bounce."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.help_alias = cls.env.ref("helpdesk_mgmt.mail_alias_lead_info_helpdesk")
        cls.help_alias.alias_domain_id = cls.alias_domain
        cls.help_address = cls.help_alias.alias_full_name

    def test_unknown_sender_on_the_help_alias_is_bounced(self):
        self.assertEqual(self.help_alias.alias_contact, "everyone")
        count = self.Ticket.search_count([])
        with patch.object(
            MailThread, "_routing_create_bounce_email", autospec=True
        ) as bounce:
            self._process(
                "stranger@nowhere.example.com", to=self.help_address, message_id="h1"
            )
        self.assertEqual(self.Ticket.search_count([]), count)
        self.assertEqual(bounce.call_count, 1)
        self.assertEqual(bounce.call_args.args[1], "stranger@nowhere.example.com")

    def test_client_on_the_help_alias_opens_a_workflow_ticket(self):
        ticket = self.Ticket.browse(
            self._process(self.portal_user_a.email, to=self.help_address)
        )
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))

    def test_revo_staff_on_the_help_alias_open_a_workflow_ticket(self):
        ticket = self.Ticket.browse(
            self._process(self.agent.email, to=self.help_address, message_id="h2")
        )
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.origin, "reseller")
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))

    def test_workflow_team_alias_open_to_everyone_still_bounces_strangers(self):
        self.team.alias_id.alias_contact = "everyone"
        with patch.object(
            MailThread, "_routing_create_bounce_email", autospec=True
        ) as bounce:
            self._process("stranger@nowhere.example.com", message_id="h3")
        self.assertEqual(bounce.call_count, 1)

    def test_other_teams_alias_keeps_its_own_rule(self):
        other = self.env["helpdesk.ticket.team"].create(
            {"name": "Hardware returns", "alias_name": "returns"}
        )
        other.alias_id.write(
            {"alias_domain_id": self.alias_domain.id, "alias_contact": "everyone"}
        )
        ticket = self.Ticket.browse(
            self._process(
                "stranger@nowhere.example.com",
                to=other.alias_id.alias_full_name,
                message_id="h4",
            )
        )
        self.assertEqual(ticket.team_id, other)
        self.assertFalse(ticket.origin)
