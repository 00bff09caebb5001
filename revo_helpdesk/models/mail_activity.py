# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The fields that say which document an activity is about.
DOCUMENT_FIELDS = ("res_model_id", "res_model", "res_id")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    revo_stage_todo = fields.Boolean(
        string="Reseller Workflow To-Do",
        readonly=True,
        help="Scheduled by the reseller workflow for the stage the ticket sits "
        "in (a move's to-do, an inactivity reminder): removed once the ticket "
        "leaves that stage.",
    )

    # The activity form shows its document's name (res_name, computed as
    # superuser) before anything is saved: its defaults and onchanges name
    # only documents the user may read.
    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        self._check_document_readable(defaults)
        return defaults

    def onchange(self, values, field_names, fields_spec):
        if not field_names or set(DOCUMENT_FIELDS) & set(field_names):
            self._check_document_readable(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _check_document_readable(self, values):
        if self.env.su or not any(values.get(name) for name in DOCUMENT_FIELDS):
            return
        # Missing values are the form's defaults (checked by default_get).
        activity = self.new(
            {name: values[name] for name in DOCUMENT_FIELDS if name in values}
        )
        if activity.res_model in self.env and activity.res_id:
            self.env[activity.res_model].browse(activity.res_id).check_access("read")
