# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .helpdesk_ticket import ANSWER_TIMEOUT_PARAM, REMINDER_SIDES

# Day counts where 0 means off and a negative number means nothing.
DAY_SETTINGS = (
    "revo_reminder_days",
    "revo_support_reminder_days",
    "revo_development_reminder_days",
    "revo_answer_timeout_days",
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

    revo_answer_timeout_days = fields.Integer(
        string="Close Unanswered After (Business Days)",
        config_parameter=ANSWER_TIMEOUT_PARAM[0],
        default=ANSWER_TIMEOUT_PARAM[1],
        help="A ticket waiting for the reseller's confirmation with no answer "
        "for this many business days is closed automatically, after a reminder "
        "one business day before. 0 turns it off.",
    )

    @api.constrains(*DAY_SETTINGS)
    def _check_day_settings(self):
        for settings in self:
            for name in DAY_SETTINGS:
                if settings[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s cannot be negative: enter a number of days, "
                            "or 0 to turn it off.",
                            setting=settings._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )
