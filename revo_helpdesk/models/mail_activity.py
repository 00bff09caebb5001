# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    revo_stage_todo = fields.Boolean(
        string="Reseller Workflow To-Do",
        readonly=True,
        help="Scheduled by the reseller workflow for the stage the ticket sits "
        "in (a move's to-do, an inactivity reminder): removed once the ticket "
        "leaves that stage.",
    )
