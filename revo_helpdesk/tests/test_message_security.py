# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The layers next to the ticket, tried as an attacker would with plain
ORM calls: messages, notifications and followers."""

from odoo.exceptions import AccessError, UserError

from .test_communication import CommunicationCase


class MessageSecurityCase(CommunicationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Message = cls.env["mail.message"]

    def _revo_note(self, ticket, body="Root cause is the driver", **kwargs):
        return ticket.with_user(self.agent).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            **kwargs,
        )

    def _attachment(self, ticket, name="secret.txt"):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": b"secret",
                "res_model": ticket._name,
                "res_id": ticket.id,
            }
        )


class TestMessageWrites(MessageSecurityCase):
    def test_reseller_cannot_unhide_a_revo_note(self):
        ticket = self._client_ticket_with_revo()
        note = self._revo_note(ticket, attachment_ids=self._attachment(ticket).ids)
        comment = self.env.ref("mail.mt_comment")
        for values in (
            {"subtype_id": comment.id},
            {"message_type": "notification"},
            {"subtype_id": comment.id, "body": "<p>Hello</p>"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                note.with_user(self.reseller_user_a).write(values)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.message_type, "comment")
        self.assertNotIn("reseller", self._readers(note))
        with self.assertRaises(AccessError):
            note.attachment_ids.with_user(self.reseller_user_a).read(["raw"])

    def test_messages_are_moved_onto_no_ticket(self):
        """A message of another document is mail's to rule, but it does not
        become a ticket's message, which message_post would have given its
        audience."""
        partner = self.reseller_user_a.partner_id
        message = partner.message_post(
            body="On my own contact",
            message_type="comment",
            author_id=partner.id,
        )
        message.with_user(self.reseller_user_a).write({"email_from": "me@example.com"})
        ticket = self._client_ticket_with_revo()
        with self.assertRaises(AccessError):
            message.with_user(self.reseller_user_a).write(
                {"model": ticket._name, "res_id": ticket.id}
            )
        self.assertEqual(message.model, "res.partner")

    def test_nobody_changes_what_a_message_is(self):
        """Subtype, type, author, record: fixed at creation, for REVO staff
        too; the refusal names the fields."""
        ticket = self._client_ticket_with_revo()
        message = self._post(ticket, "reseller", "Send Message")
        other = self._create_client_ticket(self.portal_user_a, "Other")
        for field, value in (
            ("subtype_id", self.env.ref("mail.mt_comment").id),
            ("message_type", "notification"),
            ("author_id", self.agent.partner_id.id),
            ("email_from", "cx@revo.example.com"),
            ("is_internal", True),
            ("res_id", other.id),
            ("model", "res.partner"),
        ):
            for user in (self.reseller_user_a, self.agent, self.manager):
                with (
                    self.subTest(field=field, user=user.login),
                    self.assertRaisesRegex(AccessError, field),
                ):
                    message.with_user(user).write({field: value})
        self.assertEqual(message.author_id, self.reseller_user_a.partner_id)
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )

    def test_reseller_edits_its_own_comments_only(self):
        ticket = self._client_ticket_with_revo()
        own = self._post(ticket, "reseller", "Add Note", body="Restart it")
        own.with_user(self.reseller_user_a).write({"body": "<p>Restart it twice</p>"})
        self.assertIn("twice", own.body)
        for author, action in (
            ("revo", "Send Message"),
            ("revo", "Internal Note"),
            ("client", "Reply"),
        ):
            message = self._post(ticket, author, action, body="Original")
            with (
                self.subTest(author=author, action=action),
                self.assertRaises(AccessError),
            ):
                message.with_user(self.reseller_user_a).write({"body": "<p>Forged</p>"})
            self.assertIn("Original", message.body)

    def test_revo_staff_edit_revo_messages(self):
        ticket = self._client_ticket_with_revo()
        message = self._post(ticket, "revo", "Send Message", body="Fix in 5.13")
        other_agent = self._create_user("cx_edit", "revo_helpdesk.group_support_agent")
        message.with_user(other_agent).write({"body": "<p>Fix in 5.14</p>"})
        self.assertIn("5.14", message.body)

    def test_reseller_cannot_delete_revo_messages(self):
        ticket = self._client_ticket_with_revo()
        attachment = self._attachment(ticket, "answer.txt")
        message = ticket.with_user(self.agent).message_post(
            body="Known bug",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachment.ids,
        )
        for user in (self.reseller_user_a, self.portal_user_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                message.with_user(user).unlink()
        self.assertTrue(message.exists())
        self.assertTrue(attachment.exists())
        note = self._revo_note(ticket)
        note.with_user(self.agent).unlink()
        self.assertFalse(note.exists())

    def test_messages_are_created_through_the_ticket(self):
        """mail.message.create skips the audience and the author checks of
        message_post: on tickets it is not for users."""
        ticket = self._client_ticket_with_revo()
        for user in (self.reseller_user_a, self.agent):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Message.with_user(user).create(
                    {
                        "model": ticket._name,
                        "res_id": ticket.id,
                        "message_type": "comment",
                        "subtype_id": self.env.ref("mail.mt_comment").id,
                        "author_id": self.agent.partner_id.id,
                        "body": "Forged",
                    }
                )
        self.assertNotIn("Forged", "".join(ticket.message_ids.mapped("body")))


class TestMessagePosting(MessageSecurityCase):
    def test_reseller_cannot_post_in_an_agents_name(self):
        ticket = self._client_ticket_with_revo()
        for message_type in ("notification", "comment", "email", "auto_comment"):
            with (
                self.subTest(message_type=message_type),
                self.assertRaisesRegex(AccessError, "in your own name only"),
            ):
                ticket.with_user(self.reseller_user_a).message_post(
                    body="Your refund is approved",
                    message_type=message_type,
                    subtype_xmlid="mail.mt_comment",
                    author_id=self.agent.partner_id.id,
                )
        self.assertNotIn(
            "refund", "".join(ticket.message_ids.mapped("body")), "nothing posted"
        )

    def test_reseller_posts_comments_only(self):
        ticket = self._client_ticket_with_revo()
        for message_type in ("notification", "email", "auto_comment"):
            with (
                self.subTest(message_type=message_type),
                self.assertRaisesRegex(UserError, "comment"),
            ):
                ticket.with_user(self.reseller_user_a).message_post(
                    body="Looks like a system log",
                    message_type=message_type,
                    subtype_xmlid="mail.mt_comment",
                )
        self.assertNotIn("system log", "".join(ticket.message_ids.mapped("body")))


class TestMentions(MessageSecurityCase):
    def test_revo_note_mentions_reach_revo_only(self):
        ticket = self._client_ticket_with_revo()
        mentioned = (self.portal_user_a | self.reseller_user_a).partner_id
        note = self._revo_note(
            ticket, body="Ask @client and @reseller", partner_ids=mentioned.ids
        )
        self.assertFalse(note.partner_ids & mentioned)
        self.assertFalse(note.notification_ids.res_partner_id & mentioned)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", note.id)])
        self.assertFalse(mails.recipient_ids & mentioned)
        self.assertEqual(self._readers(note), {"revo"})

    def test_revo_note_mentions_keep_revo_staff(self):
        ticket = self._client_ticket_with_revo()
        other_agent = self._create_user(
            "cx_mention", "revo_helpdesk.group_support_agent"
        )
        note = self._revo_note(ticket, partner_ids=other_agent.partner_id.ids)
        self.assertEqual(note.partner_ids, other_agent.partner_id)
        self.assertIn(other_agent.partner_id, note.notification_ids.res_partner_id)

    def test_following_notes_does_not_reveal_them(self):
        """A reseller subscribing itself to notes is not notified of REVO's."""
        ticket = self._client_ticket_with_revo()
        ticket.with_user(self.reseller_user_a).message_subscribe(
            self.reseller_user_a.partner_id.ids,
            subtype_ids=self.env.ref("mail.mt_note").ids,
        )
        note = self._revo_note(ticket)
        self.assertNotIn(
            self.reseller_user_a.partner_id, note.notification_ids.res_partner_id
        )


