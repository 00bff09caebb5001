# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError

from .common import RevoHelpdeskCase


class TestPartnerReseller(RevoHelpdeskCase):
    def test_contacts_inherit_company_reseller(self):
        self.assertEqual(self.portal_user_a.partner_id.reseller_id, self.reseller_a)
        self.client_a.reseller_id = self.reseller_b
        self.assertEqual(self.portal_user_a.partner_id.reseller_id, self.reseller_b)

    def test_reseller_must_be_a_reseller(self):
        plain = self.env["res.partner"].create({"name": "Plain Co", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "only a partner marked"):
            self.client_a.reseller_id = plain
        self.env.invalidate_all(flush=False)
        self.assertEqual(self.client_a.reseller_id, self.reseller_a)

    def test_reseller_cannot_serve_itself(self):
        with self.assertRaisesRegex(ValidationError, "cannot be its own reseller"):
            self.reseller_a.reseller_id = self.reseller_a

    def test_resellers_cannot_edit_partners(self):
        """Who belongs to which reseller decides who sees which tickets: only
        REVO edits partners, so a reseller cannot join another reseller, make
        itself another reseller's responsible or attach clients."""
        reseller_partner = self.reseller_user_a.partner_id
        for partner, values in (
            (reseller_partner, {"parent_id": self.reseller_b.id}),
            (self.reseller_b, {"reseller_responsible_id": self.reseller_user_a.id}),
            (self.client_b, {"reseller_id": self.reseller_a.id}),
            (self.client_b, {"share_tickets_in_company": True}),
            (self.portal_user_b.partner_id, {"email": "thief@example.com"}),
            (self.client_a, {"is_reseller": True}),
        ):
            with self.subTest(partner=partner.name, values=values):
                with self.assertRaises(AccessError):
                    partner.with_user(self.reseller_user_a).write(values)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.reseller_user_a).create(
                {"name": "New Bar", "reseller_id": self.reseller_a.id}
            )
        self.assertEqual(reseller_partner.parent_id, self.reseller_a)
        self.assertFalse(
            self.Ticket.with_user(self.reseller_user_a).search(
                [("reseller_id", "=", self.reseller_b.id)]
            )
        )

    def test_reseller_with_contact_rights_still_cannot_change_scope(self):
        self.reseller_user_a.group_ids = [
            (4, self.env.ref("base.group_partner_manager").id)
        ]
        partner = self.reseller_user_a.partner_id.with_user(self.reseller_user_a)
        with self.assertRaisesRegex(AccessError, "Only REVO staff"):
            partner.parent_id = self.reseller_b
        with self.assertRaisesRegex(AccessError, "Only REVO staff"):
            self.portal_user_b.partner_id.with_user(
                self.reseller_user_a
            ).email = "x@y.z"
        partner.phone = "+34 600 000 000"
        self.assertEqual(partner.phone, "+34 600 000 000")
