# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

# The stage-change log no longer keeps Odoo's create/write columns (it has its
# own user and date); the upgrade removes their fields but leaves the columns
# and their foreign keys, which every stage change would still check.
LOG_ACCESS_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")


def migrate(cr, version):
    cr.execute(
        SQL(
            "ALTER TABLE revo_helpdesk_ticket_move %s",
            SQL(", ").join(
                SQL("DROP COLUMN IF EXISTS %s", SQL.identifier(column))
                for column in LOG_ACCESS_COLUMNS
            ),
        )
    )
