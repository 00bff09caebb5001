# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access: what each role may write on a ticket, and the views that follow it."""

from odoo import api, models
from odoo.exceptions import UserError

# Facts the workflow keeps: written by the module's own code only (sudo), never
# by users, so that nobody can re-open a cancellation, hide a ticket from
# developers or silence a reminder.
WORKFLOW_FACTS = (
    "escalated",
    "reached_revo",
    "reached_development",
    "last_action_date",
    "last_reminder_date",
    "response_deadline",
    "first_response_date",
    "response_paused_since",
    "response_paused_hours",
    "response_late",
    "development_confirmed",
    "answer_deadline",
    "answer_reminder_date",
    "top_priority",
    "ticket_state",
    "blocked",
)
# What REVO fills in on a ticket: a reseller's staff read these but do not
# write them (REVO's assignee, the team and company that hold the ticket in
# the workflow, REVO's diagnosis); their views show them read-only.
REVO_FIELDS = (
    "user_id",
    "team_id",
    "company_id",
    "resolution",
    "external_party_id",
    "dev_reference",
    "dev_url",
    "release_id",
)
# What a new ticket's creator may leave in its values: the workflow decides
# them (_prepare_reseller_workflow_vals).
CREATION_SETTLED = ("team_id", "company_id", "user_id")


class HelpdeskTicket(models.Model):
    _inherit = ["helpdesk.ticket", "revo.helpdesk.ticket.reference"]
    # The original ticket of a duplicate, named on the form.
    _ticket_access = {"duplicate_id": "read"}

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self.env.user._is_reseller_user())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if self.env.user._is_reseller_user():
            # What write() refuses a reseller's staff is not offered to them.
            for node in arch.xpath("//field[@name][not(ancestor::field)]"):
                if node.get("name") in REVO_FIELDS:
                    node.set("readonly", "1")
            for node in arch.xpath("//button[@name='assign_to_me']"):
                node.getparent().remove(node)
        return arch, view

    def _check_fields_writable(self, vals, creating=False):
        """Refuse what only the workflow writes, and what only REVO writes
        when a reseller's staff write it. A new ticket's values are judged by
        what they set (a form sends empty ones too); its team, company and
        assignee are settled by _prepare_reseller_workflow_vals."""
        if self.env.su:
            return
        given = (
            [
                name
                for name, value in vals.items()
                if value and name not in CREATION_SETTLED
            ]
            if creating
            else list(vals)
        )
        facts = [name for name in WORKFLOW_FACTS if name in given]
        if facts:
            raise UserError(
                self.env._(
                    "The reseller workflow keeps these fields; they cannot be "
                    "written by hand: %(fields)s.",
                    fields=self._get_field_labels(facts),
                )
            )
        revo_fields = [name for name in REVO_FIELDS if name in given]
        if (
            revo_fields
            and self.env.user._is_reseller_user()
            and not self._is_authorised_move(vals)
        ):
            raise UserError(
                self.env._(
                    "REVO fills in these fields of a ticket: %(fields)s. To have "
                    "them changed, ask REVO support with Send Message.",
                    fields=self._get_field_labels(revo_fields),
                )
            )

    def _get_field_labels(self, names):
        return ", ".join(
            self._fields[name].get_description(self.env)["string"] for name in names
        )

    def _is_authorised_move(self, vals):
        """Whether `vals` are what a move form collected for these tickets."""
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        return bool(stage) and all(
            ticket._get_authorised_transition(stage) for ticket in self
        )
