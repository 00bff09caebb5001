# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class RevoHelpdeskSystem(models.Model):
    """A client installation of REVO's point of sale: what a ticket is about.
    Clients and their reseller pick it when they open a ticket."""

    _name = "revo.helpdesk.system"
    _description = "Client System"
    _order = "partner_id, name, id"

    name = fields.Char(required=True, help="How the client calls this system.")
    reference = fields.Char(
        index="trigram",
        help="The installation's serial or licence number.",
    )
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Entity",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", True), ("is_reseller", "=", False)],
        help="The client company that owns the system.",
    )
    reseller_id = fields.Many2one(
        related="partner_id.reseller_id",
        store=True,
        index=True,
        string="Reseller",
    )
    ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="system_id",
        string="Tickets",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    _name_per_entity_unique = models.Constraint(
        "UNIQUE(partner_id, name)",
        "A client company cannot have two systems with the same name.",
    )

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su:
            # Record rules judge the systems before the write: judge them
            # where it took them too (a reseller's staff may not hand a
            # system to another reseller's client).
            self.check_access("write")
        return result

    @api.model
    def _get_offered_systems(self):
        """The systems the current user may open a ticket about: a client's,
        its company's; a reseller's staff, its clients' (its record rule);
        nobody else picks one."""
        user = self.env.user
        if user.share:
            return self.search(
                [("partner_id", "=", user.partner_id.commercial_partner_id.id)]
            )
        if user._is_reseller_user():
            return self.search([])
        return self.browse()

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("system_id", "in", self.ids)], ["system_id"], ["__count"]
            )
        )
        for system in self:
            system.ticket_count = counts.get(system, 0)

    @api.depends("name", "reference")
    def _compute_display_name(self):
        for system in self:
            system.display_name = (
                f"{system.name} ({system.reference})"
                if system.reference
                else system.name
            )
