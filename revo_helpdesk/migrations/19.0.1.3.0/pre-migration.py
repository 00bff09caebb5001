# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# The transient forms took OCA's .wizard suffix. Their old views go before the
# new ones load: Odoo would validate them against models that are gone. The
# old models, their access rules and actions are removed at the end of the
# update, as everything the module no longer declares.
RENAMED_WIZARDS = (
    "revo.helpdesk.move",
    "revo.helpdesk.ticket.update",
    "revo.helpdesk.incident.update",
)


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE model = 'ir.ui.view'
           AND res_id IN (SELECT id FROM ir_ui_view WHERE model = ANY(%s))
        """,
        [list(RENAMED_WIZARDS)],
    )
    cr.execute("DELETE FROM ir_ui_view WHERE model = ANY(%s)", [list(RENAMED_WIZARDS)])
