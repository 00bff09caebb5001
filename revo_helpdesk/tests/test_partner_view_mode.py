# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import PortalViewModeMixin, RevoHelpdeskCase


class PartnerModeCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        System = cls.env["revo.helpdesk.system"]
        cls.system_a = System.create(
            {"name": "Main bar", "reference": "RV-1", "partner_id": cls.client_a.id}
        )
        cls.system_b = System.create({"name": "Shop", "partner_id": cls.client_b.id})
        cls.ticket = cls._create_client_ticket(cls.portal_user_a, "Drawer stuck")
        cls.ticket.sudo().system_id = cls.system_a

    def _messages(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in str(m.body))


class TestSystems(PartnerModeCase):
    def test_each_side_sees_its_systems(self):
        System = self.env["revo.helpdesk.system"]
        self.assertEqual(System.with_user(self.portal_user_a).search([]), self.system_a)
        self.assertEqual(
            System.with_user(self.reseller_user_a).search([]), self.system_a
        )
        self.assertEqual(
            System.with_user(self.agent).search([]) & (self.system_a | self.system_b),
            self.system_a | self.system_b,
        )
        with self.assertRaises(AccessError):
            self.system_b.with_user(self.reseller_user_a).read(["name"])

    def test_reseller_cannot_hand_a_system_to_another_resellers_client(self):
        with self.assertRaises(AccessError):
            self.system_a.with_user(self.reseller_user_a).partner_id = self.client_b

    def test_ticket_system_must_be_its_clients(self):
        with self.assertRaises(ValidationError) as caught:
            self.ticket.with_user(self.agent).system_id = self.system_b
        self.assertIn("belongs to Client B", str(caught.exception))
        self.assertEqual(self.ticket.system_id, self.system_a)

    def test_reseller_ticket_may_be_about_a_clients_system(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        ticket.with_user(self.reseller_user_a).system_id = self.system_a
        with self.assertRaises(ValidationError):
            ticket.with_user(self.agent).system_id = self.system_b


class TestPartnerListMode(PartnerModeCase):
    def test_list_columns_and_order(self):
        view = self.env.ref("revo_helpdesk.helpdesk_ticket_view_list_partner")
        arch = etree.fromstring(view.arch)
        self.assertEqual(
            [field.get("name") for field in arch.iter("field")],
            [
                "number",
                "commercial_partner_id",
                "system_id",
                "name",
                "create_date",
                "last_action_date",
                "ticket_state",
            ],
        )
        self.assertEqual(arch.get("default_order"), "last_action_date desc, id desc")

    def test_reseller_reads_its_tickets_by_last_update(self):
        older = self._create_client_ticket(self.portal_user_a, "Older")
        older.sudo().last_action_date = "2026-01-01 10:00:00"
        self._create_client_ticket(self.portal_user_b, "Other reseller's")
        result = (
            self.Ticket.with_user(self.reseller_user_a)
            .with_context(active_test=True)
            .web_search_read(
                [],
                {
                    "number": {},
                    "commercial_partner_id": {"fields": {"display_name": {}}},
                    "system_id": {"fields": {"display_name": {}}},
                    "name": {},
                    "create_date": {},
                    "last_action_date": {},
                    "ticket_state": {},
                },
                order="last_action_date desc, id desc",
            )
        )
        names = [record["name"] for record in result["records"]]
        self.assertNotIn("Other reseller's", names)
        self.assertLess(names.index("Drawer stuck"), names.index("Older"))
        drawer = result["records"][names.index("Drawer stuck")]
        self.assertEqual(drawer["commercial_partner_id"]["display_name"], "Client A")
        self.assertEqual(drawer["system_id"]["display_name"], "Main bar (RV-1)")
        self.assertEqual(drawer["ticket_state"], "open")

    def test_state_follows_the_stage(self):
        self.ticket.sudo().stage_id = self._stage("resolved")
        self.assertEqual(self.ticket.ticket_state, "closed")
        self.ticket.sudo().stage_id = self._stage("backlog_reseller")
        self.assertEqual(self.ticket.ticket_state, "open")


class TestResellerViewMode(PartnerModeCase):
    def _wizard(self, ticket, body="<p>Restart the printer</p>"):
        action = self.env.ref("revo_helpdesk.revo_helpdesk_ticket_update_wizard_action")
        form = Form(
            self.env[action.res_model]
            .with_user(self.reseller_user_a)
            .with_context(default_ticket_id=ticket.id)
        )
        form.body = body
        return form.save()

    def test_update_posts_for_the_client_and_keeps_the_state(self):
        self._wizard(self.ticket).action_update()
        note = self._messages(self.ticket, "Restart the printer")
        self.assertEqual(note.subtype_id, self.env.ref("revo_helpdesk.mt_client_note"))
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))

    def test_close_posts_and_resolves(self):
        self.ticket.sudo().stage_id = self._stage("in_progress_reseller")
        wizard = self._wizard(self.ticket, "<p>Fixed: driver updated</p>")
        self.assertTrue(wizard.can_close)
        wizard.action_close()
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        self.assertTrue(self._messages(self.ticket, "driver updated"))

    def test_close_where_the_guide_does_not_allow_it(self):
        self.ticket.sudo().stage_id = self._stage("backlog_revo_support")
        wizard = self._wizard(self.ticket, "<p>Closing now</p>")
        self.assertFalse(wizard.can_close)
        with self.assertRaises(UserError) as caught:
            wizard.action_close()
        self.assertIn(
            "cannot be closed while it is in Backlog - REVO Support",
            str(caught.exception),
        )
        self.assertFalse(self._messages(self.ticket, "Closing now"), "nothing posted")

    def test_closing_a_closed_ticket_is_refused(self):
        self.ticket.sudo().stage_id = self._stage("resolved")
        wizard = self._wizard(self.ticket, "<p>Again</p>")
        with self.assertRaises(UserError) as caught:
            wizard.action_close()
        self.assertIn("is already closed", str(caught.exception))
        self.assertFalse(self._messages(self.ticket, "Again"))

    def test_reseller_reopens_a_closed_ticket(self):
        self.ticket.sudo().stage_id = self._stage("resolved")
        wizard = self._wizard(self.ticket, "<p>It came back</p>")
        self.assertTrue(wizard.can_reopen)
        wizard.action_reopen()
        self.assertEqual(self.ticket.stage_id, self._stage("in_progress_reseller"))

    def test_canceled_ticket_cannot_be_reopened(self):
        self.ticket.sudo().write(
            {"stage_id": self._stage("canceled").id, "cancel_reason": "error"}
        )
        with self.assertRaises(UserError) as caught:
            self._wizard(self.ticket, "<p>Please</p>").action_reopen()
        self.assertIn("was canceled and cannot be reopened", str(caught.exception))
        self.assertEqual(self.ticket.stage_id, self._stage("canceled"))
        self.assertFalse(self._messages(self.ticket, "Please"))

    def test_reseller_tickets_have_no_view_mode(self):
        ticket = self._create_reseller_ticket(self.reseller_user_a)
        with self.assertRaises(UserError) as caught:
            ticket.with_user(self.reseller_user_a)._post_view_mode_update(
                "<p>Hello</p>", "update"
            )
        self.assertIn("are for client tickets", str(caught.exception))

    def test_another_companys_contact_cannot_close(self):
        self.ticket.sudo().stage_id = self._stage("in_progress_reseller")
        with self.assertRaises(UserError):
            self.ticket.sudo()._post_view_mode_update(
                "<p>Closing it</p>", "close", user=self.portal_user_b
            )
        self.assertEqual(self.ticket.stage_id, self._stage("in_progress_reseller"))
        self.assertFalse(self._messages(self.ticket, "Closing it"))

    def test_update_needs_a_comment(self):
        with self.assertRaises(UserError) as caught:
            self._wizard(self.ticket, "<p></p>").action_update()
        self.assertIn("Write a comment", str(caught.exception))


