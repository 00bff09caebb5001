# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Files on replies (portal reply box, app_reply), tried as an attacker
would: odd input must answer 4xx or a clear UserError and keep nothing, and
the files of a reply are the message's, not the reseller's to change."""

import base64
import uuid

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PortalViewModeMixin
from .test_app_api import AppApiCase
from .test_partner_view_mode import PartnerModeCase


def _count_attachments(env, name):
    return env["ir.attachment"].sudo().search_count([("name", "like", name)])


@tagged("post_install", "-at_install")
class TestAppReplyFileInput(AppApiCase):
    def _assert_refused_keeps_nothing(self, text, **params):
        messages_before = len(self.ticket.message_ids)
        attachments_before = self.env["ir.attachment"].search_count([])
        message = self._error(
            self.key_client_a, "app_reply", 422, ids=self.ticket.ids, **params
        )
        self.assertIn(text, message)
        self.ticket.invalidate_recordset()
        self.assertEqual(len(self.ticket.message_ids), messages_before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_non_ascii_content_is_refused_not_500(self):
        """base64.b64decode raises ValueError (not binascii.Error) on a str
        with non-ASCII characters: the app got a 500."""
        self._assert_refused_keeps_nothing(
            "base64",
            body="With a file",
            attachments=[{"name": "a.txt", "content": "aGk=é"}],
        )

    def test_a_body_that_is_not_text_is_refused_even_with_files(self):
        """With files, a body of the wrong type (a number, a dict) is
        silently dropped and the files posted: bad input must be a 422."""
        content = base64.b64encode(b"x").decode()
        for body in (42, {"text": "hi"}, ["hi"]):
            with self.subTest(body=body):
                self._assert_refused_keeps_nothing(
                    '"body"',
                    body=body,
                    attachments=[{"name": "a.txt", "content": content}],
                )

    def test_names_that_are_no_file_names_are_refused(self):
        """NUL (PostgreSQL refuses it: a 500), a lone surrogate (JSON's
        "\\ud800", no UTF-8: a 500), a right-to-left mark that disguises
        an extension, a tab, a name too long."""
        content = base64.b64encode(b"x").decode()
        for name in (
            "a\x00b.txt",
            "a\ud800.txt",
            "invoice\u202efdp.exe",
            "tab\there.txt",
            "a" * 256,
        ):
            with self.subTest(name=name[:20]):
                self._assert_refused_keeps_nothing(
                    "file name",
                    body="With a file",
                    attachments=[{"name": name, "content": content}],
                )

    def test_refusals_do_not_echo_the_files(self):
        """A refusal quoting the files, their keys or names whole sent a 5 MB
        payload back and into the server's log, or failed on a lone surrogate
        (a 500)."""
        content = base64.b64encode(b"x").decode()
        big = {"name": "big.txt", "content": "A" * 1_000_000}
        for attachments, text in (
            ([big, "not a file"], "a list of files"),
            ([{"name": "a.txt", "content": content, "\ud800" * 50_000: 1}], "unknown"),
            ([{"name": "\ud800" * 50_000, "content": "%%%"}], "base64"),
        ):
            with self.subTest(text=text):
                message = self._error(
                    self.key_client_a,
                    "app_reply",
                    422,
                    ids=self.ticket.ids,
                    body="x",
                    attachments=attachments,
                )
                self.assertIn(text, message)
                self.assertLess(len(message), 2000)

    def test_files_without_body(self):
        """With files, the body may be left out, empty or null."""
        content = base64.b64encode(b"x").decode()
        for extra in ({}, {"body": None}, {"body": ""}):
            with self.subTest(extra=extra):
                self._call(
                    self.key_client_a,
                    "app_reply",
                    ids=self.ticket.ids,
                    attachments=[{"name": "log.txt", "content": content}],
                    **extra,
                )

    def test_a_subject_with_nul_is_refused_not_500(self):
        message = self._error(
            self.key_client_a,
            "app_open_ticket",
            422,
            subject="Printer\x00 down",
            description="Since noon",
        )
        self.assertIn("NUL", message)


@tagged("post_install", "-at_install")
class TestPortalReplyFileInput(PortalViewModeMixin, HttpCase, PartnerModeCase):
    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)

    def _post(self, files, comment="With files", action="update"):
        return self._post_view_mode(self.ticket, action, comment, files)

    def _post_raw_file_name(self, raw_name, comment):
        """A multipart body written by hand: a browser-less client may put
        any byte in the part's filename."""
        boundary = uuid.uuid4().hex
        parts = [
            ("csrf_token", http.Request.csrf_token(self)),
            ("comment", comment),
            ("action", "update"),
        ]
        body = b"".join(
            (
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f'name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
            for name, value in parts
        )
        body += (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            'name="attachments"; filename="'.encode()
            + raw_name
            + b'"\r\nContent-Type: text/plain\r\n\r\nzz\r\n'
            + f"--{boundary}--\r\n".encode()
        )
        return self.url_open(
            f"/my/ticket/{self.ticket.id}/update",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def test_the_new_ticket_form_checks_its_files_as_the_reply_box(self):
        for files, text in (
            ([(f"f{i}.txt", b"x", "text/plain") for i in range(11)], "at most 10"),
            ([("invoice\u202efdp.exe", b"x", "text/plain")], "printable"),
        ):
            with self.subTest(text=text), mute_logger("odoo.http"):
                response = self.url_open(
                    "/submitted/ticket",
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        "subject": "Files galore",
                        "description": "x",
                    },
                    files=[("attachment", file) for file in files],
                )
                self.assertEqual(response.status_code, 422)
                self.assertIn(text, response.text)
        self.assertFalse(self.Ticket.search([("name", "=", "Files galore")]))

    def test_nul_in_a_file_name_answers_no_500(self):
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self._post_raw_file_name(b"nul\x00name.txt", "Nul name")
        self.assertLess(response.status_code, 500, response.text[:300])
        self.assertFalse(self._messages(self.ticket, "Nul name"))
        self.assertEqual(_count_attachments(self.env, "nul%name.txt"), 0)

    def test_a_blank_file_name_is_no_file(self):
        """The app refuses a name of spaces; the portal stores a file named
        "   " (only an empty name is skipped)."""
        self._post([("   ", b"blank", "text/plain")], comment="Blank name")
        message = self._messages(self.ticket, "Blank name")
        self.assertFalse(
            message.attachment_ids.filtered(lambda a: not a.name.strip()),
            "a file with a blank name was kept",
        )

    def test_the_portal_caps_files_as_the_app_does(self):
        """The app takes at most 10 files a reply ("as the portal's reply box
        does", docs/api.md); the portal takes hundreds in one request."""
        files = [(f"many{i}.txt", b"x", "text/plain") for i in range(200)]
        response = self._post(files, comment="Many files")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Send at most 10 files at a time; got 200.", response.text)
        self.assertEqual(_count_attachments(self.env, "many%.txt"), 0)
        self.assertFalse(self._messages(self.ticket, "Many files"))


@tagged("post_install", "-at_install")
class TestReplyFilesOwnership(HttpCase, PartnerModeCase):
    """A client's reply files are part of its message: its reseller reads
    them, but may not delete, replace, rename or move them (README: a
    reseller deletes nothing, never changes a message's record)."""

    def setUp(self):
        super().setUp()
        self.ticket.sudo()._post_view_mode_update(
            "",
            "update",
            user=self.portal_user_a,
            files=[("evidence.png", b"\x89PNG\r\n\x1a\nreal")],
        )
        self.evidence = self.env["ir.attachment"].search(
            [("name", "=", "evidence.png"), ("res_id", "=", self.ticket.id)]
        )
        self.assertEqual(len(self.evidence), 1)

    def test_reseller_cannot_tamper_with_a_clients_reply_files(self):
        other_ticket = self._create_client_ticket(self.portal_user_a, "Other one")
        as_reseller = self.evidence.with_user(self.reseller_user_a)
        for values in (
            {"raw": b"forged"},
            {"name": "renamed.png"},
            {"res_id": other_ticket.id},
        ):
            with (
                self.subTest(values=list(values)),
                self.assertRaises(AccessError),
                mute_logger("odoo.models"),
            ):
                as_reseller.write(values)
        with self.assertRaises(AccessError):
            as_reseller.unlink()
        self.assertEqual(self.evidence.raw, b"\x89PNG\r\n\x1a\nreal")
        self.assertEqual(self.evidence.res_id, self.ticket.id)

    def test_reseller_cannot_delete_a_clients_file_over_http(self):
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        with mute_logger("odoo.http"):
            self.url_open(
                "/mail/attachment/delete",
                json={"params": {"attachment_id": self.evidence.id}},
            )
        self.assertTrue(self.evidence.exists())

    def _reseller_upload(self, res_model, res_id):
        return (
            self.env["ir.attachment"]
            .with_user(self.reseller_user_a)
            .create(
                {
                    "name": "mine.txt",
                    "raw": b"x",
                    "res_model": res_model,
                    "res_id": res_id,
                }
            )
        )

    def test_reseller_still_renames_and_removes_its_own_upload(self):
        """What the chatter's composer does with a file the reseller has just
        uploaded and takes back before sending."""
        upload = self._reseller_upload("helpdesk.ticket", self.ticket.id)
        upload.write({"name": "mine-renamed.txt"})
        upload.unlink()
        self.assertFalse(upload.exists())

    def test_reseller_cannot_post_someone_elses_file(self):
        """Linking a file to one's own post moves it to that post's audience:
        a client's file out of the client's sight, a REVO note's file to the
        client's."""
        revo_file = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create({"name": "root-cause.txt", "raw": b"internal"})
        )
        self.ticket.with_user(self.agent).message_post(
            body="Root cause found",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=revo_file.ids,
        )
        ticket = self.ticket.with_user(self.reseller_user_a)
        for subtype in ("revo_helpdesk.mt_support_message", "mail.mt_note"):
            for other in (self.evidence, revo_file):
                with (
                    self.subTest(subtype=subtype, file=other.name),
                    self.assertRaises(UserError) as refused,
                ):
                    ticket.message_post(
                        body="Look at this",
                        message_type="comment",
                        subtype_xmlid=subtype,
                        attachment_ids=other.ids,
                    )
                # The refusal names the ids sent, not files it may not read.
                self.assertNotIn(other.name, str(refused.exception))
        for odd in (["x"], [None], [True], [[6, 0, [1]]]):
            with self.subTest(odd=odd), self.assertRaises(UserError):
                ticket.message_post(
                    body="Odd files",
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                    attachment_ids=odd,
                )
        self.assertEqual(self.evidence.sudo().res_model, "helpdesk.ticket")
        self.assertEqual(self.evidence.sudo().res_id, self.ticket.id)

    def test_reseller_cannot_add_someone_elses_file_to_its_message(self):
        own = self.ticket.with_user(self.reseller_user_a).message_post(
            body="My note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        with self.assertRaises(UserError):
            self.ticket.with_user(self.reseller_user_a)._message_update_content(
                own, body="My note, with a file", attachment_ids=self.evidence.ids
            )
        self.assertFalse(own.attachment_ids)

    def test_reseller_posts_its_own_upload(self):
        # As the composer uploads it: a pending file of the composer.
        upload = self._reseller_upload("mail.compose.message", 0)
        message = self.ticket.with_user(self.reseller_user_a).message_post(
            body="With my file",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=upload.ids,
        )
        self.assertEqual(message.attachment_ids, upload)

    def test_reseller_draws_the_thumbnail_of_a_clients_pdf(self):
        """The chatter of whoever may write the ticket draws a PDF's first
        page once: the reseller may not write the client's file, only its
        picture."""
        self.ticket.sudo()._post_view_mode_update(
            "",
            "update",
            user=self.portal_user_a,
            files=[("manual.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        pdf = self.env["ir.attachment"].search(
            [("name", "=", "manual.pdf"), ("res_id", "=", self.ticket.id)]
        )
        self.assertEqual(pdf.mimetype, "application/pdf")
        self.authenticate(self.reseller_user_a.login, self.reseller_user_a.login)
        picture = (  # a 1x1 PNG
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
            "60e6kgAAAABJRU5ErkJggg=="
        )
        self.make_jsonrpc_request(
            "/mail/attachment/update_thumbnail",
            {"attachment_id": pdf.id, "thumbnail": picture},
        )
        pdf.invalidate_recordset()
        self.assertTrue(pdf.thumbnail)
        self.assertEqual(pdf.raw, b"%PDF-1.4\n%%EOF\n")
        # Its content stays the client's: a thumbnail is all the route writes.
        with self.assertRaises(AccessError):
            pdf.with_user(self.reseller_user_a).write({"raw": b"forged"})
