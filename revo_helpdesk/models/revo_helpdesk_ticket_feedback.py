# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RevoHelpdeskTicketFeedback(models.Model):
    """A user's thumbs up or down on a ticket suggested as similar to another
    one. The suggestions of helpdesk.ticket._get_similar_tickets() rank with
    the votes on each pair; a pair its user marked unhelpful drops out for
    that user."""

    _name = "revo.helpdesk.ticket.feedback"
    _inherit = "revo.helpdesk.ticket.reference"
    _description = "Similar Ticket Feedback"
    _order = "id desc"
    # A vote ranks the suggestions others see: only on tickets one reads.
    _ticket_access = {"ticket_id": "read", "suggested_ticket_id": "read"}

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Viewed Ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    suggested_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
    )
    vote = fields.Selection(
        selection=[("up", "Helpful"), ("down", "Not helpful")],
        required=True,
    )

    _user_pair_uniq = models.Constraint(
        "UNIQUE (user_id, ticket_id, suggested_ticket_id)",
        "A user gives one vote per suggestion of a ticket: change it instead.",
    )
