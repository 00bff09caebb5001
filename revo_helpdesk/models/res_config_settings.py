# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Day counts where 0 means off and a negative number means nothing.
DAY_SETTINGS = (
    "revo_reminder_days",
    "revo_support_reminder_days",
    "revo_development_reminder_days",
    "revo_answer_timeout_days",
    "revo_stalled_days",
)
# A client's key always expires: at most a year, the longest duration Odoo's
# key form offers.
MAX_CLIENT_API_KEY_DAYS = 365


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revo_reminder_days = fields.Integer(
        string="Reseller Reminder After (Days)",
        config_parameter="revo_helpdesk.reminder_days",
        default=7,
        help="A client ticket sitting with its reseller with no note, message or "
        "action for this many days reminds the reseller. 0 turns it off.",
    )
    revo_support_reminder_days = fields.Integer(
        string="Support Reminder After (Days)",
        config_parameter="revo_helpdesk.support_reminder_days",
        help="Remind REVO support of tickets idle in its stages for this many "
        "days. 0 (the default) turns it off.",
    )
    revo_development_reminder_days = fields.Integer(
        string="Development Reminder After (Days)",
        config_parameter="revo_helpdesk.development_reminder_days",
        help="Remind REVO development of tickets idle in its stages for this "
        "many days. 0 (the default) turns it off.",
    )

    revo_answer_timeout_days = fields.Integer(
        string="Close Unanswered After (Business Days)",
        config_parameter="revo_helpdesk.confirmation_timeout_days",
        default=3,
        help="A ticket waiting for the reseller's confirmation with no answer "
        "for this many business days is closed automatically, after a reminder "
        "one business day before. 0 turns it off.",
    )

    revo_stalled_days = fields.Integer(
        string="Stalled After (Days)",
        config_parameter="revo_helpdesk.stalled_days",
        default=5,
        help="An open ticket with no note, message or action for this many days "
        "is tagged Stalled. 0 turns the tag off.",
    )
    revo_client_api_key_days = fields.Integer(
        string="Client API Keys Last Up To (Days)",
        compute="_compute_revo_client_api_key_days",
        inverse="_inverse_revo_client_api_key_days",
        readonly=False,
        help="The longest life a client may give the API key of REVO's app "
        "(the portal group's maximum API key duration, 1 day in Odoo). Longer "
        "keys need fewer renewals, and give whoever steals one longer access.",
    )
    revo_speed_factor = fields.Float(
        string="Fast/Slow Moving Factor",
        config_parameter="revo_helpdesk.speed_factor",
        default=2.0,
        help="A ticket is Slow Moving once its time in the current stage exceeds "
        "the team's median time in that stage times this factor, Fast Moving "
        "while under the median divided by it. 0 turns the tags off.",
    )

    def _compute_revo_client_api_key_days(self):
        # Odoo gives a group without a duration the minimum, one day.
        days = int(self.env.ref("base.group_portal").api_key_duration) or 1
        for settings in self:
            settings.revo_client_api_key_days = days

    def _inverse_revo_client_api_key_days(self):
        for settings in self:
            self.env.ref(
                "base.group_portal"
            ).api_key_duration = settings.revo_client_api_key_days

    @api.model
    def _get_revo_setting(self, name):
        """The value of the setting edited by field `name` of Helpdesk
        settings, as that field types it; the field's default while the
        setting was never saved. The one way the module reads its settings."""
        field = self._fields[name]
        value = self.env["ir.config_parameter"].sudo().get_param(field.config_parameter)
        if value is False:
            value = field.default(self) if field.default else False
        return field.convert_to_cache(value, self)

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

    @api.constrains("revo_client_api_key_days")
    def _check_client_api_key_days(self):
        for settings in self:
            days = settings.revo_client_api_key_days
            if not 1 <= days <= MAX_CLIENT_API_KEY_DAYS:
                raise ValidationError(
                    self.env._(
                        "Client API keys must last from 1 to %(max)s days; "
                        "%(days)s is not allowed.",
                        max=MAX_CLIENT_API_KEY_DAYS,
                        days=days,
                    )
                )

    @api.constrains("revo_speed_factor")
    def _check_speed_factor(self):
        for settings in self:
            if settings.revo_speed_factor and settings.revo_speed_factor < 1:
                raise ValidationError(
                    self.env._(
                        "The Fast/Slow Moving factor must be 1 or more (2 means "
                        "twice or half the median), or 0 to turn the tags off; "
                        "%(factor)s is not allowed.",
                        factor=settings.revo_speed_factor,
                    )
                )
