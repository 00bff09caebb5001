# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import RevoHelpdeskCase

# (author, chatter action) -> (who reads it, who is notified) on a client
# ticket, from the guide: Add Note is for the client and notifies nobody, Send
# Message is between reseller and REVO, REVO's notes stay inside REVO.
AUDIENCES = {
    ("reseller", "Add Note"): ({"client", "reseller", "revo"}, set()),
    ("reseller", "Send Message"): ({"reseller", "revo"}, {"revo"}),
    ("revo", "Send Message"): ({"reseller", "revo"}, {"reseller"}),
    ("revo", "Internal Note"): ({"revo"}, set()),
    ("client", "Reply"): ({"client", "reseller", "revo"}, {"reseller"}),
}
# The chatter's two buttons post these subtypes.
CHATTER_SUBTYPES = {
    "Add Note": "mail.mt_note",
    "Internal Note": "mail.mt_note",
    "Send Message": "mail.mt_comment",
    "Reply": "mail.mt_comment",
}


class CommunicationCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "client": cls.portal_user_a,
            "reseller": cls.reseller_user_a,
            "revo": cls.agent,
        }

    def _post(self, ticket, author, action, body="Hello"):
        poster = ticket.with_user(self.users[author])
        if author == "client":
            poster = poster.sudo()  # the portal chatter posts with sudo
        return poster.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid=CHATTER_SUBTYPES[action],
            author_id=self.users[author].partner_id.id,
        )

    def _readers(self, message):
        return {
            side
            for side, user in self.users.items()
            if self.env["mail.message"]
            .with_user(user)
            .search([("id", "=", message.id)])
        }

    def _notified(self, message):
        partners = message.notification_ids.res_partner_id
        return {
            side for side, user in self.users.items() if user.partner_id in partners
        }


class TestAudienceMatrix(CommunicationCase):
    def test_client_ticket(self):
        for (author, action), (readers, notified) in AUDIENCES.items():
            with self.subTest(author=author, action=action):
                ticket = self._client_ticket_with_revo()
                message = self._post(ticket, author, action)
                self.assertEqual(self._readers(message), readers)
                self.assertEqual(self._notified(message), notified)
                emailed = (
                    self.env["mail.mail"]
                    .search([("mail_message_id", "=", message.id)])
                    .recipient_ids
                )
                self.assertEqual(
                    {s for s, u in self.users.items() if u.partner_id in emailed},
                    notified & {"reseller", "revo"},
                    "internal users are notified by email",
                )

    def test_searching_message_text_keeps_its_audience(self):
        ticket = self._client_ticket_with_revo()
        for n, ((author, action), (readers, _notified)) in enumerate(AUDIENCES.items()):
            self._post(ticket, author, action, body=f"Secret number {n}")
            for side, user in self.users.items():
                for field in ("message_ids", "website_message_ids"):
                    with self.subTest(author=author, action=action, side=side):
                        found = self.Ticket.with_user(user).search_count(
                            [
                                ("id", "=", ticket.id),
                                (f"{field}.body", "ilike", f"Secret number {n}"),
                            ]
                        )
                        self.assertEqual(bool(found), side in readers)

    def test_reseller_ticket(self):
        """Same audiences; the reseller's clients never see reseller tickets."""
        for (author, action), (readers, notified) in AUDIENCES.items():
            if author == "client":
                continue
            with self.subTest(author=author, action=action):
                ticket = self._create_reseller_ticket(self.reseller_user_a)
                ticket.sudo().write(
                    {
                        "stage_id": self._stage("in_progress_revo_support").id,
                        "user_id": self.agent.id,
                    }
                )
                message = self._post(ticket, author, action)
                self.assertEqual(self._readers(message), readers - {"client"})
                self.assertEqual(self._notified(message), notified)

    def test_send_message_subtypes(self):
        ticket = self._client_ticket_with_revo()
        note = self._post(ticket, "reseller", "Add Note")
        self.assertEqual(note.subtype_id, self.env.ref("revo_helpdesk.mt_client_note"))
        message = self._post(ticket, "reseller", "Send Message")
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertEqual(message.partner_ids, self.agent.partner_id)

    def test_send_message_without_agent_notifies_the_support_team(self):
        ticket = self._client_ticket_with_revo()
        ticket.sudo().user_id = False
        other_agent = self._create_user("cx_other", "revo_helpdesk.group_support_agent")
        self.team.user_ids = [(4, other_agent.id)]
        message = self._post(ticket, "reseller", "Send Message")
        self.assertIn(self.agent.partner_id, message.partner_ids)
        self.assertIn(other_agent.partner_id, message.partner_ids)
        self.assertNotIn(self.developer.partner_id, message.partner_ids)

    def test_client_named_in_send_message_is_dropped(self):
        ticket = self._client_ticket_with_revo()
        message = ticket.with_user(self.agent).message_post(
            body="For the reseller only",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.portal_user_a.partner_id.ids,
        )
        self.assertNotIn(self.portal_user_a.partner_id, message.partner_ids)
        self.assertNotIn(
            self.portal_user_a.partner_id, message.notification_ids.res_partner_id
        )

    def test_revo_note_naming_others_reaches_revo_people_only(self):
        ticket = self._client_ticket_with_revo()
        message = ticket.with_user(self.agent).message_post(
            body="Developer, have a look",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=(
                self.developer | self.reseller_user_a | self.portal_user_a
            ).partner_id.ids,
        )
        self.assertEqual(message.partner_ids, self.developer.partner_id)
        self.assertEqual(
            message.notification_ids.res_partner_id, self.developer.partner_id
        )

    def test_client_reply_while_waiting_moves_back_to_reseller(self):
        ticket = self._client_ticket_with_revo()
        ticket.sudo().stage_id = self._stage("backlog_client")
        message = self._post(ticket, "client", "Reply", body="Here is the photo")
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertIn(
            self.reseller_user_a.partner_id, message.notification_ids.res_partner_id
        )


