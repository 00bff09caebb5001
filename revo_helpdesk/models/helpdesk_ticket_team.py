# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Fast/Slow Moving compare with the medians of the stage changes of the last
# SPEED_HISTORY_DAYS days, for the stages left at least SPEED_MIN_MOVES times.
SPEED_HISTORY_DAYS = 90
SPEED_MIN_MOVES = 5


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    reseller_workflow = fields.Boolean(
        help="Tickets of this team follow REVO's reseller workflow: client and "
        "reseller origins, stages owned by reseller, support or development.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="The hours and public holidays on which the team's service targets "
        "and confirmation timeouts are counted. Empty: the company's.",
    )
    stage_median_hours = fields.Json(
        readonly=True,
        copy=False,
        help="Median hours the team's tickets spent in each open stage, "
        "refreshed daily: what Fast and Slow Moving compare with.",
    )

    @api.model
    def _alias_get_error(self, message, message_dict, alias):
        # The team's alias opens tickets: the same rule as helpdesk_mgmt's
        # alias of no team (helpdesk.ticket._get_unknown_author_error).
        error = super()._alias_get_error(message, message_dict, alias)
        if error or alias.alias_model_id.model != "helpdesk.ticket":
            return error
        return self.env["helpdesk.ticket"]._get_unknown_author_error(message_dict, self)

    def _get_reseller_workflow_team(self, company=None):
        """The team that receives reseller-workflow tickets of `company`."""
        company = company or self.env.company
        return self.search(
            [
                ("reseller_workflow", "=", True),
                ("company_id", "in", [False, company.id]),
            ],
            limit=1,
        )

    def _get_working_calendar(self):
        """The calendar business time is counted on, refusing one that has no
        working hours to count on."""
        calendar = (
            self.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )
        if not calendar.attendance_ids:
            raise UserError(
                self.env._(
                    "Business hours cannot be counted for team %(team)s: its "
                    "working hours %(calendar)s have no working time. Add "
                    "working days and hours to them, or choose other working "
                    "hours on the team.",
                    team=self.name or self.env._("without a team"),
                    calendar=calendar.name or self.env._("(none)"),
                )
            )
        return calendar

    def _add_business_hours(self, start, hours):
        """The moment `hours` working hours after `start` (naive UTC), skipping
        nights, weekends and the calendar's public holidays."""
        calendar = self._get_working_calendar()
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        if not deadline:
            raise UserError(
                self.env._(
                    "Working hours %(calendar)s leave no working time to count "
                    "%(hours)s hours from %(start)s: check their holidays.",
                    calendar=calendar.name,
                    hours=round(hours, 2),
                    start=start,
                )
            )
        return deadline

    def _add_business_days(self, start, days):
        """`days` average working days of the calendar after `start`."""
        return self._add_business_hours(
            start, days * self._get_working_calendar().hours_per_day
        )

    def _count_business_hours(self, start, end):
        """Working hours between two moments (naive UTC)."""
        if end <= start:
            return 0.0
        return self._get_working_calendar().get_work_hours_count(
            start, end, compute_leaves=True
        )

    @api.model
    def _cron_refresh_stage_medians(self):
        # A team another cron worker is refreshing is left to it.
        self.search([]).try_lock_for_update(
            allow_referencing=True
        )._refresh_stage_medians()

    def _refresh_stage_medians(self):
        """Store the median hours the tickets of each team spent in each open
        stage, from the stage changes of the last SPEED_HISTORY_DAYS days;
        stages left too few times get none. Kept on the team so that a ticket
        form or a kanban reads them instead of computing them over the
        history."""
        if not self:
            return
        self.env["revo.helpdesk.ticket.move"].flush_model(
            ["ticket_id", "stage_from_id", "duration_hours", "date"]
        )
        self.env["helpdesk.ticket"].flush_model(["team_id"])
        medians = {team: {} for team in self.ids}
        for team_id, stage_id, median in self.env.execute_query(
            SQL(
                """
                SELECT ticket.team_id, move.stage_from_id,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY move.duration_hours)
                  FROM revo_helpdesk_ticket_move move
                  JOIN helpdesk_ticket ticket ON ticket.id = move.ticket_id
                  JOIN helpdesk_ticket_stage stage ON stage.id = move.stage_from_id
                 WHERE move.date >= %(since)s
                   AND ticket.team_id IN %(teams)s
                   AND stage.closed IS NOT TRUE
              GROUP BY ticket.team_id, move.stage_from_id
                HAVING count(*) >= %(min_moves)s
                """,
                teams=tuple(self.ids),
                since=fields.Datetime.now() - timedelta(days=SPEED_HISTORY_DAYS),
                min_moves=SPEED_MIN_MOVES,
            )
        ):
            medians[team_id][str(stage_id)] = median
        for team in self:
            team.stage_median_hours = medians[team.id] or False
