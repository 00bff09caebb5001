# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase


class TestViewAccessRights(TransactionCase):
    def test_no_element_depends_on_a_field_its_viewers_may_lack(self):
        """Odoo warns on install and upgrade ("Access Rights Inconsistency")
        when an element is shown to users who cannot read a field it depends
        on: the addon's views, and the others on the models it extends, are
        checked as Odoo checks them when loading them."""
        own = self.env["ir.model.data"].search(
            [("module", "=", "revo_helpdesk"), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(own.mapped("res_id"))
        views |= self.env["ir.ui.view"].search(
            [("model", "in", list(set(views.mapped("model"))))]
        )
        with self.assertNoLogs("odoo.addons.base.models.ir_ui_view", "WARNING"):
            views._check_xml()
