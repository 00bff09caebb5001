# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Status tags: Stalled, Blocked, Fast/Slow Moving, Resolution and Impact."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

# A ticket is blocked while it sits in one of these stages with the field
# naming what it waits on filled in: an external party, a release.
BLOCKING_STAGES = {
    "revo_helpdesk.stage_internal_review": "external_party_id",
    "revo_helpdesk.stage_pending_release": "release_id",
}
RESOLUTIONS = [
    ("release", "Fixed in a release"),
    ("revo", "Solved by REVO"),
    ("reseller", "Solved by the reseller"),
    ("workaround", "Workaround"),
    ("wont_fix", "Will not be fixed"),
]
IMPACTS = [
    ("client", "One client"),
    ("clients", "Several clients"),
    ("reseller", "All clients of a reseller"),
    ("everyone", "Every reseller"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    is_stalled = fields.Boolean(
        string="Stalled",
        compute="_compute_is_stalled",
        search="_search_is_stalled",
        help="Open, with no note, message or action for the number of days set "
        "in Helpdesk settings.",
    )
    blocked = fields.Boolean(
        compute="_compute_blocked",
        store=True,
        help="Waiting on an external party (In Progress - Internal Review) or on "
        "a release (Pending Release - REVO).",
    )
    moving_speed = fields.Selection(
        selection=[("fast", "Fast Moving"), ("slow", "Slow Moving")],
        compute="_compute_moving_speed",
        search="_search_moving_speed",
        help="Time in the current stage against the team's median time in that "
        "stage: under the median divided by the speed factor is fast, over the "
        "median times the factor is slow.",
    )
    resolution = fields.Selection(
        selection=RESOLUTIONS,
        compute="_compute_resolution",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="How the ticket was solved: filled in when it is resolved, from "
        "the way it went; REVO may correct it.",
    )
    impact = fields.Selection(
        selection=IMPACTS,
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Who the problem affected, for closing statistics.",
    )

    def _filter_resolved(self):
        """The tickets in a closed stage that is not a cancellation."""
        canceled = self.env["helpdesk.ticket.stage"]._get_canceled_ids()
        return self.filtered(
            lambda ticket: ticket.stage_id.closed and ticket.stage_id.id not in canceled
        )

    @api.model
    def _get_stalled_cutoff(self):
        """Open tickets with no action since this moment are stalled (None:
        the tag is off)."""
        days = self.env["res.config.settings"]._get_revo_setting("revo_stalled_days")
        return fields.Datetime.now() - timedelta(days=days) if days > 0 else None

    @api.model
    def _get_stalled_domain(self):
        cutoff = self._get_stalled_cutoff()
        if cutoff is None:
            return Domain.FALSE
        return Domain("stage_id.closed", "=", False) & Domain(
            "last_action_date", "<", cutoff
        )

    def _get_closed_stage_ids(self):
        """The ids of these tickets' stages that close them, read once for
        all as superuser: whether a stage closes is no secret, and the
        stages' record rules would cost more than the read."""
        return set(self.stage_id.sudo().filtered("closed").ids)

    @api.depends("last_action_date", "stage_id.closed")
    def _compute_is_stalled(self):
        # _get_stalled_domain's condition, tested in Python: filtered_domain
        # would compile the domain on every form open.
        cutoff = self._get_stalled_cutoff()
        closed = self._get_closed_stage_ids()
        for ticket in self:
            ticket.is_stalled = bool(
                cutoff
                and ticket.stage_id.id not in closed
                and ticket.last_action_date
                and ticket.last_action_date < cutoff
            )

    def _search_is_stalled(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._get_stalled_domain()
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends("stage_id", "external_party_id", "release_id")
    def _compute_blocked(self):
        awaited_by_stage = {
            stage_id: BLOCKING_STAGES[xmlid]
            for xmlid, stage_id in self.env["helpdesk.ticket.stage"]
            ._get_ids_by_xmlid(BLOCKING_STAGES)
            .items()
        }
        for ticket in self:
            awaited = awaited_by_stage.get(ticket.stage_id.id)
            ticket.blocked = bool(awaited and ticket[awaited])

    @api.model
    def _get_speed_bounds(self, teams):
        """Map (team id, stage id) to the hours under which a ticket in that
        stage is fast and over which it is slow, from the medians stored on
        `teams`."""
        factor = self.env["res.config.settings"]._get_revo_setting("revo_speed_factor")
        if factor <= 0:
            return {}
        return {
            (team.id, int(stage)): (median / factor, median * factor)
            for team in teams
            for stage, median in (team.stage_median_hours or {}).items()
        }

    @api.depends("stage_id.closed", "last_stage_update", "team_id.stage_median_hours")
    def _compute_moving_speed(self):
        # Team-wide figures that name no ticket: read whatever the user's
        # access to teams.
        bounds = self._get_speed_bounds(self.team_id.sudo())
        closed = self._get_closed_stage_ids()
        now = fields.Datetime.now()
        for ticket in self:
            fast, slow = bounds.get(
                (ticket.team_id.id, ticket.stage_id.id), (None, None)
            )
            hours = (
                (now - ticket.last_stage_update).total_seconds() / 3600.0
                if ticket.last_stage_update and fast is not None
                else None
            )
            if hours is None or ticket.stage_id.id in closed:
                ticket.moving_speed = False
            elif hours > slow:
                ticket.moving_speed = "slow"
            elif hours < fast:
                ticket.moving_speed = "fast"
            else:
                ticket.moving_speed = False

    def _search_moving_speed(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        teams = self.env["helpdesk.ticket.team"].sudo().search([])
        bounds = self._get_speed_bounds(teams)
        now = fields.Datetime.now()
        domains = []
        for (team_id, stage_id), (fast, slow) in bounds.items():
            pair = Domain("team_id", "=", team_id) & Domain("stage_id", "=", stage_id)
            if "slow" in value:
                since = now - timedelta(hours=slow)
                domains.append(pair & Domain("last_stage_update", "<", since))
            if "fast" in value:
                since = now - timedelta(hours=fast)
                domains.append(pair & Domain("last_stage_update", ">", since))
        domain = Domain.OR(domains)
        return domain if operator == "in" else ~domain

    @api.depends("stage_id")
    def _compute_resolution(self):
        resolved = self._filter_resolved()
        for ticket in self:
            if ticket not in resolved:
                ticket.resolution = False
            elif not ticket.resolution:
                ticket.resolution = ticket._get_default_resolution()

    def _get_default_resolution(self):
        """Where the solution came from, read from the way the ticket went."""
        self.ensure_one()
        if self.release_id:
            return "release"
        if self.reached_revo:
            return "revo"
        return "reseller" if self.origin else False
