# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Email end to end: Odoo sends through a real SMTP server on localhost, and
inbound emails arrive through the delivery path README.md documents, the
byte-safe gateway script revo_helpdesk/static/scripts/revo_mailgate.py
(XML-RPC to this test's server)."""

import email
import email.policy
import os
import socket
import subprocess
import sys
import uuid
from unittest.mock import patch

from aiosmtpd.controller import Controller

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .common import RevoHelpdeskCase

MAILGATE = file_path("revo_helpdesk/static/scripts/revo_mailgate.py")
STOCK_MAILGATE = file_path("mail/static/scripts/odoo-mailgate.py")


class SmtpSink:
    """aiosmtpd handler keeping every email it receives."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.SMTP
        )
        self.received.append((set(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _text(message):
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part else ""


@tagged("post_install", "-at_install")
class TestMailEndToEnd(HttpCase, RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mail as in production: followers, tracking and notifications on.
        cls.env = cls.env(
            context={
                key: value
                for key, value in cls.env.context.items()
                if key not in DISABLED_MAIL_CONTEXT
            }
        )
        cls.Ticket = cls.env["helpdesk.ticket"]
        alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "revo.example.com", "company_ids": [(4, cls.env.company.id)]}
        )
        cls.env.company.email = "support@revo.example.com"
        cls.team.alias_id.write(
            {"alias_domain_id": alias_domain.id, "alias_contact": "partners"}
        )
        cls.support_address = cls.team.alias_id.alias_full_name
        help_alias = cls.env.ref("helpdesk_mgmt.mail_alias_lead_info_helpdesk")
        help_alias.alias_domain_id = alias_domain
        cls.help_address = help_alias.alias_full_name
        cls.mailgate_user = new_test_user(
            cls.env,
            login="revo_test_mailgate",
            groups="base.group_user,base.group_system",
        )
        # Only the emails of this test go out.
        cls.env["mail.mail"].search([]).unlink()

    def setUp(self):
        super().setUp()
        self.smtp = SmtpSink()
        port = _free_port()
        controller = Controller(self.smtp, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        self.env["ir.mail_server"].create(
            {
                "name": "Test SMTP sink",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
                "sequence": 0,
            }
        )
        # Odoo skips sending while a test runs; this test checks what is sent.
        mail_server_class = type(self.env["ir.mail_server"])
        patcher = patch.object(
            mail_server_class, "_disable_send", classmethod(lambda cls: False)
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    # helpers

    def _deliver(self, raw, script=MAILGATE, **env):
        """Pipe one raw email (bytes) into a gateway script, as an MTA does."""
        arguments = [sys.executable, script]
        if script == MAILGATE:
            arguments += ["--url", self.base_url(), "-u", self.mailgate_user.login]
        else:
            arguments += ["--host", "127.0.0.1", "--port", str(self.http_port())]
            arguments += ["-u", str(self.mailgate_user.id)]
            arguments += ["-p", self.mailgate_user.login]
        # The script's requests are served in this test's transaction. Odoo 19
        # warns that XML-RPC goes away in Odoo 22 (README.md says so).
        with (
            self.allow_requests(all_requests=True),
            mute_logger("odoo.addons.rpc.controllers.xmlrpc"),
        ):
            result = subprocess.run(
                [*arguments, "-d", self.env.cr.dbname],
                input=raw,
                capture_output=True,
                timeout=60,
                check=False,
                env={
                    **os.environ,
                    "ODOO_MAILGATE_PASSWORD": self.mailgate_user.login,
                    **env,
                },
            )
        self.env.invalidate_all()
        return result

    def _email(self, sender, subject, body, to=None, headers="", charset="utf-8"):
        text = (
            f"From: {sender}\r\nTo: {to or self.support_address}\r\n"
            f"Subject: {subject}\r\n"
            f"Message-ID: <{uuid.uuid4()}@mail.example.com>\r\n"
            f"{headers}MIME-Version: 1.0\r\n"
            f'Content-Type: text/plain; charset="{charset}"\r\n'
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
            f"{body}\r\n"
        )
        return text.encode(charset)

    def _sent(self):
        """Send Odoo's queued emails; return them by recipient address."""
        self.env.invalidate_all()
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        by_recipient = {}
        for recipients, message in self.smtp.received:
            for address in recipients:
                by_recipient.setdefault(address, []).append(message)
        self.smtp.received.clear()
        return by_recipient

    def _last_message(self, ticket):
        self.env.invalidate_all()
        return super()._last_message(ticket)

    def _reply_to(self, message, sender, body):
        """A reply by email to an email Odoo sent, as a mail client writes
        it: to its Reply-To, threaded on its Message-ID."""
        return self._email(
            sender,
            f"Re: {message['Subject']}",
            body,
            to=message["Reply-To"],
            headers=f"In-Reply-To: {message['Message-ID']}\r\n",
        )

    def _assert_sent(self, expected):
        """Odoo sent, through SMTP, exactly one email to each address of
        `expected`, containing the text given for it, and nothing else."""
        sent = self._sent()
        self.assertEqual(
            {address: len(messages) for address, messages in sent.items()},
            dict.fromkeys(expected, 1),
        )
        for address, text in expected.items():
            self.assertIn(text, _text(sent[address][0]), address)
        return {address: messages[0] for address, messages in sent.items()}

    # cases

    def test_new_tickets_by_email(self):
        """A client's new email, an unknown sender (on the REVO alias and on
        helpdesk_mgmt's help@), and 8-bit mail in Latin-1."""
        result = self._deliver(
            self._email(self.portal_user_a.email, "Printer jammed", "Paper stuck.")
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        ticket = self.Ticket.search([("name", "=", "Printer jammed")])
        self.assertEqual(ticket.origin, "client")
        # The reseller is told once, by the client's email itself (its words
        # and files); REVO is not, nor is the client emailed back.
        told = self._assert_sent({self.reseller_user_a.email: "Paper stuck."})
        self.assertEqual(told[self.reseller_user_a.email]["Subject"], "Printer jammed")
        # The client's next email reaches its reseller as a reply does.
        result = self._deliver(
            self._email(
                self.portal_user_a.email,
                f"Re: {ticket.display_name}",
                "Still stuck.",
            )
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self._assert_sent({self.reseller_user_a.email: "Still stuck."})

        for to in (self.support_address, self.help_address):
            result = self._deliver(
                self._email("stranger@nowhere.example.com", "Buy now", "Cheap", to=to)
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            self._assert_sent({"stranger@nowhere.example.com": "could not be accepted"})
        self.assertFalse(self.Ticket.search([("name", "=", "Buy now")]))

        latin1 = self._email(
            self.portal_user_a.email,
            "Caja registradora",
            "La impresora de la caja número 2 no imprime el tíquet.",
            charset="iso-8859-1",
        )
        # Odoo's own script reads standard input as text and gives up.
        stock = self._deliver(latin1, script=STOCK_MAILGATE, PYTHONIOENCODING="utf-8")
        self.assertEqual(stock.returncode, 70)
        self.assertFalse(self.Ticket.search([("name", "=", "Caja registradora")]))
        result = self._deliver(latin1)
        self.assertEqual(result.returncode, 0, result.stderr)
        ticket = self.Ticket.search([("name", "=", "Caja registradora")])
        self.assertIn("número 2 no imprime el tíquet", ticket.description)
        forwarded = self._sent()[self.reseller_user_a.email]
        self.assertIn("número 2", " ".join(_text(message) for message in forwarded))

    def test_audiences_by_email(self):
        """Add Note, Send Message, a REVO note naming people, and the email
        replies of the reseller and of REVO."""
        client_ticket = self._create_client_ticket(self.portal_user_a)
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        ticket.sudo().write(
            {
                "stage_id": self._stage("in_progress_revo_support").id,
                "user_id": self.agent.id,
            }
        )
        self._sent()
        reseller, agent = self.reseller_user_a, self.agent

        # Add Note: the client reads it on the portal; nobody is emailed.
        client_ticket.with_user(reseller).message_post(
            body="Restart the printer",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._assert_sent({})

        # Send Message: the assigned agent, not the rest of the team.
        ticket.with_user(reseller).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._assert_sent({agent.email: "Any news?"})

        # A REVO note reaches the REVO people it names, never a reseller.
        ticket.with_user(agent).message_post(
            body="Developer, have a look",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=(self.developer.partner_id | reseller.partner_id).ids,
        )
        self._assert_sent({self.developer.email: "Developer, have a look"})

        # REVO's message to the reseller, answered by email...
        ticket.with_user(agent).message_post(
            body="Which version?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        question = self._assert_sent({reseller.email: "Which version?"})[reseller.email]
        self.assertEqual(
            question["Reply-To"].addresses[0].addr_spec, self.support_address
        )
        result = self._deliver(self._reply_to(question, reseller.email, "Version 5.12"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Version 5.12", self._last_message(ticket).body)
        answer = self._assert_sent({agent.email: "Version 5.12"})[agent.email]

        # ...and the agent's answer by email reaches the reseller only.
        result = self._deliver(self._reply_to(answer, agent.email, "Fixed in 5.13"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Fixed in 5.13", self._last_message(ticket).body)
        self._assert_sent({reseller.email: "Fixed in 5.13"})
