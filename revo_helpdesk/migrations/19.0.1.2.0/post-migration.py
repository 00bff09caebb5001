# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api

# The reminder template is noupdate data: databases installed before it named
# its language rendered each reminder in the ticket's contact's language.
REMINDER_LANG = "{{ ctx.get('lang') }}"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "revo_helpdesk.mail_template_inactivity_reminder", raise_if_not_found=False
    )
    if template and not template.lang:
        template.lang = REMINDER_LANG