@tagged("post_install", "-at_install")
class TestPortalViewMode(PortalViewModeMixin, HttpCase, PartnerModeCase):
    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)

    def test_list_shows_entity_and_system(self):
        page = self.url_open("/my/tickets").text
        for text in ("Entity", "System", "Client A", "Main bar (RV-1)", "Ticket Open"):
            self.assertIn(text, page)

    def test_update_keeps_the_ticket_open(self):
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn('value="update"', page)
        self.assertIn('value="close"', page)
        response = self._post_view_mode(
            self.ticket, "update", "The drawer opens now and then"
        )
        self.assertEqual(response.status_code, 200)
        message = self._messages(self.ticket, "opens now and then")
        self.assertEqual(message.author_id, self.portal_user_a.partner_id)
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))

    def test_one_composer_with_the_history_under_it(self):
        """Comment / Update / Close Ticket is the client's one way to write:
        the chatter below it shows the history without a second composer."""
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertEqual(page.count('name="revo_view_mode"'), 1)
        self.assertIn('data-allow_composer="0"', page)
        self.assertNotIn('data-allow_composer="1"', page)
        box = page.index('name="revo_view_mode"')
        box_end = page.index("</form>", box)
        history = page.index('id="task_chat"')
        self.assertLess(page.index('id="card_body"'), box)
        self.assertLess(box_end, history)
        self.assertNotIn("<form", page[box_end:history])

    def test_close_then_reopen(self):
        self._post_view_mode(self.ticket, "close", "Solved by restarting")
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        self.assertTrue(self._messages(self.ticket, "Solved by restarting"))
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn("Ticket Closed", self.url_open("/my/tickets").text)
        self.assertIn('value="reopen"', page)
        self._post_view_mode(self.ticket, "reopen", "It is back")
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))

    def test_close_without_comment_is_the_clients_and_tells_the_reseller(self):
        self.ticket.message_subscribe(self.reseller_user_a.partner_id.ids)
        self._post_view_mode(self.ticket, "close")
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        self.assertEqual(self._last_move(self.ticket).user_id, self.portal_user_a)
        message = self._messages(self.ticket, "I closed the ticket.")
        self.assertEqual(message.author_id, self.portal_user_a.partner_id)
        self.assertIn(
            self.reseller_user_a.partner_id, message.notification_ids.res_partner_id
        )

    def test_close_while_waiting_on_the_client_is_one_move(self):
        self.ticket.sudo().stage_id = self._stage("backlog_client")
        before = self._last_move(self.ticket)
        self._post_view_mode(self.ticket, "close", "All good now")
        self.assertEqual(self.ticket.stage_id, self._stage("resolved"))
        moves = self.env["revo.helpdesk.ticket.move"].search(
            [("ticket_id", "=", self.ticket.id), ("id", ">", before.id)]
        )
        self.assertEqual(moves.stage_from_id, self._stage("backlog_client"))

    def test_closing_a_closed_ticket_changes_nothing(self):
        self.ticket.sudo().stage_id = self._stage("resolved")
        response = self._post_view_mode(self.ticket, "close", "Close again")
        self.assertIn("is already closed", response.text)
        self.assertFalse(self._messages(self.ticket, "Close again"))

    def test_update_without_comment_says_why_on_the_page(self):
        response = self._post_view_mode(self.ticket, "update")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Write a comment", response.text)
        self.assertNotIn(
            "Write a comment", self.url_open(f"/my/ticket/{self.ticket.id}").text
        )

    def test_client_cannot_close_a_ticket_with_revo(self):
        self.ticket.sudo().stage_id = self._stage("in_progress_revo_support")
        self.assertNotIn(
            'value="close"', self.url_open(f"/my/ticket/{self.ticket.id}").text
        )
        self._post_view_mode(self.ticket, "close", "Close it")
        self.assertEqual(self.ticket.stage_id, self._stage("in_progress_revo_support"))

    def test_other_clients_ticket_is_refused(self):
        other = self._create_client_ticket(self.portal_user_b, "Not yours")
        self._post_view_mode(other, "close", "Mine now")
        self.assertEqual(other.stage_id, self._stage("backlog_reseller"))
        self.assertFalse(self._messages(other, "Mine now"))

    def test_new_ticket_form_offers_own_systems(self):
        page = self.url_open("/new/ticket").text
        self.assertIn("Main bar (RV-1)", page)
        self.assertNotIn(">Shop<", page)
        self.assertIn("Urgent Issue", page)

    def test_submission_with_system_and_category(self):
        urgent = self.env.ref("revo_helpdesk.category_urgent")
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Terminal frozen",
                "description": "Nothing responds",
                "category": urgent.id,
                "system": self.system_a.id,
            },
        )
        ticket = self.Ticket.search([("name", "=", "Terminal frozen")])
        self.assertEqual(ticket.system_id, self.system_a)
        self.assertTrue(ticket.top_priority)
        self.assertTrue(ticket.response_deadline)

    def test_submission_with_another_companys_system_is_refused(self):
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Sneaky ticket",
                "description": "x",
                "system": self.system_b.id,
            },
        )
        self.assertFalse(self.Ticket.search([("name", "=", "Sneaky ticket")]))


