# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..release_dates import (
    SEARCH_HORIZON_DAYS,
    can_ship_on,
    is_usual_release_day,
    next_release_date,
)


class RevoHelpdeskRelease(models.Model):
    _name = "revo.helpdesk.release"
    _description = "REVO Release"
    _inherit = ["mail.thread"]
    _order = "release_date desc, id desc"

    name = fields.Char(string="Version", required=True, tracking=True)
    release_date = fields.Date(
        string="Planned Date",
        required=True,
        tracking=True,
        default=lambda self: self._default_release_date(),
        help="Regular versions are usually published on Wednesdays and never the "
        "day before a weekend or a public holiday; hotfixes ship on any working day.",
    )
    hotfix = fields.Boolean(tracking=True)
    unusual_release_day = fields.Boolean(
        compute="_compute_unusual_release_day",
        help="A regular version planned on another day than a Wednesday.",
    )
    state = fields.Selection(
        selection=[("planned", "Planned"), ("released", "Released")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
    )
    released_date = fields.Date(readonly=True, copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="release_id",
        string="Tickets",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    _name_company_uniq = models.Constraint(
        "UNIQUE (name, company_id)",
        "A release with this version already exists.",
    )

    @api.model
    def _default_release_date(self):
        return self._get_next_release_date(fields.Date.context_today(self))

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("release_id", "in", self.ids)], ["release_id"], ["__count"]
            )
        )
        for release in self:
            release.ticket_count = counts.get(release, 0)

    @api.depends("release_date", "hotfix")
    def _compute_unusual_release_day(self):
        for release in self:
            release.unusual_release_day = bool(
                release.release_date
            ) and not is_usual_release_day(release.release_date, release.hotfix)

    @api.onchange("hotfix")
    def _onchange_hotfix(self):
        # A hotfix may ship today; a regular version is planned ahead.
        today = fields.Date.context_today(self)
        self.release_date = self._get_next_release_date(
            today - timedelta(days=1) if self.hotfix else today, hotfix=self.hotfix
        )

    @api.constrains("release_date", "hotfix")
    def _check_release_date(self):
        for release in self.filtered(lambda r: r.state == "planned"):
            is_working_day = release._get_working_day_checker(release.release_date)
            if not can_ship_on(release.release_date, is_working_day, release.hotfix):
                rule = (
                    self.env._("a hotfix ships on a working day")
                    if release.hotfix
                    else self.env._(
                        "a regular version ships on a working day that is not "
                        "the day before a weekend or a public holiday"
                    )
                )
                raise ValidationError(
                    self.env._(
                        "Release %(release)s cannot ship on %(date)s: %(rule)s "
                        "(next usual date: %(next)s).",
                        release=release.name,
                        date=release.release_date,
                        rule=rule,
                        next=release._get_next_release_date(
                            release.release_date - timedelta(days=1), release.hotfix
                        ),
                    )
                )

    def _get_next_release_date(self, after, hotfix=False):
        return next_release_date(
            after, self._get_working_day_checker(after), hotfix=hotfix
        )

    def _get_working_day_checker(self, start):
        """A `date -> bool` telling whether the release's company (the current
        one for a new release) works that day, from its working calendar and
        public holidays, read once for the horizon a release date can be
        searched in."""
        company = self[:1].company_id or self.env.company
        calendar = company.resource_calendar_id
        if not calendar:
            return lambda day: day.weekday() < 5
        start_dt = datetime.combine(start, time.min)
        end_dt = start_dt + timedelta(days=SEARCH_HORIZON_DAYS + 2)
        unusual = calendar._get_unusual_days(start_dt, end_dt, company)
        return lambda day: not unusual.get(fields.Date.to_string(day), True)

    def action_view_tickets(self):
        self.ensure_one()
        return self.env["helpdesk.ticket"]._get_tickets_action(
            [("release_id", "=", self.id)],
            self.env._("Tickets of %s", self.name),
        )

    def action_mark_released(self):
        """Ship the release: its tickets move to Confirmation - Reseller and
        each reseller is told what to confirm."""
        self.ensure_one()
        if self.state == "released":
            raise UserError(
                self.env._(
                    "Release %(release)s is already released.", release=self.name
                )
            )
        pending_stage = self.env.ref("revo_helpdesk.stage_pending_release")
        tickets = self.ticket_ids.filtered(
            lambda ticket: ticket.stage_id == pending_stage
        )
        if not tickets:
            raise UserError(
                self.env._(
                    "Release %(release)s has no ticket in Pending Release - REVO: "
                    "add the tickets it fixes before marking it as released.",
                    release=self.name,
                )
            )
        self.write(
            {"state": "released", "released_date": fields.Date.context_today(self)}
        )
        tickets._ship_in_release(self)
        return True
