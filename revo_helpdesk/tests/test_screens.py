# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The screens say what the product then does."""

import re

import polib

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_path

from odoo.addons.mail.tools.discuss import Store

from .common import RevoHelpdeskCase


@tagged("post_install", "-at_install")
class TestWaitingOn(RevoHelpdeskCase):
    """Who the ticket waits on, per stage: not the stage's side."""

    def test_waiting_on_per_stage(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        expected = {
            "backlog_client": "client",
            "backlog_reseller": "reseller",
            "in_progress_reseller": "reseller",
            "confirmation_reseller": "reseller",
            "resolved": "nobody",
            "backlog_revo_support": "support",
            "in_progress_revo_support": "support",
            "internal_review": "support",
            "canceled": "nobody",
            "backlog_dev": "development",
            "in_progress_dev": "development",
            "pending_release": "development",
        }
        for stage_name, waiting_on in expected.items():
            with self.subTest(stage=stage_name):
                ticket.sudo().write(
                    {"stage_id": self._stage(stage_name).id, "dev_reference": "DEV-1"}
                )
                self.assertEqual(ticket.waiting_on, waiting_on)

    def test_waiting_on_filter_and_group_by(self):
        waiting_client = self._create_client_ticket(self.portal_user_a)
        waiting_client.sudo().stage_id = self._stage("backlog_client")
        waiting_reseller = self._create_client_ticket(self.portal_user_a, "Other")
        found = self.Ticket.search(
            [
                ("id", "in", (waiting_client | waiting_reseller).ids),
                ("waiting_on", "=", "client"),
            ]
        )
        self.assertEqual(found, waiting_client)
        groups = dict(
            self.Ticket._read_group(
                [("id", "in", (waiting_client | waiting_reseller).ids)],
                ["waiting_on"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"client": 1, "reseller": 1})

    def test_waiting_on_shown_on_card_form_list_and_filters(self):
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        for view_type in ("kanban", "form", "list"):
            with self.subTest(view=view_type):
                arch = Ticket.get_view(view_type=view_type)["arch"]
                self.assertIn('name="waiting_on"', arch)
        search = Ticket.get_view(view_type="search")["arch"]
        self.assertIn("'group_by': 'waiting_on'", search)
        self.assertIn("('waiting_on', '=', 'client')", search)


@tagged("post_install", "-at_install")
class TestComposerRecipients(RevoHelpdeskCase):
    """Send Message names the people it reaches, never the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_client_ticket(cls.portal_user_a)
        cls.ticket.message_subscribe(partner_ids=cls.portal_user_a.partner_id.ids)

    def _suggested(self, user):
        ticket = self.ticket.with_user(user)
        return {
            recipient["partner_id"]
            for recipient in ticket._message_get_suggested_recipients(
                reply_discussion=True, no_create=True
            )
        }

    def test_reseller_message_names_revo_support(self):
        suggested = self._suggested(self.reseller_user_a)
        support = self.ticket._get_side_users("support")
        self.assertIn(self.agent, support)
        self.assertEqual(suggested, set(support.partner_id.ids))

    def test_revo_message_names_the_reseller_people(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                suggested = self._suggested(user)
                self.assertEqual(suggested, set(self.reseller_user_a.partner_id.ids))

    def test_assigned_agent_is_named(self):
        other_agent = self._create_user(
            "other_agent", "revo_helpdesk.group_support_agent"
        )
        self.ticket.user_id = other_agent
        self.assertEqual(
            self._suggested(self.reseller_user_a), set(other_agent.partner_id.ids)
        )

    def test_client_is_never_suggested_after_a_client_reply(self):
        self.ticket.with_user(self.portal_user_a).sudo().message_post(
            body="It still fails", message_type="comment"
        )
        for user in (self.reseller_user_a, self.agent):
            with self.subTest(user=user.login):
                self.assertNotIn(
                    self.portal_user_a.partner_id.id, self._suggested(user)
                )


@tagged("post_install", "-at_install")
class TestChatterLabels(RevoHelpdeskCase):
    """The chatter's words per role and audience."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_client_ticket(cls.portal_user_a)

    def _hints(self, user):
        return self.ticket.with_user(user).revo_composer_hints

    def test_send_message_says_the_client_does_not_read_it(self):
        reseller = self._hints(self.reseller_user_a)
        self.assertEqual(reseller["message_label"], "Send Message")
        self.assertIn("REVO support and your team", reseller["message_audience"])
        self.assertIn("the client does not", reseller["message_audience"])
        revo = self._hints(self.agent)
        self.assertIn("reseller's team", revo["message_audience"])
        self.assertIn("the client does not", revo["message_audience"])

    def test_add_note_says_the_client_reads_it(self):
        hints = self._hints(self.reseller_user_a)
        self.assertEqual(hints["note_label"], "Add Note")
        for key in ("note_placeholder", "note_send", "note_audience"):
            with self.subTest(key=key):
                self.assertIn("client", hints[key].lower())
                self.assertNotIn("internal", hints[key].lower())
        self.assertIn("nobody is notified", hints["note_audience"])

    def test_revo_note_says_it_stays_inside_revo(self):
        hints = self._hints(self.agent)
        self.assertIn("internal note", hints["note_placeholder"])
        self.assertIn("stays inside REVO", hints["note_audience"])

    def test_no_hints_outside_the_workflow(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Other"})
        ticket = self.Ticket.create(
            {"name": "Other", "description": "x", "team_id": other_team.id}
        )
        self.assertFalse(ticket.origin)
        self.assertFalse(ticket.with_user(self.agent).revo_composer_hints)


@tagged("post_install", "-at_install")
class TestStageBar(RevoHelpdeskCase):
    """The form's stage bar: the team's workflow stages, clickable where the
    move buttons go."""

    def _clickable(self, ticket, user):
        moves = ticket.with_user(user).revo_stage_moves or {}
        return self.env["helpdesk.ticket.stage"].browse(int(key) for key in moves)

    def _stages(self, *names):
        return self.env["helpdesk.ticket.stage"].union(*map(self._stage, names))

    def test_reseller_clicks_the_moves_of_its_buttons(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        self.assertEqual(
            self._clickable(ticket, self.reseller_user_a),
            self._stages(
                "backlog_client",
                "backlog_revo_support",
                "canceled",
                "in_progress_reseller",
                "resolved",
            ),
        )

    def test_reseller_clicks_nothing_while_revo_works(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(
            {"stage_id": self._stage("backlog_revo_support").id, "escalated": True}
        )
        clickable = self._clickable(ticket, self.reseller_user_a)
        self.assertFalse(clickable.filtered(lambda s: s.owner != "reseller"))

    def test_clickable_stages_are_the_move_buttons_stages(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(
            {"stage_id": self._stage("in_progress_revo_support").id, "escalated": True}
        )
        for user in (self.reseller_user_a, self.agent, self.developer, self.manager):
            with self.subTest(user=user.login):
                moves = ticket.with_user(user).revo_stage_moves or {}
                allowed = ticket.with_user(user)._get_allowed_transitions()[ticket]
                self.assertEqual(self._clickable(ticket, user), allowed.stage_to_id)
                for stage_id, transition_id in moves.items():
                    transition = allowed.browse(transition_id)
                    self.assertIn(transition, allowed)
                    self.assertEqual(transition.stage_to_id.id, int(stage_id))

    def test_bar_lists_the_workflow_stages_of_the_team_only(self):
        arch = self.Ticket.with_user(self.agent).get_view(view_type="form")["arch"]
        self.assertIn('widget="revo_statusbar"', arch)
        self.assertIn("('owner', '!=', False)", arch)
        stages = self.env["helpdesk.ticket.stage"].search(
            [("team_ids", "=", self.team.id), ("owner", "!=", False)]
        )
        self.assertIn(self._stage("backlog_dev"), stages)
        self.assertFalse(
            stages & self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        )


@tagged("post_install", "-at_install")
class TestClientReplyMark(HttpCase, RevoHelpdeskCase):
    """A client's answer shows on the card until a reseller opens the ticket;
    the client's list shows what waits on the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_client_ticket(cls.portal_user_a)
        cls.ticket.sudo().stage_id = cls._stage("backlog_client")

    def _client_replies(self):
        self.ticket.with_user(self.portal_user_a).sudo().message_post(
            body="Restarted, it still fails", message_type="comment"
        )

    def _open_chatter(self, user):
        """What the form's chatter asks for when it opens the ticket."""
        ticket = self.ticket.with_user(user)
        ticket._thread_to_store(
            Store(), [], request_list=["followers", "suggestedRecipients"]
        )

    def test_client_reply_marks_the_card_until_a_reseller_opens_it(self):
        self.assertFalse(self.ticket.client_replied)
        self._client_replies()
        self.assertEqual(self.ticket.stage_id, self._stage("backlog_reseller"))
        self.assertTrue(self.ticket.client_replied)
        self._open_chatter(self.agent)
        self.assertTrue(self.ticket.client_replied)
        self._open_chatter(self.reseller_user_a)
        self.assertFalse(self.ticket.client_replied)

    def test_card_and_filters_show_the_mark(self):
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        self.assertIn(
            'name="client_replied"', Ticket.get_view(view_type="kanban")["arch"]
        )
        self.assertIn(
            "('client_replied', '=', True)", Ticket.get_view(view_type="search")["arch"]
        )

    def test_client_list_says_an_answer_is_needed(self):
        answered = self._create_client_ticket(self.portal_user_a, "Drawer")
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open("/my/tickets").text
        self.assertEqual(page.count("Your answer is needed"), 1)
        row = page[page.index(self.ticket.number) :]
        self.assertIn("Your answer is needed", row[: row.index("</tr>")])
        self.assertIn(answered.number, page)


@tagged("post_install", "-at_install")
class TestLanding(HttpCase, RevoHelpdeskCase):
    """Each role lands on its board; the demo holds REVO's teams only."""

    def _home_action(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")[
            "home_action_id"
        ]

    def test_each_role_lands_on_its_board(self):
        board = self.env.ref("revo_helpdesk.helpdesk_ticket_action_reseller_support")
        for user in (self.reseller_user_a, self.agent, self.developer, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(self._home_action(user), board.id)

    def test_a_chosen_home_action_is_kept(self):
        action = self.env.ref("revo_helpdesk.revo_helpdesk_release_action")
        self.developer.action_id = action.id
        self.assertEqual(self._home_action(self.developer), action.id)

    def test_helpdesk_app_opens_the_board(self):
        menus = (
            self.env["ir.ui.menu"]
            .with_user(self.agent)
            .search(
                [
                    (
                        "parent_id",
                        "=",
                        self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").id,
                    )
                ]
            )
        )
        first = menus.sorted(lambda menu: (menu.sequence, menu.id))[:1]
        self.assertEqual(
            first, self.env.ref("revo_helpdesk.helpdesk_ticket_reseller_support_menu")
        )

    def test_portal_lists_revo_categories_only(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open("/new/ticket").text
        options = set(re.findall(r"<option[^>]*>\s*([^<]*?)\s*</option>", page))
        self.assertIn(self.env.ref("revo_helpdesk.category_urgent").name, options)
        self.assertFalse(
            options & {"Software", "Wifi", "Odoo", "Hardware", "Laptops"}, options
        )

    def test_demo_has_revo_teams_only(self):
        teams = self.env["helpdesk.ticket.team"].search([])
        self.assertEqual(teams.filtered("reseller_workflow"), teams)


@tagged("post_install", "-at_install")
class TestSmallScreens(RevoHelpdeskCase):
    """The move buttons' hover, and the hand-over to development."""

    def test_move_buttons_hover_speaks_to_the_user(self):
        help_text = self.Ticket._fields["allowed_transition_ids"].help
        self.assertEqual(
            help_text, "What you can do with this ticket from the stage it is in."
        )

    def test_send_to_development_asks_for_a_message(self):
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(
            {"stage_id": self._stage("in_progress_revo_support").id, "escalated": True}
        )
        transition = self.env.ref("revo_helpdesk.transition_support_to_development")
        action = ticket.with_user(self.agent).action_move(transition.id)
        self.assertIsInstance(action, dict, "the move opens its form")
        self.assertEqual(ticket.stage_id, self._stage("in_progress_revo_support"))
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        with self.assertRaises(UserError):
            wizard.create({}).action_confirm()
        wizard.create(
            {"body": "<p>Crashes on order 12 of the demo.</p>"}
        ).action_confirm()
        self.assertEqual(ticket.stage_id, self._stage("backlog_dev"))
        note = self._last_message(ticket.with_context(active_test=False))
        self.assertIn("Crashes on order 12", str(note.body))
        # A hand-over inside REVO: the developers are told, nobody else reads it.
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn(self.developer.partner_id, note.partner_ids)
        self.assertNotIn(self.reseller_user_a.partner_id, note.partner_ids)


@tagged("post_install", "-at_install")
class TestPortalPages(HttpCase, RevoHelpdeskCase):
    """The portal's pages name tickets as the list does and fit the screen."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)

    def test_new_ticket_is_confirmed_with_its_number(self):
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Kitchen display is blank",
                "description": "Since the update",
            },
        )
        ticket = self.Ticket.search([("name", "=", "Kitchen display is blank")])
        self.assertIn("o_revo_ticket_created", response.text)
        created = response.text[response.text.index("o_revo_ticket_created") :]
        self.assertIn(ticket.number, created[: created.index("</div>")])
        self.assertNotIn(f"#<span>{ticket.id}</span>", response.text)
        # The confirmation is the submission's, not every visit's.
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn("o_revo_ticket_created", page)
        self.assertIn(ticket.number, page)

    def test_list_leaves_out_the_columns_that_overflow(self):
        self._create_client_ticket(self.portal_user_a)
        page = self.url_open("/my/tickets").text
        self.assertNotIn('name="th_last_stage_update"', page)
        self.assertNotIn('name="th_closed_date"', page)
        self.assertIn('name="th_last_update"', page)


@tagged("post_install", "-at_install")
class TestSpanish(RevoHelpdeskCase):
    """Spanish out of the box."""

    def test_demo_loads_spanish(self):
        if not self.env.ref(
            "revo_helpdesk.partner_reseller_levante_demo", raise_if_not_found=False
        ):
            self.skipTest("a database without the demo data")
        self.assertTrue(self.env["res.lang"]._lang_get("es_ES").active)
        menu = self.env.ref("revo_helpdesk.helpdesk_ticket_reseller_support_menu")
        self.assertNotEqual(
            menu.with_context(lang="es_ES").name, menu.with_context(lang="en_US").name
        )

    def test_every_tiquet_of_helpdesk_mgmt_is_reworded(self):
        """Whatever helpdesk_mgmt's Spanish says "tíquet" of, i18n_extra says
        "ticket" of (a new helpdesk_mgmt release may add some)."""
        ours = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path("revo_helpdesk/i18n_extra/es.po"))
        }
        tiquet = re.compile(r"\bt[ií]quets?\b", re.IGNORECASE)
        missing = [
            entry.msgid[:60]
            for entry in polib.pofile(file_path("helpdesk_mgmt/i18n/es.po"))
            if tiquet.search(entry.msgstr)
            and (entry.msgid not in ours or tiquet.search(ours[entry.msgid]))
        ]
        self.assertFalse(missing, "helpdesk_mgmt terms still saying tíquet")

    def test_partner_name_is_the_contact_name(self):
        self.assertEqual(self.Ticket._fields["partner_name"].string, "Contact Name")

    def _spanish(self, xmlid, field="name"):
        return self.env.ref(xmlid).with_context(lang="es_ES")[field]

    def test_helpdesk_mgmt_terms_say_ticket(self):
        """helpdesk_mgmt's Spanish says "tíquet"/"tiquet" beside "ticket":
        revo_helpdesk's wording wins, even when helpdesk_mgmt's Spanish was
        loaded last, with overwrite, as a database that had it before."""
        self.env["res.lang"]._activate_lang("es_ES")
        Module = self.env["ir.module.module"]
        Module._load_module_terms(["revo_helpdesk"], ["es_ES"])
        Module._load_module_terms(["helpdesk_mgmt"], ["es_ES"], overwrite=True)
        self.assertEqual(
            self._spanish("helpdesk_mgmt.helpdesk_all_ticket_menu"), "Todos los tickets"
        )
        self.assertEqual(self._spanish("helpdesk_mgmt.helpdesk_ticket_menu"), "Tickets")
        created = "helpdesk_mgmt.hlp_tck_created"
        self.assertEqual(self._spanish(created), "Ticket creado")
        self.assertEqual(self._spanish(created, "description"), "Ticket creado")
        partner_name = self.env["ir.model.fields"]._get(
            "helpdesk.ticket", "partner_name"
        )
        self.assertEqual(
            partner_name.with_context(lang="es_ES").field_description,
            "Nombre del contacto",
            "the contact's name, not the company's",
        )
        for view in ("portal_ticket_list", "portal_helpdesk_ticket_page"):
            arch = self._spanish(f"helpdesk_mgmt.{view}", "arch_db")
            self.assertNotRegex(arch.lower(), "t[ií]quet", view)
            self.assertIn("ticket", arch)
