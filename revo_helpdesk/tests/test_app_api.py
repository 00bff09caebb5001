# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import importlib.util
import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from markupsafe import Markup

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from .test_partner_view_mode import PartnerModeCase

EXAMPLE_CLIENT = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "revo_app_client.py"
)
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]


class AppApiCase(HttpCase, PartnerModeCase):
    """A client and a reseller of each reseller, each with an API key, and a
    client ticket of client A with every audience in its chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("portal.allow_api_keys", True)
        cls.key_client_a = cls._make_key(cls.portal_user_a)
        cls.key_client_b = cls._make_key(cls.portal_user_b)
        cls.key_reseller_a = cls._make_key(cls.reseller_user_a)
        cls.key_reseller_b = cls._make_key(cls.reseller_user_b)
        cls.ticket_b = cls._create_client_ticket(cls.portal_user_b, "Scale offline")
        cls.reseller_ticket = cls._create_reseller_ticket(cls.reseller_user_a)
        cls.question = cls.env.ref("revo_helpdesk.category_question")
        cls._post_every_audience(cls.ticket)

    @classmethod
    def _make_key(cls, user, days=1):
        """A key as the user makes it on the portal or in its preferences:
        within its groups' longest duration."""
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "REVO app", datetime.now() + timedelta(days=days))
        )

    @classmethod
    def _post_every_audience(cls, ticket):
        def post(user, body, subtype, message_type="comment", **kwargs):
            # Emails come in through the mail gateway, as superuser in the
            # sender's name; people post comments in their own.
            poster = ticket.with_user(user)
            if message_type == "email":
                poster = ticket.sudo()
                kwargs["author_id"] = user.partner_id.id
            return poster.message_post(
                body=Markup("<p>%s</p>") % body,
                message_type=message_type,
                subtype_xmlid=subtype,
                **kwargs,
            )

        reseller, agent = cls.reseller_user_a, cls.agent
        post(
            reseller,
            "Add note for the client",
            "mail.mt_note",
            attachments=[("steps.txt", b"Restart the printer")],
        )
        post(
            reseller,
            "Reseller asks REVO",
            "mail.mt_comment",
            attachments=[("logs.txt", b"printer logs")],
        )
        post(agent, "REVO answers the reseller", "mail.mt_comment")
        post(agent, "REVO internal note", "mail.mt_note")
        post(reseller, "Reseller emails REVO", "mail.mt_comment", "email")
        post(agent, "REVO emails its own note", "mail.mt_note", "email")
        ticket.sudo()._post_view_mode_update(
            Markup("<p>Client replies</p>"), "update", user=cls.portal_user_a
        )

    def _request(self, key, method, model="helpdesk.ticket", **params):
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Authorization": f"bearer {key}",
                "Content-Type": "application/json",
                "X-Odoo-Database": get_db_name(),
            },
        )

    def _call(self, key, method, **params):
        response = self._request(key, method, **params)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def _error(self, key, method, status, **params):
        """Call a method that must fail with `status` and Odoo's JSON-2
        error shape; return the error's message."""
        with mute_logger("odoo.http"):
            response = self._request(key, method, **params)
        self.assertEqual(response.status_code, status, response.text)
        error = response.json()
        self.assertEqual(list(error), ERROR_KEYS)
        return error["message"]

    def _thread_bodies(self, key, ticket):
        return " | ".join(
            message["body"] for message in self._call(key, "app_thread", ids=ticket.ids)
        )


HIDDEN_FROM_CLIENTS = (
    "Reseller asks REVO",
    "REVO answers the reseller",
    "REVO internal note",
    "Reseller emails REVO",
    "REVO emails its own note",
)
HIDDEN_FROM_RESELLERS = ("REVO internal note", "REVO emails its own note")


