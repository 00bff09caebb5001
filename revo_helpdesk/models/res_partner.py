# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Partner fields that decide who sees which tickets and who is told of them.
RESELLER_SCOPE_FIELDS = {
    "parent_id",
    "is_company",
    "is_reseller",
    "reseller_id",
    "reseller_responsible_id",
    "share_tickets_in_company",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_reseller = fields.Boolean(
        string="Is a Reseller",
        index=True,
        help="A company that resells REVO and supports its own clients.",
    )
    reseller_id = fields.Many2one(
        comodel_name="res.partner",
        index=True,
        domain=[("is_reseller", "=", True)],
        help="The reseller that supports this client company.",
    )
    reseller_responsible_id = fields.Many2one(
        comodel_name="res.users",
        string="Support Responsible",
        domain=[("share", "=", False)],
        help="The reseller's staff member who receives REVO's requests and "
        "reminders; all of the reseller's users when empty.",
    )
    reseller_client_ids = fields.One2many(
        comodel_name="res.partner",
        inverse_name="reseller_id",
        string="Reseller Clients",
    )
    share_tickets_in_company = fields.Boolean(
        string="Contacts Share Tickets",
        help="Portal contacts of this client company see each other's tickets. "
        "When off, each contact only sees the tickets it opened or follows.",
    )

    @api.model
    def _commercial_fields(self):
        # Contacts inherit their company's reseller, so a portal contact's
        # tickets find the reseller without walking up to the company.
        return super()._commercial_fields() + [
            "reseller_id",
            "share_tickets_in_company",
        ]

    @api.constrains("reseller_id", "is_reseller")
    def _check_reseller_id(self):
        for partner in self.filtered("reseller_id"):
            reseller = partner.reseller_id
            if not reseller.is_reseller:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be served by %(reseller)s: only a "
                        "partner marked 'Is a Reseller' can be a client's reseller.",
                        partner=partner.display_name,
                        reseller=reseller.display_name,
                    )
                )
            if reseller == partner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be its own reseller.",
                        partner=partner.display_name,
                    )
                )

    def write(self, vals):
        self._check_reseller_user_write(vals)
        return super().write(vals)

    def _check_reseller_user_write(self, vals):
        """Resellers do not edit partners (REVO does); should a reseller user
        be given contact rights anyway, it still cannot move itself or others
        between resellers, nor touch partners outside its own reseller."""
        user = self.env.user
        if self.env.su or not user._is_reseller_user():
            return
        own_reseller = user._get_reseller_partner()
        outside = self.filtered(
            lambda partner: partner._get_serving_reseller() != own_reseller
        )
        if outside or RESELLER_SCOPE_FIELDS & vals.keys():
            raise AccessError(
                self.env._(
                    "Only REVO staff can change which reseller a contact belongs "
                    "to or edit contacts outside your reseller."
                )
            )

    def _get_serving_reseller(self):
        """The reseller responsible for this partner's tickets: the partner's
        own company when it is a reseller, else the company's reseller."""
        company = self.commercial_partner_id
        return company if company.is_reseller else company.reseller_id

    def _get_reseller_users(self):
        """The users who answer for this reseller."""
        if not self:
            return self.env["res.users"]
        self.ensure_one()
        if self.reseller_responsible_id.active:
            return self.reseller_responsible_id
        return self.env["res.users"].search(
            [
                ("partner_id.commercial_partner_id", "=", self.id),
                (
                    "all_group_ids",
                    "in",
                    self.env.ref("revo_helpdesk.group_reseller").ids,
                ),
            ]
        )
