# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

RESPONSE_UNITS = [
    ("hour", "Business Hours"),
    ("day", "Business Days"),
]


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    response_target = fields.Float(
        string="First Response Within",
        default=1.0,
        help="How long the team has to answer a new ticket of this category, "
        "counted on the team's working hours and holidays.",
    )
    response_unit = fields.Selection(
        selection=RESPONSE_UNITS,
        default="day",
        required=True,
    )
    top_priority = fields.Boolean(
        help="Tickets of this category go ahead of every other ticket in the queues.",
    )
    needs_confirmation = fields.Boolean(
        string="Confirm Before Development",
        help="Support discusses tickets of this category with the client first: "
        "they go to development only once support confirms it is needed.",
    )

    @api.constrains("response_target")
    def _check_response_target(self):
        for category in self:
            if category.response_target <= 0:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s needs a first-response target: a "
                        "positive number of business hours or business days "
                        "(for example 4 hours, or 3 days).",
                        category=category.complete_name or category.name,
                    )
                )

    def _get_response_hours(self, calendar):
        """The category's first-response target in working hours of
        `calendar`: a business day is the calendar's average working day."""
        self.ensure_one()
        if self.response_unit == "day":
            return self.response_target * calendar.hours_per_day
        return self.response_target