@tagged("post_install", "-at_install")
class TestAppOpenAndList(AppApiCase):
    def test_client_opens_a_client_ticket_for_its_reseller(self):
        result = self._call(
            self.key_client_a,
            "app_open_ticket",
            subject="Card reader fails",
            description="Since the update.\nEvery card.",
            category_id=self.question.id,
            system_id=self.system_a.id,
        )
        ticket = self.Ticket.browse(result["id"])
        self.assertEqual(result, {"id": ticket.id, "number": ticket.number})
        self.assertEqual(ticket.name, "Card reader fails")
        self.assertIn("Every card.", ticket.description)
        self.assertEqual(ticket.partner_id, self.portal_user_a.partner_id)
        self.assertEqual(ticket.origin, "client")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_reseller"))
        self.assertEqual(ticket.category_id, self.question)
        self.assertEqual(ticket.system_id, self.system_a)
        self.assertEqual(
            ticket.channel_id, self.env.ref("revo_helpdesk.helpdesk_ticket_channel_app")
        )
        self.assertFalse(ticket.user_id)
        notified = self.env["mail.message"].search(
            [
                ("model", "=", ticket._name),
                ("res_id", "=", ticket.id),
                ("partner_ids", "in", self.reseller_user_a.partner_id.ids),
            ]
        )
        self.assertTrue(notified, "the reseller is told of its client's new ticket")

    def test_reseller_opens_a_case_for_revo(self):
        result = self._call(
            self.key_reseller_a,
            "app_open_ticket",
            subject="License transfer",
            description="For a new terminal",
            system_id=self.system_a.id,
            channel="back_office",
        )
        ticket = self.Ticket.browse(result["id"])
        self.assertEqual(ticket.origin, "reseller")
        self.assertEqual(ticket.reseller_id, self.reseller_a)
        self.assertEqual(ticket.stage_id, self._stage("backlog_revo_support"))
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("revo_helpdesk.helpdesk_ticket_channel_back_office"),
        )

    def test_list_has_the_partner_list_columns_newest_update_first(self):
        older = self._create_client_ticket(self.portal_user_a, "Older")
        older.sudo().last_action_date = "2026-01-01 10:00:00"
        self.ticket.sudo().last_action_date = "2026-03-01 10:00:00"
        rows = self._call(self.key_client_a, "app_list_tickets")
        self.assertEqual([row["id"] for row in rows], [self.ticket.id, older.id])
        self.assertEqual(
            rows[0],
            {
                "id": self.ticket.id,
                "number": self.ticket.number,
                "subject": "Drawer stuck",
                "entity": {"id": self.client_a.id, "name": "Client A"},
                "system": {"id": self.system_a.id, "name": "Main bar (RV-1)"},
                "created_at": rows[0]["created_at"],
                "last_update": "2026-03-01 10:00:00",
                "state": "open",
            },
        )
        self.assertTrue(rows[0]["created_at"])
        self.assertIsNone(rows[1]["system"])

    def test_list_states_and_pages(self):
        older = self._create_client_ticket(self.portal_user_a, "Older")
        older.sudo().last_action_date = "2026-01-01 10:00:00"
        older.sudo().stage_id = self._stage("resolved")
        key = self.key_client_a
        self.assertEqual(
            [row["id"] for row in self._call(key, "app_list_tickets", state="closed")],
            older.ids,
        )
        self.assertEqual(
            [row["id"] for row in self._call(key, "app_list_tickets", state="open")],
            self.ticket.ids,
        )
        every = self._call(key, "app_list_tickets", state="all")
        self.assertEqual({row["id"] for row in every}, {self.ticket.id, older.id})
        page = self._call(key, "app_list_tickets", state="all", limit=1, offset=1)
        self.assertEqual(page, every[1:])

    def test_each_side_lists_only_its_tickets(self):
        client_ids = {
            row["id"] for row in self._call(self.key_client_a, "app_list_tickets")
        }
        self.assertEqual(client_ids, set(self.ticket.ids))
        reseller_ids = {
            row["id"] for row in self._call(self.key_reseller_a, "app_list_tickets")
        }
        self.assertEqual(reseller_ids, {self.ticket.id, self.reseller_ticket.id})
        other_ids = {
            row["id"] for row in self._call(self.key_reseller_b, "app_list_tickets")
        }
        self.assertEqual(other_ids, set(self.ticket_b.ids))