class TestPortalReadsById(MessageSecurityCase):
    """What the portal chatter hides, a client does not read by id either,
    whatever the message's type."""

    def _message(self, ticket, author, subtype, message_type):
        # As the mail gateway and the module's code post: as superuser.
        return ticket.message_post(
            body=f"{subtype} {message_type}",
            message_type=message_type,
            subtype_xmlid=subtype,
            author_id=self.users[author].partner_id.id,
        )

    def test_client_reads_its_audience_only(self):
        ticket = self._client_ticket_with_revo()
        every_type = ("comment", "email", "notification")
        for author, subtype, message_types, readable in (
            ("revo", "mail.mt_note", every_type, False),
            ("reseller", "revo_helpdesk.mt_support_message", every_type, False),
            ("revo", "revo_helpdesk.mt_support_message", every_type, False),
            # A reseller's email is a Send Message: Add Note is the chatter's.
            ("reseller", "revo_helpdesk.mt_client_note", ("comment",), True),
            ("revo", "revo_helpdesk.mt_client_note", every_type, True),
        ):
            for message_type in message_types:
                message = self._message(ticket, author, subtype, message_type)
                with self.subTest(
                    author=author, subtype=subtype, message_type=message_type
                ):
                    found = self.Message.with_user(self.portal_user_a).search(
                        [("id", "=", message.id)]
                    )
                    self.assertEqual(bool(found), readable)
                    if readable:
                        message.with_user(self.portal_user_a).read(["body"])
                    else:
                        with self.assertRaises(AccessError):
                            message.with_user(self.portal_user_a).read(["body"])

    def test_client_reads_internal_email_of_its_ticket(self):
        ticket = self._client_ticket_with_revo()
        message = self._message(ticket, "revo", "mail.mt_note", "email")
        self.assertTrue(message.subtype_id.internal)
        with self.assertRaises(AccessError):
            message.with_user(self.portal_user_a).read(["body"])


