# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Development: the tracker reference, releases and the confirmation Question tickets
need."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    dev_reference = fields.Char(
        string="Development Reference",
        tracking=True,
        index="trigram",
        copy=False,
        groups="base.group_user",
        help="The key of the issue in the development team's own tracker.",
    )
    dev_url = fields.Char(
        string="Development Link",
        copy=False,
        groups="base.group_user",
        help="The address of the issue in the development team's tracker.",
    )
    release_id = fields.Many2one(
        comodel_name="revo.helpdesk.release",
        tracking=True,
        index="btree_not_null",
        copy=False,
        domain=[("state", "=", "planned")],
    )
    expected_release_date = fields.Date(related="release_id.release_date")
    needs_development_confirmation = fields.Boolean(
        compute="_compute_needs_development_confirmation",
    )
    development_confirmed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Support confirmed with the client that this ticket needs development.",
    )

    @api.depends(
        "category_id.needs_confirmation", "development_confirmed", "reached_development"
    )
    def _compute_needs_development_confirmation(self):
        for ticket in self:
            ticket.needs_development_confirmation = (
                ticket.category_id.needs_confirmation
                and not ticket.development_confirmed
                and not ticket.reached_development
            )

    @api.constrains("stage_id", "dev_reference")
    def _check_dev_reference(self):
        missing = self.filtered(
            lambda ticket: (
                ticket.stage_id.dev_reference_required
                and not (ticket.dev_reference or "").strip()
            )
        )
        if missing:
            raise ValidationError(
                self.env._(
                    "%(ticket)s is in %(stage)s: it needs the development reference "
                    "of its issue in the development tracker.",
                    ticket=missing[0].display_name,
                    stage=missing[0].stage_id.name,
                )
            )

    def _ship_in_release(self, release):
        """Hand the tickets back for confirmation, telling each reseller the
        fix shipped: the release speaks for each ticket's 'Released' move."""
        self._hand_back_for_confirmation(
            self.env._(
                "The fix for this ticket shipped in release %(release)s. "
                "Please check that it works and confirm.",
                release=release.name,
            )
        )

    def _check_development_confirmed(self, stage_to):
        if stage_to.owner != "development":
            return
        unconfirmed = self.filtered("needs_development_confirmation")
        if unconfirmed:
            raise UserError(
                self.env._(
                    "%(ticket)s is a %(category)s ticket: support first agrees "
                    "with the client that development is needed. Use 'Confirm "
                    "Development' on the ticket, then move it to %(stage)s.",
                    ticket=unconfirmed[0].display_name,
                    category=unconfirmed[0].category_id.name,
                    stage=stage_to.name,
                )
            )

    def action_confirm_development(self):
        """Record that support agreed with the client that this ticket needs
        development: the explicit step before Backlog - Dev REVO."""
        self.ensure_one()
        if not self.env.user.has_group("revo_helpdesk.group_support_agent"):
            raise UserError(
                self.env._(
                    "Only REVO support confirms that a ticket needs development."
                )
            )
        if not self.needs_development_confirmation:
            raise UserError(
                self.env._(
                    "%(ticket)s needs no confirmation before development.",
                    ticket=self.display_name,
                )
            )
        self.sudo().development_confirmed = True
        self._message_log(
            body=self.env._(
                "%(user)s confirmed with the client that development is needed.",
                user=self.env.user.name,
            )
        )
        return True
