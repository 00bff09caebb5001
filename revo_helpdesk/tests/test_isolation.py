# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError

from .common import RevoHelpdeskCase


class IsolationCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_client_ticket(cls.portal_user_a, "Alpha printer")
        cls.ticket_b = cls._create_client_ticket(cls.portal_user_b, "Bravo printer")
        cls.ticket_b.message_post(
            body="Bravo's private log",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.attachment_b = cls.env["ir.attachment"].create(
            {
                "name": "bravo-log.txt",
                "raw": b"bravo",
                "res_model": "helpdesk.ticket",
                "res_id": cls.ticket_b.id,
            }
        )
        cls.internal_ticket = cls.Ticket.create(
            {"name": "REVO internal", "description": "<p>x</p>", "team_id": cls.team.id}
        )
        # A REVO agent adding a reseller as follower of another reseller's
        # ticket must not open the ticket to it.
        cls.ticket_b.message_subscribe(partner_ids=cls.reseller_user_a.partner_id.ids)


class TestResellerIsolation(IsolationCase):
    def test_read(self):
        self.assertEqual(
            self.ticket_a.with_user(self.reseller_user_a).read(["name"])[0]["name"],
            "Alpha printer",
        )
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.reseller_user_a).read(["name"])

    def test_write(self):
        self.ticket_a.with_user(self.reseller_user_a).name = "Alpha printer jams"
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.reseller_user_a).name = "Bravo printer jams"
        self.assertEqual(self.ticket_b.name, "Bravo printer")

    def test_ticket_cannot_be_handed_to_another_resellers_client(self):
        vals = {"partner_id": self.portal_user_b.partner_id.id}
        with self.assertRaisesRegex(UserError, "served by Reseller B"):
            self.ticket_a.with_user(self.reseller_user_a).write(vals)
        with self.assertRaisesRegex(UserError, "served by Reseller B"):
            self.Ticket.with_user(self.reseller_user_a).create(
                dict(vals, name="Handed over", description="<p>x</p>")
            )

    def test_mail_gateway_is_not_for_users(self):
        email = (
            "From: cx@revo.example.com\r\nTo: support@example.com\r\n"
            "Subject: Forged\r\nMessage-Id: <forged@example.com>\r\n\r\nHello"
        )
        with self.assertRaises(AccessError):
            self.Ticket.with_user(self.reseller_user_a).message_process(
                "helpdesk.ticket", email, thread_id=self.ticket_b.id
            )

    def test_posting_in_someone_elses_name_is_refused(self):
        with self.assertRaisesRegex(AccessError, "in your own name only"):
            self.ticket_a.with_user(self.reseller_user_a).message_post(
                body="From CX, honest",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.agent.partner_id.id,
            )

    def test_search(self):
        found = self.Ticket.with_user(self.reseller_user_a).search([])
        self.assertEqual(found, self.ticket_a)
        self.assertFalse(
            self.Ticket.with_user(self.reseller_user_a).search_count(
                [("name", "ilike", "Bravo")]
            )
        )

    def test_group(self):
        groups = self.Ticket.with_user(self.reseller_user_a).formatted_read_group(
            [], ["reseller_id"], ["__count"]
        )
        self.assertEqual(
            [(g["reseller_id"][0], g["__count"]) for g in groups],
            [(self.reseller_a.id, 1)],
        )

    def test_name_search(self):
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        self.assertFalse(Ticket.name_search(self.ticket_b.number))
        self.assertFalse(Ticket.name_search("Bravo"))
        self.assertEqual(
            [r[0] for r in Ticket.name_search(self.ticket_a.number)], self.ticket_a.ids
        )

    def test_follow(self):
        partner = self.reseller_user_a.partner_id
        self.ticket_a.with_user(self.reseller_user_a).message_subscribe(partner.ids)
        self.assertIn(partner, self.ticket_a.message_partner_ids)
        self.assertFalse(
            self.internal_ticket.with_user(self.reseller_user_a).message_subscribe(
                partner.ids
            )
        )
        self.assertNotIn(partner, self.internal_ticket.message_partner_ids)

    def test_post(self):
        message = self.ticket_a.with_user(self.reseller_user_a).message_post(
            body="Tested on two terminals", message_type="comment"
        )
        self.assertEqual(message.author_id, self.reseller_user_a.partner_id)
        count = self.env["mail.message"].search_count(
            [("res_id", "=", self.ticket_b.id)]
        )
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.reseller_user_a).message_post(
                body="Sneaking in", message_type="comment"
            )
        self.assertEqual(
            self.env["mail.message"].search_count([("res_id", "=", self.ticket_b.id)]),
            count,
        )

    def test_messages(self):
        Message = self.env["mail.message"].with_user(self.reseller_user_a)
        domain = [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket_b.id)]
        self.assertFalse(Message.search(domain))
        message_b = self.env["mail.message"].search(domain, limit=1)
        with self.assertRaises(AccessError):
            message_b.with_user(self.reseller_user_a).read(["body"])

    def test_attachments(self):
        Attachment = self.env["ir.attachment"].with_user(self.reseller_user_a)
        self.assertFalse(
            Attachment.search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket_b.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            self.attachment_b.with_user(self.reseller_user_a).read(["raw"])

    def test_files_of_revo_notes_are_hidden(self):
        secret = self.env["ir.attachment"].create(
            {
                "name": "root-cause.txt",
                "raw": b"secret",
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket_a.id,
            }
        )
        self.ticket_a.with_user(self.agent).message_post(
            body="Root cause",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=secret.ids,
        )
        self.assertEqual(secret.res_model, "mail.message")
        with self.assertRaises(AccessError):
            secret.with_user(self.reseller_user_a).read(["raw"])
        self.assertNotIn(
            secret, self.ticket_a.with_user(self.reseller_user_a).attachment_ids
        )

    def test_forms_do_not_reveal_other_resellers_tickets(self):
        for model, values in (
            (
                "revo.helpdesk.escalate",
                {"ticket_id": self.ticket_b.id, "tests_performed": "x"},
            ),
            (
                "revo.helpdesk.transition.wizard",
                {
                    "ticket_id": self.ticket_b.id,
                    "transition_id": self.env.ref(
                        "revo_helpdesk.transition_reseller_cancel"
                    ).id,
                },
            ),
            (
                "revo.helpdesk.transition.wizard",
                {
                    "ticket_id": self.ticket_a.id,
                    "transition_id": self.env.ref(
                        "revo_helpdesk.transition_reseller_cancel"
                    ).id,
                    "duplicate_of_id": self.ticket_b.id,
                },
            ),
            ("revo.helpdesk.ticket.update.wizard", {"ticket_id": self.ticket_b.id}),
        ):
            with (
                self.subTest(model=model, values=values),
                self.assertRaises(AccessError),
            ):
                self.env[model].with_user(self.reseller_user_a).create(values)
        # Resellers do not write it at all (helpdesk_ticket_access).
        with self.assertRaises(UserError):
            self.ticket_a.with_user(self.reseller_user_a).duplicate_id = self.ticket_b

    def test_mail_gateway_lookup_is_not_an_oracle(self):
        found = self.Ticket.with_user(self.reseller_user_a).message_new(
            {
                "subject": f"Re: {self.ticket_b.number}",
                "author_id": self.agent.partner_id.id,
                "body": "x",
            }
        )
        self.assertNotEqual(found, self.ticket_b)

    def test_tickets_without_reseller_are_hidden(self):
        with self.assertRaises(AccessError):
            self.internal_ticket.with_user(self.reseller_user_a).read(["name"])

    def test_reseller_without_reseller_company_sees_nothing(self):
        """A misconfigured reseller user fails closed."""
        self.reseller_user_a.partner_id.parent_id = False
        self.assertFalse(self.Ticket.with_user(self.reseller_user_a).search([]))


class TestFormsReadReadableTickets(IsolationCase):
    """A form's defaults and onchanges name and show only tickets its user
    may read: many2one names and the forms' ticket values are read as
    superuser."""

    # Each form with the fields that name a ticket and what it shows of it.
    FORMS = {
        "revo.helpdesk.transition.wizard": (
            ("ticket_id", "duplicate_of_id"),
            {
                "external_party_id": {"fields": {"display_name": {}}},
                "dev_reference": {},
                "dev_url": {},
                "release_id": {"fields": {"display_name": {}}},
            },
        ),
        "revo.helpdesk.escalate": (("ticket_id",), {}),
        "revo.helpdesk.ticket.update.wizard": (
            ("ticket_id",),
            {"ticket_closed": {}, "can_close": {}, "can_reopen": {}},
        ),
        "revo.helpdesk.ticket.feedback": (("ticket_id", "suggested_ticket_id"), {}),
        "helpdesk.ticket": (("duplicate_id",), {"name": {}}),
        "helpdesk.ticket.duplicate.wizard": (("ticket_id", "duplicate_of_id"), {}),
    }

    def _onchange(self, user, model, field, ticket, as_default):
        names, shown = self.FORMS[model]
        spec = dict({name: {"fields": {"display_name": {}}} for name in names}, **shown)
        Model = self.env[model].with_user(user)
        if as_default:
            return Model.with_context(**{f"default_{field}": ticket.id}).onchange(
                {}, [], spec
            )
        return Model.onchange({field: ticket.id}, [field], spec)

    def test_forms_name_only_readable_tickets(self):
        self.ticket_b.sudo().dev_reference = "POS-SECRET"
        for user in (self.reseller_user_a, self.developer):
            for model, (names, _shown) in self.FORMS.items():
                for field in names:
                    for as_default in (True, False):
                        with (
                            self.subTest(
                                user=user.login,
                                model=model,
                                field=field,
                                as_default=as_default,
                            ),
                            self.assertRaises(AccessError),
                        ):
                            self._onchange(
                                user, model, field, self.ticket_b, as_default
                            )

    def test_forms_open_on_readable_tickets(self):
        result = self._onchange(
            self.reseller_user_a,
            "revo.helpdesk.transition.wizard",
            "ticket_id",
            self.ticket_a,
            True,
        )
        self.assertEqual(result["value"]["ticket_id"]["id"], self.ticket_a.id)
        result = self._onchange(
            self.reseller_user_a,
            "helpdesk.ticket",
            "duplicate_id",
            self.ticket_a,
            False,
        )
        self.assertNotIn("warning", result)

    def test_activity_form_names_only_readable_documents(self):
        Activity = self.env["mail.activity"].with_user(self.reseller_user_a)
        spec = {"res_model": {}, "res_id": {}, "res_name": {}}
        with self.assertRaises(AccessError):
            Activity.with_context(
                default_res_model="helpdesk.ticket", default_res_id=self.ticket_b.id
            ).onchange({}, [], spec)
        with self.assertRaises(AccessError):
            Activity.onchange(
                {"res_model": "helpdesk.ticket", "res_id": self.ticket_b.id},
                ["res_id"],
                spec,
            )
        result = Activity.with_context(
            default_res_model="helpdesk.ticket", default_res_id=self.ticket_a.id
        ).onchange({}, [], spec)
        self.assertEqual(result["value"]["res_name"], self.ticket_a.display_name)

    def test_composer_names_only_readable_documents(self):
        Composer = self.env["mail.compose.message"].with_user(self.reseller_user_a)
        spec = {"model": {}, "res_ids": {}, "subject": {}}
        for ticket, readable in ((self.ticket_b, False), (self.ticket_a, True)):
            composer = Composer.with_context(
                default_model="helpdesk.ticket",
                default_res_ids=[ticket.id],
                default_composition_mode="comment",
            )
            with self.subTest(ticket=ticket.id):
                if not readable:
                    with self.assertRaises(AccessError):
                        composer.onchange({}, [], spec)
                    continue
                result = composer.onchange({}, [], spec)
                self.assertIn(ticket.name, result["value"]["subject"])

    def test_drop_on_a_column_only_on_writable_tickets(self):
        """The kanban's drop asks the server for the move's form: not on
        another reseller's ticket, and a stage that is no stage asks for
        nothing."""
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.reseller_user_a).action_drop_on_stage(
                self._stage("backlog_client").id
            )
        ticket = self.ticket_a.with_user(self.reseller_user_a)
        for odd in (0, 999999, -1):
            with self.subTest(stage_id=odd):
                self.assertFalse(ticket.action_drop_on_stage(odd))


class TestRevoStaffVisibility(IsolationCase):
    def test_agent_and_manager_see_all(self):
        every = self.ticket_a | self.ticket_b | self.internal_ticket
        for user in (self.agent, self.manager):
            self.assertEqual(
                self.Ticket.with_user(user).search([("id", "in", every.ids)]), every
            )

    def test_developer_sees_tickets_that_reached_development(self):
        Ticket = self.Ticket.with_user(self.developer)
        self.assertFalse(Ticket.search([("id", "in", self.ticket_a.ids)]))
        self.ticket_a.stage_id = self._stage("backlog_dev")
        self.assertEqual(
            Ticket.search([("id", "in", self.ticket_a.ids)]), self.ticket_a
        )
        self.ticket_a.stage_id = self._stage("confirmation_reseller")
        self.assertEqual(
            Ticket.search([("id", "in", self.ticket_a.ids)]),
            self.ticket_a,
            "developers keep the history of tickets they worked on",
        )