class TestNotificationsAndFollowers(MessageSecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_b = cls._create_client_ticket(cls.portal_user_b, "Bravo secret")
        cls.ticket_b.message_subscribe(cls.reseller_user_b.partner_id.ids)
        cls.message_b = cls.ticket_b.with_user(cls.agent).message_post(
            body="For reseller B",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def test_notifications_of_other_resellers_are_hidden(self):
        notifications = self.message_b.notification_ids
        self.assertTrue(notifications)
        Notification = self.env["mail.notification"].with_user(self.reseller_user_a)
        self.assertFalse(
            Notification.search([("mail_message_id", "=", self.message_b.id)])
        )
        self.assertFalse(Notification.search([("id", "in", notifications.ids)]))
        with self.assertRaises(AccessError):
            notifications.with_user(self.reseller_user_a).read(
                ["mail_message_id", "res_partner_id"]
            )

    def test_reseller_reads_its_own_notifications(self):
        ticket = self._client_ticket_with_revo()
        message = self._post(ticket, "revo", "Send Message")
        own = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.reseller_user_a.partner_id
        )
        self.assertTrue(own)
        own.with_user(self.reseller_user_a).read(["mail_message_id"])

    def test_followers_of_other_resellers_are_hidden(self):
        followers = self.ticket_b.message_follower_ids
        Followers = self.env["mail.followers"].with_user(self.reseller_user_a)
        self.assertFalse(
            Followers.search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket_b.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            followers.with_user(self.reseller_user_a).read(["partner_id"])
        ticket = self._client_ticket_with_revo()
        own = Followers.search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(own, ticket.message_follower_ids)

    def test_reseller_cannot_subscribe_other_resellers_people(self):
        ticket = self._client_ticket_with_revo()
        for partner in (
            self.reseller_user_b.partner_id,
            self.portal_user_b.partner_id,
        ):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                ticket.with_user(self.reseller_user_a).message_subscribe(partner.ids)
            self.assertNotIn(partner, ticket.message_partner_ids)
        colleague = self._create_user(
            "reseller_a2", "revo_helpdesk.group_reseller", self.reseller_a
        )
        ticket.with_user(self.reseller_user_a).message_subscribe(
            (colleague.partner_id | self.agent.partner_id).ids
        )
        self.assertIn(colleague.partner_id, ticket.message_partner_ids)

    def test_followers_of_other_documents_are_as_mail_has_them(self):
        """An employee outside the helpdesk reads other documents' followers
        as before, and those of no ticket it may not read."""
        employee = self._create_user("employee", "base.group_user")
        partner = self.env["res.partner"].create({"name": "Supplier"})
        partner.message_subscribe(self.agent.partner_id.ids)
        Followers = self.env["mail.followers"].with_user(employee)
        found = Followers.search(
            [("res_model", "in", ("res.partner", "helpdesk.ticket"))]
        )
        self.assertIn(partner.message_follower_ids, found)
        self.assertFalse(found.filtered(lambda f: f.res_model == "helpdesk.ticket"))


class TestOutOfOffice(MessageSecurityCase):
    """Odoo answers for an absent person with a copy of what it answers: the
    answer keeps that message's audience."""

    def setUp(self):
        super().setUp()
        self.agent.sudo().write(
            {
                "out_of_office_from": "2020-01-01 00:00:00",
                "out_of_office_message": "<p>Back on Monday</p>",
            }
        )
        self.reseller_user_a.sudo().write(
            {
                "out_of_office_from": "2020-01-01 00:00:00",
                "out_of_office_message": "<p>On holiday</p>",
            }
        )

    def _auto_replies(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.message_type == "out_of_office")

    def test_answer_to_a_send_message_stays_between_reseller_and_revo(self):
        ticket = self._client_ticket_with_revo()
        self._post(ticket, "reseller", "Send Message", body="Serial is 42-SECRET")
        auto_reply = self._auto_replies(ticket)
        self.assertTrue(auto_reply, "the absent agent answers")
        self.assertEqual(self._readers(auto_reply), {"reseller", "revo"})

    def test_answer_to_a_revo_note_stays_inside_revo(self):
        ticket = self._client_ticket_with_revo()
        note = self._revo_note(ticket, partner_ids=self.reseller_user_a.partner_id.ids)
        for auto_reply in self._auto_replies(ticket):
            with self.subTest(body=auto_reply.body):
                self.assertEqual(self._readers(auto_reply), {"revo"})
        self.assertEqual(self._readers(note), {"revo"})

    def test_answer_to_a_client_reply_reaches_the_client(self):
        ticket = self._client_ticket_with_revo()
        self._post(ticket, "client", "Reply", body="Still broken")
        for auto_reply in self._auto_replies(ticket):
            self.assertIn("client", self._readers(auto_reply))