class TestCommunicationBadInput(CommunicationCase):
    def test_empty_message_is_refused(self):
        ticket = self._client_ticket_with_revo()
        count = len(ticket.message_ids)
        with self.assertRaisesRegex(UserError, "it is empty"):
            self._post(ticket, "reseller", "Send Message", body="<p><br></p>")
        self.assertEqual(len(ticket.message_ids), count)

    def test_portal_user_cannot_post_internal_subtype(self):
        ticket = self._client_ticket_with_revo()
        for subtype in ("mail.mt_note", "revo_helpdesk.mt_support_message"):
            with self.assertRaisesRegex(UserError, "only post public replies"):
                ticket.with_user(self.portal_user_a).sudo().message_post(
                    body="Sneaky",
                    message_type="comment",
                    subtype_xmlid=subtype,
                    author_id=self.portal_user_a.partner_id.id,
                )
        self.assertNotIn("Sneaky", "".join(ticket.message_ids.mapped("body")))

    def test_posting_on_other_reseller_ticket_is_refused(self):
        ticket = self._create_client_ticket(self.portal_user_b)
        with self.assertRaises(AccessError):
            ticket.with_user(self.reseller_user_a).message_post(
                body="Not mine", message_type="comment", subtype_xmlid="mail.mt_comment"
            )


@tagged("post_install", "-at_install")
class TestPortalConversation(HttpCase, CommunicationCase):
    def _portal_messages(self, ticket):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        # The route the portal's chatter reads the conversation from.
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket.id,
                "token": ticket.sudo()._portal_ensure_token(),
            },
        )
        return " ".join(
            str(message["body"]) for message in result["data"].get("mail.message", [])
        )

    def test_portal_shows_add_note_only(self):
        ticket = self._client_ticket_with_revo()
        self._post(ticket, "reseller", "Add Note", body="Please restart the printer")
        self._post(ticket, "reseller", "Send Message", body="CX, any known issue?")
        self._post(ticket, "revo", "Send Message", body="Known bug, fix in 5.13")
        self._post(ticket, "revo", "Internal Note", body="Root cause is the driver")
        page = self._portal_messages(ticket)
        self.assertIn("Please restart the printer", page)
        self.assertNotIn("CX, any known issue?", page)
        self.assertNotIn("Known bug, fix in 5.13", page)
        self.assertNotIn("Root cause is the driver", page)
