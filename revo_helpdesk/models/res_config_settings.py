# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .helpdesk_ticket import REMINDER_SIDES

REMINDER_SETTINGS = (
    "revo_reminder_days",
    "revo_support_reminder_days",
    "revo_development_reminder_days",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revo_reminder_days = fields.Integer(
        string="Reseller Reminder After (Days)",
        config_parameter=REMINDER_SIDES["reseller"][0],
        default=REMINDER_SIDES["reseller"][1],
        help="A client ticket sitting with its reseller with no note, message or "
        "action for this many days reminds the reseller. 0 turns it off.",
    )
    revo_support_reminder_days = fields.Integer(
        string="Support Reminder After (Days)",
        config_parameter=REMINDER_SIDES["support"][0],
        help="Remind REVO support of tickets idle in its stages for this many "
        "days. 0 (the default) turns it off.",
    )
    revo_development_reminder_days = fields.Integer(
        string="Development Reminder After (Days)",
        config_parameter=REMINDER_SIDES["development"][0],
        help="Remind REVO development of tickets idle in its stages for this "
        "many days. 0 (the default) turns it off.",
    )

    @api.constrains(*REMINDER_SETTINGS)
    def _check_reminder_days(self):
        for settings in self:
            for name in REMINDER_SETTINGS:
                if settings[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s cannot be negative: enter a number of days, "
                            "or 0 to turn the reminder off.",
                            setting=settings._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )
