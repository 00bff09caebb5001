# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        if info.get("uid") and not info.get("home_action_id"):
            # Without a home action of their own, the helpdesk's people land
            # on Discuss: they land on their board.
            action = self.env.user._get_revo_home_action()
            info["home_action_id"] = action.id or False
        return info
