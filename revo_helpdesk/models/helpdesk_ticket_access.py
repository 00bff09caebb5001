# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access: what each role may write on a ticket, and the views that follow it."""

from odoo import api, models
from odoo.exceptions import UserError

# What each role writes on a ticket by hand (its forms, its board, RPC), in the
# manner of Odoo's SELF_WRITEABLE_FIELDS: an allowlist, so that a field added
# later (a stored related or computed field, a workflow fact) is nobody's to
# write until it is listed here. Everything else is written by the module's
# own code as superuser. The first group of the table the user has gives the
# role; a user with none writes nothing (clients write through the portal).
# The views show the fields a role may not write read-only.

# The board: a card dragged to another column or place writes these (moves go
# through the workflow's checks, _check_stage_move).
BOARD_FIELDS = ("stage_id", "sequence")
# What a reseller's staff fill in for their clients: the contact, among their
# own clients (_check_reseller_vals), with the name and address the form
# copies from it; the client's system; the ticket's links (their own checks);
# the priority stars, which do not move a ticket in REVO's queue (the
# category's top priority does).
RESELLER_FIELDS = (
    "name",
    "description",
    "partner_id",
    "partner_name",
    "partner_email",
    "category_id",
    "system_id",
    "tag_ids",
    "linked_ticket_ids",
    "priority",
)
# What REVO fills in about the work on a ticket: its assignee, its handling
# on the board and its diagnosis.
REVO_WORK_FIELDS = (
    "name",
    "description",
    "tag_ids",
    "linked_ticket_ids",
    "priority",
    "kanban_state",
    "color",
    "user_id",
    "resolution",
    "impact",
    "external_party_id",
    "dev_reference",
    "dev_url",
    "release_id",
)
# helpdesk_mgmt's own ticket form, for helpdesk users outside REVO's roles.
HELPDESK_FIELDS = (
    "name",
    "description",
    "partner_id",
    "partner_name",
    "partner_email",
    "category_id",
    "tag_ids",
    "priority",
    "kanban_state",
    "color",
    "user_id",
    "team_id",
    "company_id",
    "channel_id",
    "email_cc",
    "properties",
    "duplicate_id",
)
# What REVO support corrects or decides: who the ticket is from and for, the
# team holding it, why it was canceled, the broadcast incidents.
SUPPORT_FIELDS = (
    "origin",
    "reseller_id",
    "cancel_reason",
    "is_incident",
    "incident_id",
    "incident_ticket_ids",
)
TICKET_WRITABLE_FIELDS = {
    # Archiving takes a ticket off every board: a workflow exit, as leaving
    # the team is (_check_workflow_exit).
    "revo_helpdesk.group_manager": frozenset(
        BOARD_FIELDS
        + RESELLER_FIELDS
        + REVO_WORK_FIELDS
        + HELPDESK_FIELDS
        + SUPPORT_FIELDS
        + ("active",)
    ),
    "revo_helpdesk.group_support_agent": frozenset(
        BOARD_FIELDS
        + RESELLER_FIELDS
        + REVO_WORK_FIELDS
        + HELPDESK_FIELDS
        + SUPPORT_FIELDS
    ),
    # Before the developers: REVO staff may hold the reseller group for
    # testing (res.users._is_reseller_user).
    "revo_helpdesk.group_reseller": frozenset(BOARD_FIELDS + RESELLER_FIELDS),
    "revo_helpdesk.group_developer": frozenset(BOARD_FIELDS + REVO_WORK_FIELDS),
    "helpdesk_mgmt.group_helpdesk_manager": frozenset(
        BOARD_FIELDS + HELPDESK_FIELDS + ("active",)
    ),
    "helpdesk_mgmt.group_helpdesk_user_own": frozenset(BOARD_FIELDS + HELPDESK_FIELDS),
}
# What a move's form collects (revo.helpdesk.transition.wizard): written with
# the move it authorises, whoever makes it.
MOVE_FORM_FIELDS = (
    "external_party_id",
    "dev_reference",
    "dev_url",
    "release_id",
    "cancel_reason",
    "duplicate_id",
)
# What a new ticket's creator may leave in its values: the workflow decides
# them (_prepare_reseller_workflow_vals).
CREATION_SETTLED = ("team_id", "company_id", "user_id")
# The form's buttons that write a field: shown to the roles writing it.
BUTTON_FIELDS = {
    "assign_to_me": "user_id",
    "action_open_duplicate_wizard": "duplicate_id",
}
# Written through the chatter's own calls (mail.activity, message_subscribe,
# message_post), never through the ticket: their widgets are left as they are.
CHATTER_FIELDS = (
    "activity_ids",
    "message_follower_ids",
    "message_ids",
    "website_message_ids",
)


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "revo.helpdesk.ticket.reference"]
    # The original ticket of a duplicate, named on the form.
    _ticket_access = {"duplicate_id": "read"}

    @api.model
    def _get_writable_fields(self):
        """The ticket fields the current user writes by hand (see
        TICKET_WRITABLE_FIELDS). Override to let a role write more."""
        user = self.env.user
        group = next(
            (group for group in TICKET_WRITABLE_FIELDS if user.has_group(group)),
            None,
        )
        return TICKET_WRITABLE_FIELDS.get(group, frozenset())

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self._get_writable_fields())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "search":
            return arch, view
        # What write() refuses the user is not offered to them.
        writable = self._get_writable_fields()
        for node in arch.xpath("//field[@name][not(ancestor::field)]"):
            field = self._fields.get(node.get("name"))
            if (
                field
                and not field.readonly
                and field.name not in writable
                and field.name not in CHATTER_FIELDS
            ):
                node.set("readonly", "1")
        for button, field_name in BUTTON_FIELDS.items():
            if field_name not in writable:
                for node in arch.xpath(f"//button[@name='{button}']"):
                    node.getparent().remove(node)
        return arch, view

    def _check_fields_writable(self, vals, creating=False):
        """Refuse the fields of `vals` the user's role does not write (the
        values a move's form collected go with the move). A new ticket's
        values are judged by what they set (a form sends empty ones too); its
        team, company and assignee are settled by
        _prepare_reseller_workflow_vals."""
        if self.env.su:
            return
        writable = self._get_writable_fields()
        if creating:
            # A context default sets a field as a value does (and RPC callers
            # give any context): judged alike, against the model's defaults.
            vals = dict(self._get_context_defaults(), **vals)
        refused = [name for name in vals if name not in writable]
        if refused and creating:
            # A new environment: with_context would merge the defaults back.
            defaults = self.with_env(
                self.env(context=self._get_context_without_defaults())
            ).default_get([n for n in refused if n in self._fields])
            refused = [
                name
                for name in refused
                if name not in CREATION_SETTLED
                and (vals[name] or defaults.get(name))
                and vals[name] != defaults.get(name)
            ]
        if refused and self._is_authorised_move(vals):
            refused = [name for name in refused if name not in MOVE_FORM_FIELDS]
        if not refused:
            return
        if not writable:
            raise UserError(
                self.env._(
                    "You cannot write these fields of a ticket: %(fields)s.",
                    fields=self._get_field_labels(refused),
                )
            )
        raise UserError(
            self.env._(
                "You cannot write these fields of a ticket: %(fields)s. You may "
                "write: %(writable)s; the reseller workflow and REVO fill in "
                "the rest.",
                fields=self._get_field_labels(refused),
                writable=self._get_field_labels(writable),
            )
        )

    def _get_context_defaults(self):
        """The ticket values the context's `default_` keys give."""
        return {
            key.removeprefix("default_"): value
            for key, value in self.env.context.items()
            if key.startswith("default_")
            and key.removeprefix("default_") in self._fields
        }

    def _get_context_without_defaults(self):
        return {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith("default_")
        }

    def _get_field_labels(self, names):
        return ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"]
                if name in self._fields
                else name
                for name in names
            )
        )

    def _is_authorised_move(self, vals):
        """Whether `vals` are what a move form collected for these tickets."""
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        return bool(stage) and all(
            ticket._get_authorised_transition(stage) for ticket in self
        )
