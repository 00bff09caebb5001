# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

# What a move asks of the person making it. Moves whose requirement is a
# ticket field can be made by any means once the field is filled; the others
# go through a form (TRANSITION_FORMS) that collects what is needed.
TRANSITION_REQUIREMENTS = [
    ("none", "Nothing"),
    ("message", "A message to the other side"),
    ("client_note", "A note to the client"),
    ("escalation", "The escalation form"),
    ("cancellation", "A cancellation reason"),
    ("external_party", "The external party awaited"),
    ("dev_reference", "The development reference"),
    ("release", "The release that will ship the fix"),
]
REQUIRED_TICKET_FIELDS = {
    "external_party": "external_party_id",
    "dev_reference": "dev_reference",
    "release": "release_id",
}
TRANSITION_FORMS = {
    "escalation": "revo.helpdesk.escalate",
}
DEFAULT_TRANSITION_FORM = "revo.helpdesk.transition.wizard"


class RevoHelpdeskTransition(models.Model):
    """A transition between stages of the reseller workflow: who may move a
    ticket along it, which tickets, and what the move asks for. The server
    check, the ticket's buttons and the kanban all read this table through
    helpdesk.ticket._get_allowed_transitions()."""

    _name = "revo.helpdesk.transition"
    _description = "Reseller Workflow Transition"
    _order = "sequence, id"

    name = fields.Char(
        string="Button Label",
        required=True,
        translate=True,
        help="What the button that makes this move says.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_from_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        relation="revo_helpdesk_transition_stage_from_rel",
        column1="transition_id",
        column2="stage_id",
        string="From Stages",
        required=True,
    )
    stage_to_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage",
        string="To Stage",
        required=True,
        ondelete="cascade",
        index=True,
    )
    group_ids = fields.Many2many(
        comodel_name="res.groups",
        string="Allowed Groups",
        required=True,
        help="Users of any of these groups may make this move.",
    )
    ticket_domain = fields.Char(
        string="Applies To",
        default="[]",
        required=True,
        help="Only tickets matching this domain may make this move.",
    )
    requirement = fields.Selection(
        selection=TRANSITION_REQUIREMENTS,
        default="none",
        required=True,
    )
    on_assignment = fields.Boolean(
        string="Made On Assignment",
        help="The move is made by itself when someone is assigned to a ticket "
        "that sits in one of the From Stages.",
    )
    on_timeout = fields.Boolean(
        string="Made When Unanswered",
        help="The move is made by itself when a ticket waits in one of the From "
        "Stages with no answer for the confirmation timeout set in the "
        "Helpdesk settings; a reminder goes out one business day before.",
    )
    activity_type_id = fields.Many2one(
        comodel_name="mail.activity.type",
        string="Activity For The Next Side",
        help="Schedule an activity of this type for the people who own the "
        "stage the ticket moves to.",
    )
    info_request = fields.Boolean(
        string="Asks For Information",
        help="Support sends the ticket back to the reseller for information or "
        "tests: counted by the escalation quality report.",
    )
    button_style = fields.Selection(
        selection=[("primary", "Primary"), ("secondary", "Secondary")],
        default="secondary",
        required=True,
    )

    @api.constrains("ticket_domain")
    def _check_ticket_domain(self):
        for transition in self:
            try:
                domain = Domain(safe_eval(transition.ticket_domain))
                self.env["helpdesk.ticket"].search(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of transition '%(transition)s' is not a valid "
                        "domain on tickets: %(error)s",
                        transition=transition.name,
                        error=error,
                    )
                ) from error

    @api.constrains("stage_from_ids", "stage_to_id")
    def _check_not_a_loop(self):
        for transition in self:
            if transition.stage_to_id in transition.stage_from_ids:
                raise ValidationError(
                    self.env._(
                        "Transition '%(transition)s' cannot lead from %(stage)s to "
                        "itself.",
                        transition=transition.name,
                        stage=transition.stage_to_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        transitions = super().create(vals_list)
        self.env.registry.clear_cache()
        return transitions

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("group_ids")
    def _get_transition_table(self, group_ids):
        """The active transitions open to any of `group_ids` (a user's group
        ids), in table order, as (transition id, from stage ids, ticket domain, what its
        stage needs of the ticket: see _get_stage_need). Every
        stage change and every ticket form reads the table, which changes
        only when an admin edits it: it is cached, and editing a move (or
        archiving or deleting a stage) clears the cache."""
        # The cache ignores the context: read the active transitions whatever
        # it says.
        transitions = (
            self.sudo()
            .with_context(active_test=True)
            .search([("group_ids", "in", list(group_ids))])
        )
        return tuple(
            (
                transition.id,
                frozenset(transition.stage_from_ids.ids),
                transition._get_ticket_domain(),
                transition._get_stage_need(),
            )
            for transition in transitions
        )

    def _get_stage_need(self):
        """What a ticket needs to enter this move's stage, whoever moves it:
        a reseller to work it in the reseller's open stages (an incident or
        REVO's own ticket has none), the confirmation that development is
        needed in development's (see helpdesk.ticket._check_development_confirmed)."""
        stage = self.stage_to_id
        if stage.owner == "reseller" and not stage.closed:
            return "reseller"
        if stage.owner == "development":
            return "development"
        return None

    @api.model
    @api.readonly
    def get_transition_buttons(self):
        """The label and style of every active transition. A ticket form
        reads only the ids of the transitions its user may take; its buttons
        take their labels from this table, which the web client keeps for
        the session."""
        return {
            transition.id: {"name": transition.name, "style": transition.button_style}
            for transition in self.search([])
        }

    @api.model
    @tools.ormcache()
    def _get_timeout_stage_ids(self):
        """The stages where a ticket waits for an answer that times out: read
        on every stage change, so kept in the registry's cache."""
        return frozenset(
            self.sudo().search([("on_timeout", "=", True)]).stage_from_ids.ids
        )

    def _get_ticket_domain(self):
        self.ensure_one()
        return Domain(safe_eval(self.ticket_domain))

    def _get_required_ticket_field(self):
        """The ticket field this move needs filled, if any."""
        self.ensure_one()
        return REQUIRED_TICKET_FIELDS.get(self.requirement)

    def _needs_form(self):
        """Whether the move collects input the ticket does not hold."""
        self.ensure_one()
        return self.requirement in (
            "message",
            "client_note",
            "escalation",
            "cancellation",
        )

    def _is_direct(self):
        """Whether the move needs nothing more than choosing it."""
        self.ensure_one()
        return not (self._needs_form() or self._get_required_ticket_field())

    def _get_form_model(self):
        self.ensure_one()
        return TRANSITION_FORMS.get(self.requirement, DEFAULT_TRANSITION_FORM)
