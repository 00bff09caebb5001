# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailMessageSubtype(models.Model):
    _inherit = "mail.message.subtype"

    revo_staff_only = fields.Boolean(
        string="REVO Staff Only",
        help="On reseller-workflow tickets, comments of this subtype are read by "
        "REVO staff only: resellers, although internal users, do not see them.",
    )
