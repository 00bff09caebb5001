# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class RevoHelpdeskTransitionWizard(models.TransientModel):
    """Collects what a move of the reseller workflow asks for (a message,
    the external party, the development reference, the release or the
    cancellation reason) and makes the move."""

    _name = "revo.helpdesk.transition.wizard"
    _inherit = "revo.helpdesk.ticket.wizard"
    _description = "Move a Reseller Workflow Ticket"
    _ticket_access = {"ticket_id": "write", "duplicate_of_id": "read"}

    transition_id = fields.Many2one(
        comodel_name="revo.helpdesk.transition", required=True
    )
    requirement = fields.Selection(related="transition_id.requirement")
    stage_to_id = fields.Many2one(related="transition_id.stage_to_id")
    body = fields.Html(string="Message", sanitize_style=True)
    attachment_ids = fields.Many2many(comodel_name="ir.attachment")
    external_party_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_ticket_values",
        store=True,
        readonly=False,
    )
    dev_reference = fields.Char(
        string="Development Reference",
        compute="_compute_ticket_values",
        store=True,
        readonly=False,
    )
    dev_url = fields.Char(
        string="Development Link",
        compute="_compute_ticket_values",
        store=True,
        readonly=False,
    )
    release_id = fields.Many2one(
        comodel_name="revo.helpdesk.release",
        domain=[("state", "=", "planned")],
        compute="_compute_ticket_values",
        store=True,
        readonly=False,
    )
    cancel_reason = fields.Selection(
        selection=lambda self: (
            self.env["helpdesk.ticket"]
            ._fields["cancel_reason"]
            ._description_selection(self.env)
        ),
    )
    duplicate_of_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Original Ticket",
        domain="[('id', '!=', ticket_id)]",
    )

    @api.depends("ticket_id")
    def _compute_ticket_values(self):
        for wizard in self:
            ticket = wizard.ticket_id
            wizard.external_party_id = ticket.external_party_id
            wizard.dev_reference = ticket.dev_reference
            wizard.dev_url = ticket.dev_url
            wizard.release_id = ticket.release_id

    def action_confirm(self):
        self.ensure_one()
        values = self._get_ticket_values()
        ticket = self.ticket_id
        # Read before the move: Canceled is one of REVO's stages.
        between_reseller_and_revo = (
            ticket.reached_revo or not self.env.user._is_reseller_user()
        )
        ticket._apply_transition(self.transition_id, values)
        self._post_on_ticket(between_reseller_and_revo)
        return {"type": "ir.actions.act_window_close"}

    def _post_on_ticket(self, between_reseller_and_revo):
        """What the form says goes to the other side of the reseller-REVO
        conversation (Send Message), its files with it: never to the client,
        who reads the ticket's own files on the portal, except the note a
        move that waits on the client asks for (Add Note). A reseller's
        cancellation of a ticket REVO never had is only logged: nobody at
        REVO needs to hear of it."""
        ticket, files = self.ticket_id, self.attachment_ids
        if self.requirement == "cancellation" and not between_reseller_and_revo:
            files.check_access("write")
            message = ticket._message_log(
                body=self._get_cancellation_note(), attachment_ids=files.ids
            )
            # The log is the module's, which its author does not write.
            files.sudo().write({"res_model": message._name, "res_id": message.id})
        elif self.requirement == "cancellation":
            ticket._post_support_message(self._get_cancellation_note(), files.ids)
        elif self.requirement == "client_note":
            ticket._post_client_note(self.body, files.ids)
        elif self.stage_to_id.owner == "development" and (
            not is_html_empty(self.body) or files
        ):
            ticket._post_development_handover(self.body, files.ids)
        elif not is_html_empty(self.body) or files:
            ticket._post_support_message(self.body, files.ids)
        if not is_html_empty(self.body):
            # The to-do the move just gave says what is asked.
            ticket.activity_ids.filtered("revo_stage_todo").sudo().note = self.body

    def _get_ticket_values(self):
        """The ticket values the move writes, once what it needs is checked."""
        requirement = self.requirement
        if requirement == "message" and is_html_empty(self.body):
            self._raise_missing(self.env._("a message"))
        if requirement == "client_note" and is_html_empty(self.body):
            self._raise_missing(self.env._("a note to the client"))
        if requirement == "external_party":
            if not self.external_party_id:
                self._raise_missing(self.env._("the external party"))
            return {"external_party_id": self.external_party_id.id}
        if requirement == "dev_reference":
            if not (self.dev_reference or "").strip():
                self._raise_missing(self.env._("the development reference"))
            return {
                "dev_reference": self.dev_reference.strip(),
                "dev_url": self.dev_url,
            }
        if requirement == "release":
            if not self.release_id:
                self._raise_missing(self.env._("the release"))
            return {"release_id": self.release_id.id}
        if requirement == "cancellation":
            return self._get_cancellation_values()
        return {}

    def _get_cancellation_values(self):
        if not self.cancel_reason:
            self._raise_missing(self.env._("a cancellation reason"))
        if self.cancel_reason != "duplicate":
            return {"cancel_reason": self.cancel_reason}
        if not self.duplicate_of_id:
            self._raise_missing(self.env._("the original ticket it duplicates"))
        if self.duplicate_of_id == self.ticket_id:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be a duplicate of itself: choose the "
                    "original ticket.",
                    ticket=self.ticket_id.display_name,
                )
            )
        return {"cancel_reason": "duplicate", "duplicate_id": self.duplicate_of_id.id}

    def _raise_missing(self, what):
        raise UserError(
            self.env._(
                "Moving %(ticket)s to %(stage)s needs %(what)s.",
                ticket=self.ticket_id.display_name,
                stage=self.stage_to_id.name,
                what=what,
            )
        )

    def _get_cancellation_note(self):
        reason = dict(self._fields["cancel_reason"]._description_selection(self.env))
        body = Markup("<p>%s</p>") % self.env._(
            "Canceled: %(reason)s.", reason=reason[self.cancel_reason]
        )
        if self.duplicate_of_id:
            body += Markup("<p>%s</p>") % self.env._(
                "Duplicate of %(ticket)s.", ticket=self.duplicate_of_id.display_name
            )
        if not is_html_empty(self.body):
            body += self.body
        return body
