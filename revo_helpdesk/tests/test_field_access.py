# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import UserError

from .common import RevoHelpdeskCase

# What each role writes on a ticket by hand (DESIGN.md, Security model); the
# board's drag and drop writes the stage and the place in the column.
BOARD = {"stage_id", "sequence"}
RESELLER = BOARD | {
    "name",
    "description",
    "partner_id",
    "partner_name",
    "partner_email",
    "category_id",
    "system_id",
    "tag_ids",
    "linked_ticket_ids",
    "priority",
}
DIAGNOSIS = {
    "resolution",
    "impact",
    "external_party_id",
    "dev_reference",
    "dev_url",
    "release_id",
}
DEVELOPER = (
    BOARD
    | DIAGNOSIS
    | {
        "name",
        "description",
        "tag_ids",
        "linked_ticket_ids",
        "priority",
        "kanban_state",
        "color",
        "user_id",
    }
)
SUPPORT = (
    RESELLER
    | DEVELOPER
    | {
        "channel_id",
        "email_cc",
        "properties",
        "team_id",
        "company_id",
        "duplicate_id",
        "cancel_reason",
        "origin",
        "reseller_id",
        "is_incident",
        "incident_id",
        "incident_ticket_ids",
    }
)
MANAGER = SUPPORT | {"active"}
# Written through the chatter's own calls, never through the ticket's views.
CHATTER = {"activity_ids", "message_follower_ids", "message_ids", "website_message_ids"}


class TestTicketFieldAccess(RevoHelpdeskCase):
    def test_each_role_writes_its_allowlist_only(self):
        """Every field a user could write (stored, or with an inverse), for
        every role: the allowlisted ones are written, any other is refused
        naming it. Each write gives the field its current value: the refusal
        is about writing the field, whatever the value."""
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.write(
            {"stage_id": self._stage("backlog_dev").id, "dev_reference": "POS-1"}
        )
        roles = {
            self.reseller_user_a: RESELLER,
            self.developer: DEVELOPER,
            self.agent: SUPPORT,
            self.manager: MANAGER,
            self.portal_user_a: set(),
        }
        writable = [
            name
            for name, field in self.Ticket._fields.items()
            if field.store or field.inverse
        ]
        self.assertIn("stage_owner", writable, "stored related fields are checked")
        for user, allowed in roles.items():
            for name in writable:
                field = self.Ticket._fields[name]
                value = field.convert_to_write(ticket[name], ticket)
                with self.subTest(user=user.login, field=name):
                    if name in allowed:
                        ticket.with_user(user).write({name: value})
                        continue
                    label = field.get_description(self.env)["string"]
                    with self.assertRaises(UserError) as refusal:
                        ticket.with_user(user).write({name: value})
                    if not user.share:
                        self.assertIn(label, str(refusal.exception))

    def test_views_show_what_a_role_may_not_write_read_only(self):
        roles = {
            self.reseller_user_a: RESELLER,
            self.developer: DEVELOPER,
            self.agent: SUPPORT,
        }
        for user, allowed in roles.items():
            views = self.Ticket.with_user(user).get_views(
                [(False, "form"), (False, "list"), (False, "kanban")]
            )["views"]
            for view_type, view in views.items():
                arch = etree.fromstring(view["arch"])
                for node in arch.xpath("//field[@name][not(ancestor::field)]"):
                    field = self.Ticket._fields[node.get("name")]
                    if field.readonly or field.name in allowed | CHATTER:
                        continue
                    with self.subTest(
                        user=user.login, view=view_type, field=field.name
                    ):
                        self.assertIn(node.get("readonly"), ("1", "True"))
            form = etree.fromstring(views["form"]["arch"])
            self.assertEqual(
                bool(form.xpath("//button[@name='assign_to_me']")), "user_id" in allowed
            )

    def test_context_defaults_are_held_to_the_allowlist(self):
        """A context default sets a field as surely as a value: a reseller's
        new ticket takes none the reseller may not write, and a value equal
        to such a default is no default."""
        Ticket = self.Ticket.with_user(self.reseller_user_a)
        values = {
            "name": "Forged",
            "description": "Forged defaults",
            "partner_id": self.portal_user_a.partner_id.id,
        }
        for forged in (
            {"context": {"default_escalated": True}, "vals": {}},
            {"context": {"default_escalated": True}, "vals": {"escalated": True}},
            {"context": {"default_reached_development": True}, "vals": {}},
        ):
            with self.subTest(**forged), self.assertRaises(UserError) as refusal:
                Ticket.with_context(**forged["context"]).create(
                    dict(values, **forged["vals"])
                )
            self.assertIn("cannot write", str(refusal.exception))
        self.assertFalse(self.Ticket.search([("name", "=", "Forged")]))
        ticket = Ticket.with_context(default_priority="2").create(dict(values))
        self.assertEqual(ticket.priority, "2", "defaults of its own fields apply")