@tagged("post_install", "-at_install")
class TestAppThread(AppApiCase):
    def test_client_reads_notes_and_replies_only(self):
        thread = self._call(self.key_client_a, "app_thread", ids=self.ticket.ids)
        self.assertEqual(
            [(message["kind"], message["body"]) for message in thread],
            [
                ("note", "<p>Add note for the client</p>"),
                ("reply", "<p>Client replies</p>"),
            ],
        )
        note, reply = thread
        self.assertEqual(note["author"], self.reseller_user_a.partner_id.name)
        self.assertEqual(reply["author"], self.portal_user_a.partner_id.name)
        self.assertLessEqual(note["date"], reply["date"])
        self.assertEqual([a["name"] for a in note["attachments"]], ["steps.txt"])

    def test_attachment_url_downloads_without_a_session(self):
        thread = self._call(self.key_client_a, "app_thread", ids=self.ticket.ids)
        url = thread[0]["attachments"][0]["url"]
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Restart the printer")

    def test_reseller_reads_everything_but_revo_notes(self):
        thread = self._call(self.key_reseller_a, "app_thread", ids=self.ticket.ids)
        kinds = {message["body"]: message["kind"] for message in thread}
        self.assertEqual(
            kinds,
            {
                "<p>Add note for the client</p>": "note",
                "<p>Reseller asks REVO</p>": "message",
                "<p>REVO answers the reseller</p>": "message",
                "<p>Reseller emails REVO</p>": "message",
                "<p>Client replies</p>": "reply",
            },
        )
        files = [a["name"] for message in thread for a in message["attachments"]]
        self.assertEqual(sorted(files), ["logs.txt", "steps.txt"])

    def test_someone_elses_ticket_is_not_found(self):
        missing = self.Ticket.search([], order="id desc", limit=1).id + 1000
        message = self._error(self.key_client_a, "app_thread", 404, ids=[missing])
        self.assertIn("not among the tickets you can read", message)
        for key, ticket in (
            (self.key_client_a, self.ticket_b),
            (self.key_client_a, self.reseller_ticket),
            (self.key_reseller_b, self.ticket),
        ):
            with self.subTest(ticket=ticket.name):
                refused = self._error(key, "app_thread", 404, ids=ticket.ids)
                self.assertEqual(refused, message.replace(str(missing), str(ticket.id)))

    def test_plain_message_search_read_keeps_the_audiences(self):
        domain = [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]
        for key, hidden in (
            (self.key_client_a, HIDDEN_FROM_CLIENTS),
            (self.key_reseller_a, HIDDEN_FROM_RESELLERS),
        ):
            records = self._call(
                key, "search_read", model="mail.message", domain=domain, fields=["body"]
            )
            bodies = " | ".join(record["body"] for record in records)
            self.assertIn("Client replies", bodies)
            for text in hidden:
                with self.subTest(key=key[:8], text=text):
                    self.assertNotIn(text, bodies)
        other = self._call(
            self.key_reseller_b,
            "search_read",
            model="mail.message",
            domain=domain,
            fields=["body"],
        )
        self.assertEqual(other, [])

    def test_plain_message_read_by_id_keeps_the_audiences(self):
        messages = self.ticket.message_ids
        for key, hidden in (
            (self.key_client_a, HIDDEN_FROM_CLIENTS),
            (self.key_reseller_a, HIDDEN_FROM_RESELLERS),
            (self.key_client_b, ("Add note for the client", "Client replies")),
        ):
            for text in hidden:
                message = messages.filtered(lambda m, text=text: text in str(m.body))
                with (
                    self.subTest(key=key[:8], text=text, type=message.message_type),
                    mute_logger("odoo.http"),
                ):
                    response = self._request(
                        key,
                        "read",
                        model="mail.message",
                        ids=message.ids,
                        fields=["body"],
                    )
                    self.assertNotIn(text, response.text)

    def test_plain_ticket_reads_keep_the_audiences(self):
        for key, hidden in (
            (self.key_client_a, HIDDEN_FROM_CLIENTS),
            (self.key_reseller_a, HIDDEN_FROM_RESELLERS),
        ):
            [ticket] = self._call(
                key,
                "web_read",
                ids=self.ticket.ids,
                specification={
                    "message_ids": {"fields": {"body": {}}},
                    "website_message_ids": {"fields": {"body": {}}},
                },
            )
            read = json.dumps(ticket)
            self.assertIn("Client replies", read)
            for text in hidden:
                with self.subTest(key=key[:8], text=text):
                    self.assertNotIn(text, read)
        found = self._call(
            self.key_client_a,
            "search_read",
            domain=[("message_ids.body", "ilike", "REVO internal note")],
            fields=["name"],
        )
        self.assertEqual(found, [])
        other = self._call(
            self.key_reseller_b, "search_read", domain=[], fields=["name"]
        )
        self.assertNotIn(self.ticket.id, [ticket["id"] for ticket in other])


