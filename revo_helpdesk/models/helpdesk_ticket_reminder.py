# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Inactivity reminders: idle tickets remind the side holding them."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import split_every

_logger = logging.getLogger(__name__)

# Which tickets each side is reminded of when they sit idle in its stages,
# and the setting (a field of Helpdesk settings) holding the idle days (0: off).
REMINDER_SIDES = {
    "reseller": ("revo_reminder_days", [("origin", "=", "client")]),
    "support": ("revo_support_reminder_days", []),
    "development": ("revo_development_reminder_days", []),
}
REMINDER_BATCH_SIZE = 200


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    last_action_date = fields.Datetime(
        string="Last Action",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="The moment of the last note, message, stage change, assignment or "
        "escalation: what the inactivity reminders measure idleness from.",
    )
    last_reminder_date = fields.Datetime(
        string="Last Reminder",
        readonly=True,
        copy=False,
        help="When the side holding the ticket was last reminded of it.",
    )
    _reminder_scan_idx = models.Index("(stage_owner, last_action_date)")

    @api.model
    def _get_reminder_days(self):
        """The idle days after which each side is reminded (0: never)."""
        settings = self.env["res.config.settings"]
        return {
            side: settings._get_revo_setting(setting)
            for side, (setting, _domain) in REMINDER_SIDES.items()
        }

    @api.model
    def _get_reminder_due_domain(self, side, days, now):
        """Tickets of `side` idle for `days` and not reminded since they went
        idle: a reminder starts a new idle period of the same length."""
        cutoff = now - timedelta(days=days)
        return [
            ("stage_owner", "=", side),
            ("closed", "=", False),
            ("last_action_date", "<", cutoff),
            "|",
            ("last_reminder_date", "=", False),
            ("last_reminder_date", "<", cutoff),
            *REMINDER_SIDES[side][1],
        ]

    @api.model
    def _cron_send_inactivity_reminders(self):
        """Remind each side of the tickets idle in its stages, once per idle
        period. Batches are committed as they are done, so that a crash or a
        timeout resumes where it stopped and nothing is sent twice."""
        now = fields.Datetime.now()
        due = []
        for side, days in self._get_reminder_days().items():
            if days > 0:
                domain = self._get_reminder_due_domain(side, days, now)
                due += [
                    (side, days, domain, ids)
                    for ids in split_every(
                        REMINDER_BATCH_SIZE, self.search(domain, order="id").ids
                    )
                ]
        remaining = sum(len(ids) for _side, _days, _domain, ids in due)
        cron = self.env["ir.cron"]
        for side, days, domain, ids in due:
            self._lock_still_due(ids, domain)._send_inactivity_reminders(
                side, days, now
            )
            remaining -= len(ids)
            if not cron._commit_progress(len(ids), remaining=remaining):
                break

    @api.model
    def _lock_still_due(self, ids, domain):
        """The tickets of `ids` that no other cron worker holds and that are
        still due by `domain`, locked until the batch is committed: a second
        worker running the job at the same time skips what the first is
        reminding of instead of waiting for it and sending it again, and a
        batch picked before the previous commit drops what was reminded
        since."""
        locked = self.browse(ids).try_lock_for_update(allow_referencing=True)
        return self.search([("id", "in", locked.ids), *domain], order="id")

    def _send_inactivity_reminders(self, side, days, now):
        """Remind of these tickets in one go; should that fail, ticket by
        ticket, so that a failing ticket is skipped (and retried on the next
        run) without holding back the others."""
        reminded = self
        try:
            with self.env.cr.savepoint():
                self._send_inactivity_reminder(side, days)
        except Exception:
            _logger.warning(
                "Inactivity reminders of %s tickets failed together; "
                "retrying them one by one",
                len(self),
            )
            reminded = self.browse()
            for ticket in self:
                try:
                    with self.env.cr.savepoint():
                        ticket._send_inactivity_reminder(side, days)
                    reminded |= ticket
                except Exception:
                    _logger.exception(
                        "Inactivity reminder failed for ticket %s; skipped", ticket.id
                    )
        reminded.sudo().write({"last_reminder_date": now})

    def _send_inactivity_reminder(self, side, days):
        """An activity, an email and a chatter line for the people holding
        each ticket; none of them counts as an action on the ticket. Tickets
        held by the same people (a reseller's) get them in one go."""
        template = self.env.ref("revo_helpdesk.mail_template_inactivity_reminder")
        groups = self._group_by_side_users(side)
        for tickets, lang, partners in self._split_by_language(groups):
            template.with_context(lang=lang, revo_idle_days=days).send_mail_batch(
                tickets.ids,
                email_values={"recipient_ids": [(6, 0, partners.ids)]},
            )
        for users, tickets in groups.items():
            for user in users:
                # The reminder email says it all: no second "assigned to
                # you" one.
                tickets.with_context(mail_activity_quick_update=True).activity_schedule(
                    act_type_xmlid="mail.mail_activity_data_todo",
                    summary=self.with_context(lang=user.lang).env._(
                        "No action for %(days)s days", days=days
                    ),
                    user_id=user.id,
                    revo_stage_todo=True,
                )
            # In the language of those reminded, who read the ticket most.
            body = self.with_context(lang=users[:1].lang or self.env.lang).env._(
                "Reminder sent to %(people)s: no note, message or action for "
                "%(days)s days.",
                people=", ".join(users.mapped("name")) or self.env._("nobody"),
                days=days,
            )
            tickets._message_log_batch(dict.fromkeys(tickets.ids, body))
