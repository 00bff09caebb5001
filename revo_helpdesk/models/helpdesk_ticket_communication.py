# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Communication: the guide's three audiences, notifications and the mail gateway."""

import ast
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from odoo.addons.mail.tools.alias_error import AliasError

# What a chatter note becomes on a reseller-workflow ticket: REVO's internal
# note, or the reseller's Add Note that the client reads.
NOTE_SUBTYPES = ("mail.mt_note", "revo_helpdesk.mt_client_note")
# Ticket numbers as helpdesk_mgmt's sequence writes them in subjects.
TICKET_NUMBER_PATTERN = re.compile(r"\b[A-Z]{1,6}-?\d{3,}\b")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # The side the current user writes from, which gives the chatter its words.
    revo_author_side = fields.Selection(
        selection=[("reseller", "Reseller"), ("revo", "REVO"), ("client", "Client")],
        compute="_compute_revo_author_side",
    )

    @api.depends_context("uid")
    def _compute_revo_author_side(self):
        user = self.env.user
        # The groups are cached; the user's share flag would be read on every
        # form open.
        if not user.has_group("base.group_user"):
            self.revo_author_side = "client"
        else:
            self.revo_author_side = "reseller" if user._is_reseller_user() else "revo"

    def _notify_reseller_of_new_tickets(self):
        """A client's new ticket waits for its reseller, whose people are
        told at once, in their language (the partner guide: "your partner
        account will be notified via email")."""
        for users, tickets in self._group_by_side_users("reseller").items():
            for lang, partners in users.partner_id.grouped("lang").items():
                for ticket in tickets.sudo().with_context(lang=lang):
                    ticket.message_notify(
                        partner_ids=partners.ids,
                        subject=ticket.env._(
                            "New client ticket: %(ticket)s", ticket=ticket.display_name
                        ),
                        body=Markup("<p>%s</p>")
                        % ticket.env._(
                            "%(client)s opened %(ticket)s. It waits for you in "
                            "%(stage)s.",
                            client=ticket.partner_id.display_name,
                            ticket=ticket.display_name,
                            stage=ticket.stage_id.name,
                        ),
                    )

    def message_post(self, **kwargs):
        # mail lets followers post on documents they cannot read; a reseller
        # added as follower of another reseller's ticket must not.
        if not self.env.su:
            self.check_access("read")
        if kwargs.get("message_type") not in ("comment", "email") or not (
            self.origin or self.response_deadline
        ):
            return super().message_post(**kwargs)
        author = self.env["res.partner"].browse(kwargs.get("author_id"))
        if not self.env.su:
            self._check_author(author)
            # A user's post speaks for the user's side, whatever address it is
            # sent from (a template may sign with the company's).
            author = self.env.user.partner_id
        side = self._get_partner_side(author or self.env.user.partner_id)
        workflow = bool(self.origin)  # else: another team's ticket with a target
        if workflow:
            kwargs = self._prepare_audience(kwargs, side)
        message = super().message_post(**kwargs)
        if workflow and message.subtype_id.internal:
            # Files of internal posts follow the message's access (REVO notes,
            # reseller-REVO messages), not the ticket's: the client's portal
            # lists every file of its ticket.
            message.attachment_ids.sudo().write(
                {"res_model": message._name, "res_id": message.id}
            )
        if workflow:
            self.sudo().last_action_date = fields.Datetime.now()
        self._update_clocks_on_post(message, side)
        if workflow and side == "client":
            self._move_on_client_reply()
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A reply whose mail client dropped the threading headers still
        lands on its ticket when the subject names it, instead of opening a
        new ticket. An email to an alias of no team (helpdesk_mgmt's help@)
        opens its ticket in the reseller workflow, as the REVO alias does."""
        ticket = self.env.su and self._find_replied_ticket(msg_dict)
        if ticket:
            return ticket
        custom_values = dict(custom_values or {})
        if not custom_values.get("team_id"):
            company = self.env["res.company"].browse(custom_values.get("company_id"))
            custom_values["team_id"] = (
                self.env["helpdesk.ticket.team"]
                ._get_reseller_workflow_team(company or None)
                .id
            )
        return super().message_new(msg_dict, custom_values=custom_values)

    def _alias_get_error(self, message, message_dict, alias):
        # Checked here for an alias of no team (helpdesk_mgmt's help@); a
        # team's alias is checked on its team.
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self:
            return error
        defaults = ast.literal_eval(alias.sudo().alias_defaults or "{}")
        team = self.env["helpdesk.ticket.team"].browse(defaults.get("team_id"))
        return self._get_unknown_author_error(message_dict, team.sudo())

    @api.model
    def _get_unknown_author_error(self, message_dict, team):
        """Only known contacts open workflow tickets by email, whatever the
        alias lets in: an unknown sender's ticket would have no origin nor
        reseller to route it. Teams outside the workflow keep their alias's
        own rule."""
        if message_dict.get("author_id") or (team and not team.reseller_workflow):
            return False
        return AliasError(
            "error_partners_no_partner",
            self.env._("restricted to known authors"),
        )

    @api.model
    def _find_replied_ticket(self, msg_dict):
        numbers = TICKET_NUMBER_PATTERN.findall(msg_dict.get("subject") or "")
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not numbers or not author:
            return self.browse()
        tickets = self.sudo().search([("number", "in", numbers)])
        return tickets.filtered(lambda ticket: ticket._is_correspondent(author))[:1]

    def _is_correspondent(self, partner):
        """Whether `partner` takes part in this ticket's conversation."""
        self.ensure_one()
        company = partner.commercial_partner_id
        return (
            partner in self.message_partner_ids
            or company == self.partner_id.commercial_partner_id
            or company == self.reseller_id
            or self._get_partner_side(partner) == "revo"
        )

    @api.model
    def _check_author(self, author):
        """Refuse a post in the name of another person (a partner with a
        user): the author decides who reads a message and may move the
        ticket. A company's address, as templates sign with, is no one."""
        people = author - self.env.user.partner_id
        if people and people.sudo().with_context(active_test=False).user_ids:
            raise AccessError(
                self.env._(
                    "You can post on %(ticket)s in your own name only, not as "
                    "%(author)s.",
                    ticket=self.display_name,
                    author=author.display_name,
                )
            )

    def _get_partner_side(self, partner):
        """Who writes: 'revo' (REVO staff), 'reseller' (a reseller's staff) or
        'client' (anyone else: a client, or an unknown sender)."""
        # Archived users too: OdooBot, which posts for the module's crons.
        users = (
            partner.sudo()
            .with_context(active_test=False)
            .user_ids.filtered(lambda user: not user.share)
        )
        if users:
            return "reseller" if users[:1]._is_reseller_user() else "revo"
        if partner.commercial_partner_id.is_reseller:
            return "reseller"
        return "client"

    def _prepare_audience(self, post_values, side):
        """Give a chatter post or an incoming email its audience, the guide's
        three: the client (Add Note, client replies), the reseller and REVO
        (Send Message), REVO alone (REVO's internal notes)."""
        self.ensure_one()
        values = dict(post_values)
        self._check_post_content(values, side)
        subtype = self._get_post_subtype_xmlid(values)
        if side == "client":
            values.update(
                subtype_xmlid="revo_helpdesk.mt_client_message",
                subtype_id=False,
                partner_ids=self._get_reseller_recipients(values).ids,
            )
        elif subtype in NOTE_SUBTYPES and (
            side == "revo" or values["message_type"] == "comment"
        ):
            if side == "reseller" or subtype == "revo_helpdesk.mt_client_note":
                # Add Note: the client reads it; nobody is notified.
                values.update(
                    subtype_xmlid="revo_helpdesk.mt_client_note",
                    subtype_id=False,
                    partner_ids=[],
                )
            else:
                # A REVO note, by chatter or by email, stays inside REVO:
                # someone outside it that the note names is not emailed it.
                named = self.env["res.partner"].browse(values.get("partner_ids") or [])
                values["partner_ids"] = named.filtered(
                    lambda partner: self._get_partner_side(partner) == "revo"
                ).ids
        else:
            other_side = "support" if side == "reseller" else "reseller"
            recipients = self._get_side_users(other_side).partner_id
            named = self.env["res.partner"].browse(values.get("partner_ids") or [])
            values.update(
                subtype_xmlid="revo_helpdesk.mt_support_message",
                subtype_id=False,
                partner_ids=(
                    (recipients | named.filtered(self._is_staff_partner))
                    - self.env["res.partner"].browse(values.get("author_id"))
                    - self.env.user.partner_id
                ).ids,
            )
        return values

    def _get_post_subtype_xmlid(self, values):
        if values.get("subtype_xmlid"):
            return values["subtype_xmlid"]
        subtype = self.env["mail.message.subtype"].browse(values.get("subtype_id"))
        return subtype.sudo().get_external_id().get(subtype.id) or "mail.mt_comment"

    def _check_post_content(self, values, side):
        # Checked under sudo too: the portal chatter posts with sudo.
        if values.get("message_type") != "comment":
            return
        if is_html_empty(values.get("body")) and not (
            values.get("attachment_ids") or values.get("attachments")
        ):
            raise UserError(
                self.env._(
                    "Write a message or attach a file before posting: it is empty."
                )
            )
        if side == "client" and self.env.user.share:
            subtype_xmlid = self._get_post_subtype_xmlid(values)
            subtype = self.env.ref(subtype_xmlid, raise_if_not_found=False)
            if subtype and subtype.internal:
                raise UserError(
                    self.env._(
                        "Clients can only post public replies on their tickets, "
                        "not %(subtype)s.",
                        subtype=subtype.name,
                    )
                )

    def _get_reseller_recipients(self, values):
        """A client's reply is for its reseller, and for nobody inside REVO."""
        named = self.env["res.partner"].browse(values.get("partner_ids") or [])
        return self._get_side_users("reseller").partner_id | named.filtered(
            lambda partner: self._get_partner_side(partner) == "reseller"
        )

    @api.model
    def _is_staff_partner(self, partner):
        return self._get_partner_side(partner) != "client"

    def _move_on_client_reply(self):
        """A client who answers while the ticket waits on it hands it back to
        the reseller (Backlog - Client to Backlog - Reseller when seeded)."""
        next_stage = self.stage_id.client_reply_stage_id
        if next_stage:
            self.sudo().write({"stage_id": next_stage.id})
