# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api

# helpdesk_mgmt's demo teams and categories, which demo databases installed
# before the demo archived them still show on the dashboard and the portal.
HELPDESK_MGMT_DEMO = (
    "helpdesk_mgmt.helpdesk_team_1",
    "helpdesk_mgmt.helpdesk_team_2",
    "helpdesk_mgmt.helpdesk_team_3",
    "helpdesk_mgmt.helpdesk_category_5",
    "helpdesk_mgmt.helpdesk_category_4",
    "helpdesk_mgmt.helpdesk_category_3",
    "helpdesk_mgmt.helpdesk_category_2",
    "helpdesk_mgmt.helpdesk_category_1",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # Send to development asks for a message like every other hand-over; the
    # move table is noupdate data.
    to_development = env.ref(
        "revo_helpdesk.transition_support_to_development", raise_if_not_found=False
    )
    if to_development and to_development.requirement == "none":
        to_development.requirement = "message"
    for xmlid in HELPDESK_MGMT_DEMO:
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and record.active:
            record.active = False
    if env.ref("revo_helpdesk.partner_reseller_levante_demo", raise_if_not_found=False):
        # A demo database: it speaks Spanish as a new demo does.
        spanish = env.ref("base.lang_es")
        if not spanish.active:
            spanish.active = True
            env["ir.module.module"].search(
                [("state", "in", ("installed", "to upgrade"))]
            )._update_translations(["es_ES"])