@tagged("post_install", "-at_install")
class TestAppUpdates(AppApiCase):
    def test_client_reply_close_and_reopen(self):
        key = self.key_client_a
        result = self._call(key, "app_reply", ids=self.ticket.ids, body="Still stuck")
        self.assertEqual(
            result,
            {"id": self.ticket.id, "number": self.ticket.number, "state": "open"},
        )
        reply = self._messages(self.ticket, "Still stuck")
        self.assertEqual(reply.author_id, self.portal_user_a.partner_id)
        self.assertEqual(
            reply.subtype_id, self.env.ref("revo_helpdesk.mt_client_message")
        )
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))

        closed = self._call(key, "app_close", ids=self.ticket.ids, comment="")
        self.assertEqual(closed["state"], "closed")
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        self.assertEqual(self._last_move(self.ticket).user_id, self.portal_user_a)
        self.assertTrue(self._messages(self.ticket, "I closed the ticket."))

        reopened = self._call(
            key, "app_reopen", ids=self.ticket.ids, comment="Back again"
        )
        self.assertEqual(reopened["state"], "open")
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))
        self.assertTrue(self._messages(self.ticket, "Back again"))

    def test_client_reply_with_files(self):
        """As the portal's reply box: files with the reply, or alone."""
        log = base64.b64encode(b"E42 drawer").decode()
        self._call(
            self.key_client_a,
            "app_reply",
            ids=self.ticket.ids,
            body="Here is the log",
            attachments=[{"name": "drawer.log", "content": log}],
        )
        reply = self._messages(self.ticket, "Here is the log")
        self.assertEqual(reply.attachment_ids.name, "drawer.log")
        self.assertEqual(reply.attachment_ids.raw, b"E42 drawer")
        self.assertEqual(reply.author_id, self.portal_user_a.partner_id)
        self._call(
            self.key_client_a,
            "app_reply",
            ids=self.ticket.ids,
            body="",
            attachments=[{"name": "photo.png", "content": log}],
        )
        alone = self.ticket.message_ids.filtered(
            lambda m: m.attachment_ids.name == "photo.png"
        )
        self.assertEqual(alone.author_id, self.portal_user_a.partner_id)
        # The thread hands the files back with their download links.
        thread = self._call(self.key_client_a, "app_thread", ids=self.ticket.ids)
        [shown] = [m for m in thread if "Here is the log" in m["body"]]
        self.assertEqual([a["name"] for a in shown["attachments"]], ["drawer.log"])

    def test_reseller_files_on_its_own_case_go_to_revo(self):
        content = base64.b64encode(b"trace").decode()
        self._call(
            self.key_reseller_a,
            "app_reply",
            ids=self.reseller_ticket.ids,
            body="Trace attached",
            attachments=[{"name": "trace.txt", "content": content}],
        )
        message = self._messages(self.reseller_ticket, "Trace attached")
        self.assertEqual(message.attachment_ids.name, "trace.txt")
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )

    def test_bad_files_are_refused_and_nothing_is_written(self):
        key = self.key_client_a
        good = {"name": "a.txt", "content": base64.b64encode(b"a").decode()}
        cases = [
            ("a list of files", {"attachments": {"name": "a.txt"}}),
            ("a list of files", {"attachments": ["a.txt"]}),
            ("file name", {"attachments": [{"name": "", "content": good["content"]}]}),
            ("file name", {"attachments": [{"content": good["content"]}]}),
            ("base64", {"attachments": [{"name": "a.txt", "content": "%%%"}]}),
            ("base64", {"attachments": [{"name": "a.txt", "content": 42}]}),
            ("at most 10 files", {"attachments": [good] * 11}),
            ("unknown keys", {"attachments": [{**good, "res_id": 1}]}),
            ('"body" is empty', {"body": " ", "attachments": []}),
        ]
        messages_before = len(self.ticket.message_ids)
        attachments_before = self.env["ir.attachment"].search_count([])
        for text, params in cases:
            with self.subTest(params=params):
                params = {"body": "With a file", **params}
                message = self._error(
                    key, "app_reply", 422, ids=self.ticket.ids, **params
                )
                self.assertIn(text, message)
        self.ticket.invalidate_recordset()
        self.assertEqual(len(self.ticket.message_ids), messages_before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_reseller_update_is_an_add_note_and_own_case_a_message_to_revo(self):
        self._call(
            self.key_reseller_a, "app_reply", ids=self.ticket.ids, body="Try this"
        )
        note = self._messages(self.ticket, "Try this")
        self.assertEqual(note.subtype_id, self.env.ref("revo_helpdesk.mt_client_note"))
        self._call(
            self.key_reseller_a,
            "app_reply",
            ids=self.reseller_ticket.ids,
            body="Any news?",
        )
        message = self._messages(self.reseller_ticket, "Any news?")
        self.assertEqual(
            message.subtype_id, self.env.ref("revo_helpdesk.mt_support_message")
        )
        self.assertIn(
            "Any news?", self._thread_bodies(self.key_reseller_a, self.reseller_ticket)
        )

    def test_reseller_closes_and_reopens_its_clients_ticket(self):
        self.ticket.sudo().stage_id = self._stage("in_progress_reseller")
        key = self.key_reseller_a
        self._call(key, "app_close", ids=self.ticket.ids, comment="Fixed on site")
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        self._call(key, "app_reopen", ids=self.ticket.ids)
        self.assertFalse(self.ticket.closed)

    def test_the_view_modes_refusals(self):
        ticket = self.ticket
        ticket.sudo().stage_id = self._stage("in_progress_revo_support")
        message = self._error(self.key_client_a, "app_close", 422, ids=ticket.ids)
        self.assertIn("cannot be closed while it is in", message)
        message = self._error(self.key_client_a, "app_reopen", 422, ids=ticket.ids)
        self.assertIn("is open: there is nothing to reopen", message)
        ticket.sudo().stage_id = self._stage("resolved")
        message = self._error(self.key_client_a, "app_close", 422, ids=ticket.ids)
        self.assertIn("is already closed", message)
        message = self._error(
            self.key_reseller_a, "app_close", 422, ids=self.reseller_ticket.ids
        )
        self.assertIn("are for client tickets", message)
        self.assertEqual(ticket.stage_id, self._stage("resolved"))

    def test_nobody_updates_someone_elses_ticket(self):
        for key, ticket in (
            (self.key_client_a, self.ticket_b),
            (self.key_reseller_a, self.ticket_b),
            (self.key_client_b, self.ticket),
        ):
            for method, params in (
                ("app_reply", {"body": "Sneaking in"}),
                ("app_close", {"comment": "Sneaking in"}),
                ("app_reopen", {"comment": "Sneaking in"}),
            ):
                with self.subTest(ticket=ticket.name, method=method):
                    self._error(key, method, 404, ids=ticket.ids, **params)
        self.assertFalse(self._messages(self.ticket | self.ticket_b, "Sneaking in"))
        self.assertFalse(self.ticket_b.closed)


@tagged("post_install", "-at_install")
class TestAppBadInput(AppApiCase):
    def test_bad_input_is_refused_with_a_clear_message(self):
        not_in_portal = self.env["helpdesk.ticket.category"].create(
            {"name": "REVO only", "show_in_portal": False}
        )
        key, ticket_ids = self.key_client_a, self.ticket.ids
        opening = {"subject": "Frozen", "description": "Nothing responds"}
        bad_openings = [
            ('"subject" is empty', {"subject": " "}),
            ('"subject" is empty', {"subject": 42}),
            ('"description" is empty', {"description": ""}),
            ("is not one you can pick", {"category_id": not_in_portal.id}),
            ("is not one you can pick", {"category_id": 999999}),
            ("must be the id of a record", {"category_id": "urgent"}),
            ("is not one of yours", {"system_id": self.system_b.id}),
            ('Unknown channel "phone"', {"channel": "phone"}),
        ]
        two_tickets = [*ticket_ids, *self.ticket_b.ids]
        cases = [
            *(
                ("app_open_ticket", text, {**opening, **params})
                for text, params in bad_openings
            ),
            ("app_open_ticket", "missing a required argument", {"subject": "A"}),
            ("app_list_tickets", 'Unknown state "pending"', {"state": "pending"}),
            ("app_list_tickets", "from 1 to 1000; got 1001", {"limit": 1001}),
            ("app_list_tickets", "from 1 to 1000; got 10", {"limit": "10"}),
            ("app_list_tickets", "0 or more; got -1", {"offset": -1}),
            ("app_reply", '"body" is empty', {"ids": ticket_ids, "body": "  "}),
            ("app_reply", "Name one ticket", {"ids": [], "body": "Hello"}),
            ("app_reply", "Name one ticket", {"ids": two_tickets, "body": "Hello"}),
            ("app_thread", "Name one ticket", {"ids": ["x"]}),
        ]
        tickets_before = self.Ticket.search_count([])
        for method, text, params in cases:
            with self.subTest(method=method, params=params):
                self.assertIn(text, self._error(key, method, 422, **params))
        self.assertEqual(self.Ticket.search_count([]), tickets_before)
        self.assertEqual(len(self._call(key, "app_list_tickets", limit=1000)), 1)

    def test_the_callers_context_gives_no_defaults_nor_flags(self):
        """JSON-2 passes any context: a client's ticket is created with sudo,
        so defaults in it would write what the workflow keeps."""
        forged = {
            "default_top_priority": True,
            "default_escalated": True,
            "default_priority": "3",
            "default_user_id": self.agent.id,
            "import_file": True,
        }
        opened = []
        for key in (self.key_client_a, self.key_reseller_a):
            result = self._call(
                key,
                "app_open_ticket",
                subject="Queue jumper",
                description="Me first",
                context=forged,
            )
            ticket = self.Ticket.browse(result["id"])
            opened.append(ticket)
            with self.subTest(origin=ticket.origin):
                self.assertFalse(ticket.top_priority)
                self.assertFalse(ticket.escalated)
                self.assertNotEqual(ticket.priority, "3")
                self.assertFalse(ticket.user_id)
        notified = (
            self.env["mail.message"]
            .search([("res_id", "=", opened[0].id), ("model", "=", "helpdesk.ticket")])
            .partner_ids
        )
        self.assertIn(self.reseller_user_a.partner_id, notified)

    def test_reseller_cannot_open_a_ticket_about_another_resellers_system(self):
        message = self._error(
            self.key_reseller_a,
            "app_open_ticket",
            422,
            subject="Frozen",
            description="Nothing responds",
            system_id=self.system_b.id,
        )
        self.assertIn("is not one of yours", message)

    def test_revo_staff_use_the_back_office(self):
        key = self._make_key(self.agent)
        message = self._error(key, "app_list_tickets", 403)
        self.assertIn("for the clients of a reseller and for resellers' staff", message)

    def test_revoked_expired_and_unknown_keys_are_unauthorized(self):
        revoked = self._make_key(self.portal_user_a)
        expired = self._make_key(self.portal_user_a)
        self.assertEqual(len(self._call(revoked, "app_list_tickets")), 1)
        keys = self.env["res.users.apikeys"].search(
            [("user_id", "=", self.portal_user_a.id)], order="id desc", limit=2
        )
        keys[1]._remove()
        # A day back: the server's clock in a test is the transaction's start.
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = %s WHERE id = %s",
            [datetime.now() - timedelta(days=1), keys[0].id],
        )
        for key in (revoked, expired, "0" * 40):
            with self.subTest(key=key[:8]):
                self.assertIn(
                    "Invalid apikey", self._error(key, "app_list_tickets", 401)
                )


