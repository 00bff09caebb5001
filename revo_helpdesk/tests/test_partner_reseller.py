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

    def test_reseller_user_attaches_clients_to_itself_only(self):
        Partner = self.env["res.partner"].with_user(self.reseller_user_a)
        client = Partner.create(
            {"name": "New Bar", "is_company": True, "reseller_id": self.reseller_a.id}
        )
        self.assertEqual(client.reseller_id, self.reseller_a)
        with self.assertRaisesRegex(AccessError, "your own reseller"):
            Partner.create(
                {"name": "Bar B", "is_company": True, "reseller_id": self.reseller_b.id}
            )
        with self.assertRaisesRegex(AccessError, "your own reseller"):
            client.write({"reseller_id": self.reseller_b.id})
        self.assertEqual(client.reseller_id, self.reseller_a)
        with self.assertRaisesRegex(AccessError, "your own reseller"):
            self.client_b.with_user(self.reseller_user_a).reseller_id = self.reseller_a
        self.assertEqual(self.client_b.reseller_id, self.reseller_b)

    def test_reseller_user_cannot_make_resellers(self):
        with self.assertRaisesRegex(AccessError, "Only REVO staff"):
            self.client_a.with_user(self.reseller_user_a).is_reseller = True
        self.assertFalse(self.client_a.is_reseller)