@tagged("post_install", "-at_install")
class TestPortalReplyAttachments(PortalViewModeMixin, HttpCase, PartnerModeCase):
    """The client's reply box takes files, sent with the comment."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)

    def test_reply_box_takes_files(self):
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        box = page[page.index('name="revo_view_mode"') :]
        box = box[: box.index("</form>")]
        self.assertIn('enctype="multipart/form-data"', page)
        self.assertRegex(box, r'<input[^>]*type="file"[^>]*name="attachments"')
        self.assertIn("multiple", box)

    def test_files_go_with_the_comment(self):
        self._post_view_mode(
            self.ticket,
            "update",
            "Photo of the drawer attached",
            files=[
                ("drawer.png", b"\x89PNG\r\n\x1a\nfake", "image/png"),
                ("log.txt", b"E42 drawer", "text/plain"),
            ],
        )
        message = self._messages(self.ticket, "Photo of the drawer")
        self.assertEqual(message.author_id, self.portal_user_a.partner_id)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")), ["drawer.png", "log.txt"]
        )
        self.assertEqual(set(message.attachment_ids.mapped("res_id")), {self.ticket.id})
        # The client downloads its files from the portal's chatter, with the
        # token it hands out; its reseller reads them too.
        log = message.attachment_ids.filtered(lambda a: a.name == "log.txt")
        chatter = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        [shown] = [
            attachment
            for message in chatter["data"]["mail.message"]
            for attachment in message["attachment_ids"]
            if attachment["id"] == log.id
        ]
        response = self.url_open(
            f"/web/content/{log.id}?access_token={shown['raw_access_token']}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"E42 drawer")
        self.assertEqual(log.with_user(self.reseller_user_a).raw, b"E42 drawer")

    def test_a_file_without_text_is_an_update(self):
        self._post_view_mode(
            self.ticket, "update", files=[("screen.png", b"\x89PNG\r\n", "image/png")]
        )
        message = self.ticket.message_ids.filtered(
            lambda m: m.attachment_ids.name == "screen.png"
        )
        self.assertEqual(message.author_id, self.portal_user_a.partner_id)
        self.assertFalse(self._messages(self.ticket, "I closed the ticket"))
        self.assertFalse(self._messages(self.ticket, "I reopened the ticket"))

    def test_a_web_page_is_kept_as_text(self):
        self._post_view_mode(
            self.ticket,
            "update",
            "See the page",
            files=[("page.html", b"<script>alert(1)</script>", "text/html")],
        )
        attachment = self._messages(self.ticket, "See the page").attachment_ids
        self.assertEqual(attachment.mimetype, "text/plain")

    def test_a_refused_action_keeps_no_file(self):
        self.ticket.sudo().stage_id = self._stage("in_progress_revo_support")
        Attachment = self.env["ir.attachment"].sudo()
        before = Attachment.search_count([("name", "=", "refused.txt")])
        response = self._post_view_mode(
            self.ticket,
            "close",
            "Close it",
            files=[("refused.txt", b"x", "text/plain")],
        )
        self.assertIn("cannot be closed", response.text)
        self.assertEqual(
            Attachment.search_count([("name", "=", "refused.txt")]), before
        )

    def test_no_file_chosen_adds_nothing(self):
        self._post_view_mode(
            self.ticket,
            "update",
            "Just text",
            files=[("", b"", "application/octet-stream")],
        )
        self.assertFalse(self._messages(self.ticket, "Just text").attachment_ids)
