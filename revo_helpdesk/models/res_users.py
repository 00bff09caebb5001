# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_reseller_user(self):
        """A reseller's staff member, as opposed to REVO staff who may also
        hold the reseller group for testing. The record rules of
        security/revo_helpdesk_security.xml that apply to resellers (ticket
        isolation, REVO notes, notifications, ticket files) state the same
        condition, as rules cannot call a method."""
        self.ensure_one()
        return self.has_group("revo_helpdesk.group_reseller") and not self.has_group(
            "revo_helpdesk.group_support_agent"
        )

    def _is_revo_staff(self):
        """REVO's own people: internal users who do not work for a reseller
        (helpdesk.ticket._get_partner_side() says 'revo' of their partner)."""
        self.ensure_one()
        return self.has_group("base.group_user") and not self._is_reseller_user()

    def _get_reseller_partner(self):
        """The reseller company this user works for, empty when none."""
        self.ensure_one()
        company = self.partner_id.commercial_partner_id
        return company if company.is_reseller else company.browse()

    def _get_owned_stage_sides(self):
        """The stage owners ('reseller', 'support', 'development') whose
        stages this user works on."""
        self.ensure_one()
        sides = self.env["helpdesk.ticket.stage"]._get_side_groups()
        return [side for side, group in sides.items() if self.has_group(group)]

    def _get_revo_home_action(self):
        """The board this user lands on when no home action is set: the
        reseller workflow's board for whoever works on its stages."""
        self.ensure_one()
        if not self._get_owned_stage_sides():
            return self.env["ir.actions.act_window"]
        return self.env.ref("revo_helpdesk.helpdesk_ticket_action_reseller_support")
