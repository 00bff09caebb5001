# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Broadcast incidents: one REVO ticket whose updates reach every attached ticket."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    is_incident = fields.Boolean(
        string="Broadcast Incident",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="An outage or problem affecting many tickets, across resellers: "
        "its updates are posted on every attached ticket, and resolving it "
        "hands them back to their resellers for confirmation.",
    )
    incident_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        domain=[("is_incident", "=", True)],
        index="btree_not_null",
        tracking=True,
        copy=False,
        groups="revo_helpdesk.group_support_agent",
    )
    incident_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="incident_id",
        string="Attached Tickets",
        groups="revo_helpdesk.group_support_agent",
    )
    incident_ticket_count = fields.Integer(
        compute="_compute_incident_ticket_count",
        groups="revo_helpdesk.group_support_agent",
    )
    # Incidents are REVO's own tickets, without reseller (_check_incident):
    # their names are safe for any reader of an attached ticket, while
    # incident_id itself is for REVO support. Stored, so that a reseller's
    # form reads it with the ticket.
    incident_name = fields.Char(
        string="Part Of Incident",
        related="incident_id.name",
        store=True,
        help="The REVO incident this ticket is attached to; its updates are "
        "posted here.",
    )

    @api.depends("is_incident", "incident_ticket_ids")
    def _compute_incident_ticket_count(self):
        incidents = self.filtered("is_incident")
        counts = (
            dict(
                self._read_group(
                    [("incident_id", "in", incidents.ids)],
                    ["incident_id"],
                    ["__count"],
                )
            )
            if incidents.ids
            else {}
        )
        for ticket in self:
            ticket.incident_ticket_count = counts.get(ticket, 0)

    @api.constrains("is_incident", "incident_id", "reseller_id", "partner_id")
    def _check_incident(self):
        for ticket in self.sudo():
            if ticket.is_incident and (ticket.reseller_id or ticket.partner_id):
                raise ValidationError(
                    self.env._(
                        "%(ticket)s cannot be a broadcast incident: an incident is "
                        "REVO's own ticket, without reseller or contact, so that "
                        "every attached ticket may show it. Open a new ticket for "
                        "the incident and attach this one to it.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.incident_id and (
                ticket.is_incident or ticket.incident_id == ticket
            ):
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is an incident itself: only ordinary tickets "
                        "can be attached to an incident.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.incident_id and not ticket.incident_id.is_incident:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s can only be attached to a broadcast incident; "
                        "%(other)s is not one (use Linked Tickets for related "
                        "tickets).",
                        ticket=ticket.display_name,
                        other=ticket.incident_id.display_name,
                    )
                )

    @api.constrains("is_incident")
    def _check_incident_unset_without_tickets(self):
        """Only an incident has attached tickets, archived ones included,
        which lets the form of an ordinary ticket skip looking for them (see
        _cache_no_attached_tickets)."""
        ordinary = self.filtered(lambda ticket: not ticket.is_incident)
        attached = ordinary and self.sudo().with_context(active_test=False).search(
            [("incident_id", "in", ordinary.ids)], limit=1
        )
        if attached:
            raise ValidationError(
                self.env._(
                    "%(incident)s still has attached tickets, such as %(ticket)s. "
                    "To make it an ordinary ticket, tick Broadcast Incident "
                    "again, detach them in the Attached Tickets tab (archived "
                    "ones from the ticket list, Archived filter), then untick it.",
                    incident=attached.incident_id.display_name,
                    ticket=attached.display_name,
                )
            )

    @api.model
    def _claim_incidents(self, incident_ids):
        """Rewrite, unchanged, the row of each incident tickets are being
        attached to. Unticking Broadcast Incident on it in another transaction
        at the same time writes that row too: the later of the two waits for
        the other, then fails on the concurrent update and Odoo retries its
        request, whose check then sees the other's change. Without the write,
        each check reads the state before the other and both pass."""
        incident_ids = [incident_id for incident_id in incident_ids if incident_id]
        if incident_ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET is_incident = is_incident"
                    " WHERE id = ANY(%s)",
                    incident_ids,
                )
            )

    @api.model
    def _detach_from_non_incidents(self):
        """Detach the tickets attached to a ticket that is no longer an
        incident (possible before _check_incident_unset_without_tickets),
        through the ORM so that their Part Of Incident is cleared too."""
        stray = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("incident_id", "!=", False), ("incident_id.is_incident", "=", False)]
            )
        )
        stray.incident_id = False
        return len(stray)

    def action_view_incident_tickets(self):
        self.ensure_one()
        return self._get_tickets_action(
            [("incident_id", "=", self.id)],
            self.env._("Tickets of %s", self.display_name),
        )

    def action_post_incident_update(self):
        """Open the form that posts an update on every attached ticket."""
        self.ensure_one()
        self._check_is_incident()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Post an Update"),
            "res_model": "revo.helpdesk.incident.update.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_incident_id": self.id},
        }

    def _check_is_incident(self):
        for ticket in self.filtered(lambda ticket: not ticket.is_incident):
            raise UserError(
                self.env._(
                    "%(ticket)s is not a broadcast incident: tick Broadcast "
                    "Incident on it first.",
                    ticket=ticket.display_name,
                )
            )

    def _post_incident_update(self, body, public=False):
        """Post `body` on the incident (for REVO) and on each of its open
        attached tickets, each message on its own ticket so that every
        reseller reads only its own: as REVO's message to the reseller
        (Send Message: the reseller is notified, the client never sees it),
        or, `public`, as a note the client reads on the portal too (Add
        Note: nobody is notified)."""
        self.ensure_one()
        self._check_is_incident()
        self._check_written(body, self.env._("the update"))
        self.message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_note"
        )
        update = Markup("<p><b>%s</b></p>%s") % (
            self.env._("Update on incident %(incident)s:", incident=self.name),
            body,
        )
        for ticket in self.incident_ticket_ids.filtered(lambda t: not t.closed):
            if public:
                ticket.message_post(
                    body=update,
                    message_type="comment",
                    subtype_xmlid="revo_helpdesk.mt_client_note",
                )
            else:
                ticket._post_support_message(update)

    def _hand_back_incident_tickets(self):
        """An incident that reaches a resolved stage hands its open attached
        tickets back to their resellers for confirmation; tickets without a
        move to Confirmation - Reseller from where they are are named on the
        incident, for REVO to take by hand."""
        for incident in self.filtered("is_incident")._filter_resolved():
            tickets = incident.sudo().incident_ticket_ids.filtered(
                lambda t: not t.closed
            )
            tickets = tickets.with_env(self.env)
            moved = tickets._hand_back_for_confirmation(
                self.env._(
                    "Incident %(incident)s is resolved. Please check that "
                    "everything works again and confirm.",
                    incident=incident.name,
                ),
                strict=False,
            )
            if tickets - moved:
                incident._message_log(
                    body=self.env._(
                        "Resolved. These attached tickets stay where they are, as "
                        "their stage has no move to Confirmation - Reseller: "
                        "%(tickets)s.",
                        tickets=", ".join((tickets - moved).mapped("display_name")),
                    )
                )