@tagged("post_install", "-at_install")
class TestAppKeys(AppApiCase):
    def _set_client_key_days(self, days):
        self.env["res.config.settings"].create(
            {"revo_client_api_key_days": days}
        ).execute()

    def test_client_keys_last_one_day_unless_an_administrator_says_more(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.revo_client_api_key_days, 1)
        with self.assertRaises(ValidationError):
            self._make_key(self.portal_user_a, days=7)
        self._set_client_key_days(90)
        self.assertEqual(self.env.ref("base.group_portal").api_key_duration, 90)
        key = self._make_key(self.portal_user_a, days=89)
        self.assertEqual(len(self._call(key, "app_list_tickets")), 1)
        with self.assertRaises(ValidationError):
            self._make_key(self.portal_user_a, days=91)
        # Resellers are internal users: Odoo's 90 days already.
        self._make_key(self.reseller_user_a, days=89)

    def test_client_key_days_stay_within_a_year(self):
        for days in (-1, 366):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                self._set_client_key_days(days)
        self.assertFalse(self.env.ref("base.group_portal").api_key_duration)

    def test_clients_find_their_keys_on_the_security_page(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        self.assertIn("Developer API Keys", self.url_open("/my/security").text)
        self.env["ir.config_parameter"].set_param("portal.allow_api_keys", False)
        self.assertNotIn("Developer API Keys", self.url_open("/my/security").text)


@tagged("post_install", "-at_install")
class TestAppExampleClient(AppApiCase):
    def _client(self, key):
        if not EXAMPLE_CLIENT.exists():
            self.skipTest("docs/examples is not shipped with the addon")
        spec = importlib.util.spec_from_file_location("revo_app_client", EXAMPLE_CLIENT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # The test server's session: it flushes this transaction and lets the
        # request reach the test database.
        return module, module.RevoAppClient(
            self.base_url(), key, database=get_db_name(), session=self.opener
        )

    def test_example_client_follows_a_ticket(self):
        module, client = self._client(self.key_client_a)
        self.assertIn(self.system_a.id, [s["id"] for s in client.systems()])
        self.assertIn(self.question.id, [c["id"] for c in client.categories()])
        opened = client.open_ticket(
            "Printer offline", "Since noon", category_id=self.question.id
        )
        self.assertIn(opened["id"], [t["id"] for t in client.list_tickets()])
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        photo = Path(folder.name) / "revo-test-printer.jpg"
        photo.write_bytes(b"\xff\xd8 a photo")
        client.reply(opened["id"], "It blinks red", files=[str(photo)])
        [message] = client.thread(opened["id"])
        self.assertEqual(message["body"], "<p>It blinks red</p>")
        self.assertEqual(
            [a["name"] for a in message["attachments"]], ["revo-test-printer.jpg"]
        )
        ticket = self.Ticket.browse(opened["id"])
        ticket.sudo().stage_id = self._stage("in_progress_reseller")
        self.assertEqual(client.close(opened["id"])["state"], "closed")
        self.assertEqual(client.reopen(opened["id"], "Blinks again")["state"], "open")
        with self.assertRaises(module.RevoAppError) as caught:
            client.thread(self.ticket_b.id)
        self.assertEqual(caught.exception.status, 404)
