# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class RevoHelpdeskEscalationReport(models.Model):
    """How often REVO support sends an escalated ticket back to its reseller
    for information, per reseller and month: resellers whose escalations keep
    coming back are the ones to coach."""

    _name = "revo.helpdesk.escalation.report"
    _description = "Escalation Quality"
    _auto = False
    _order = "month desc, reseller_id"

    reseller_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    month = fields.Date(readonly=True)
    escalation_count = fields.Integer(string="Escalations", readonly=True)
    return_count = fields.Integer(string="Sent Back For Information", readonly=True)
    return_rate = fields.Float(
        string="Sent Back Rate (%)",
        readonly=True,
        aggregator=None,
        help="Escalated tickets sent back for information per 100 escalations, "
        "per reseller and month (the counts add up across rows; rates do not).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                SELECT row_number() OVER (
                           ORDER BY counts.month, counts.reseller_id
                       ) AS id,
                       counts.reseller_id,
                       counts.month,
                       counts.escalation_count,
                       counts.return_count,
                       CASE WHEN counts.escalation_count > 0
                            THEN 100.0 * counts.return_count / counts.escalation_count
                            ELSE 0 END AS return_rate
                  FROM (
                    SELECT move.reseller_id,
                           date_trunc('month', move.date)::date AS month,
                           count(*) FILTER (
                               WHERE move.requirement = 'escalation'
                           ) AS escalation_count,
                           count(*) FILTER (
                               WHERE move.info_request AND move.ticket_escalated
                           ) AS return_count
                      FROM revo_helpdesk_ticket_move move
                     WHERE move.reseller_id IS NOT NULL
                     GROUP BY move.reseller_id, date_trunc('month', move.date)
                  ) counts
                 WHERE counts.escalation_count > 0 OR counts.return_count > 0
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
