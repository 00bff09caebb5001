# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Communication: the guide's three audiences, notifications and the mail gateway."""

import ast
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty
from odoo.tools.mail import email_split_and_format

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
    client_replied = fields.Boolean(
        readonly=True,
        copy=False,
        help="The client answered and no one of the reseller has opened the "
        "ticket since.",
    )
    # What the chatter's composer says on a workflow ticket, per side of the
    # current user: its buttons, and who reads what is posted.
    revo_composer_hints = fields.Json(compute="_compute_revo_composer_hints")

    @api.depends_context("uid")
    def _compute_revo_author_side(self):
        user = self.env.user
        # The groups are cached; the user's share flag would be read on every
        # form open.
        if not user.has_group("base.group_user"):
            self.revo_author_side = "client"
        else:
            self.revo_author_side = "reseller" if user._is_reseller_user() else "revo"

    @api.depends("origin")
    @api.depends_context("uid", "lang")
    def _compute_revo_composer_hints(self):
        hints = self._get_composer_hints()
        for ticket in self:
            ticket.revo_composer_hints = (
                ticket.origin and hints.get(ticket.revo_author_side)
            ) or {}

    def _get_composer_hints(self):
        """The composer's words for each side that writes from the chatter,
        as _prepare_audience gives each post its audience."""
        _ = self.env._
        return {
            "reseller": {
                "message_label": _("Send Message"),
                "message_audience": _(
                    "REVO support and your team read this message; the client does not."
                ),
                "note_label": _("Add Note"),
                "note_placeholder": _(
                    "Write a note for the client: they read it on the portal…"
                ),
                "note_send": _("Show to Client"),
                "note_audience": _(
                    "The client reads this note on the portal; nobody is notified."
                ),
            },
            "revo": {
                "message_label": _("Send Message"),
                "message_audience": _(
                    "The reseller's team and REVO read this message; the client "
                    "does not."
                ),
                "note_label": _("Log note"),
                "note_placeholder": _("Write an internal note for REVO…"),
                "note_send": _("Log"),
                "note_audience": _(
                    "This note stays inside REVO: neither the reseller nor the "
                    "client reads it."
                ),
            },
        }

    def _message_get_suggested_recipients_batch(
        self,
        reply_discussion=False,
        reply_message=None,
        no_create=True,
        primary_email=False,
        additional_partners=None,
    ):
        """On a workflow ticket, Send Message reaches the other side's people
        (_prepare_audience): they are its recipients, never the client."""
        side = self._get_partner_side(self.env.user.partner_id)
        workflow = self.filtered("origin") if side != "client" else self.browse()
        suggested = {}
        if self - workflow:
            suggested = super(
                HelpdeskTicket, self - workflow
            )._message_get_suggested_recipients_batch(
                reply_discussion=reply_discussion,
                reply_message=reply_message,
                no_create=no_create,
                primary_email=primary_email,
                additional_partners=additional_partners,
            )
        other_side = "support" if side == "reseller" else "reseller"
        for ticket, users in workflow._get_side_users_by_ticket(other_side).items():
            suggested[ticket.id] = [
                {
                    "email": partner.email_normalized,
                    "name": partner.name,
                    "partner_id": partner.id,
                    "create_values": {},
                }
                for partner in users.partner_id - self.env.user.partner_id
            ]
        return suggested

    def _notify_reseller_of_new_tickets(self):
        """A client's new ticket waits for its reseller, whose people are
        told at once, in their language (the partner guide: "your partner
        account will be notified via email")."""
        groups = self._group_by_side_users("reseller")
        for tickets, lang, partners in self._split_by_language(groups):
            for ticket in tickets.sudo().with_context(lang=lang):
                body = Markup("<p>%s</p>") % ticket.env._(
                    "%(client)s opened %(ticket)s. It waits for you in %(stage)s.",
                    client=ticket.partner_id.display_name,
                    ticket=ticket.display_name,
                    stage=ticket.stage_id.name,
                )
                if not is_html_empty(ticket.description):
                    body += Markup("<blockquote>%s</blockquote>") % ticket.description
                ticket.message_notify(
                    partner_ids=partners.ids,
                    subject=ticket.env._(
                        "New client ticket: %(ticket)s", ticket=ticket.display_name
                    ),
                    body=body,
                )

    def message_post(self, **kwargs):
        if not self.env.su:
            # mail lets followers post on documents they cannot read; a
            # reseller added as follower of another reseller's ticket must not.
            self.check_access("read")
            if not self.env.user._is_revo_staff():
                self._check_outside_post(kwargs)
        if kwargs.get("message_type") == "out_of_office" and self.origin:
            answered = self.env.context.get("revo_answered_subtype_id")
            kwargs = dict(kwargs, subtype_id=answered or kwargs.get("subtype_id"))
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
            vals = {"last_action_date": fields.Datetime.now()}
            if side in ("client", "reseller"):
                # The reseller's people who answer have read the client.
                vals["client_replied"] = side == "client"
            self.sudo().write(vals)
        self._update_clocks_on_post(message, side)
        if workflow and side == "client":
            self._move_on_client_reply()
        return message

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        others = set(partner_ids or ()) - set(self.env.user.partner_id.ids)
        if others and not (self.env.su or self.env.user._is_revo_staff()):
            self.check_access("write")
            self._check_followers(self.env["res.partner"].browse(others))
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def message_update(self, msg_dict, update_vals=None):
        parent = self._get_replied_message(msg_dict)
        if parent.subtype_id.internal:
            # The people a reply between the reseller and REVO copies do not
            # join the ticket (helpdesk_mgmt makes them followers, mail.thread.cc
            # keeps them in Cc): the client in Cc of a reply-all stays out.
            msg_dict = dict(
                msg_dict,
                to=self._filter_audience_addresses(msg_dict.get("to"), parent),
                cc=self._filter_audience_addresses(msg_dict.get("cc"), parent),
            )
        return super().message_update(msg_dict, update_vals=update_vals)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        values = msg_vals or {}
        message_type = values.get("message_type", message.sudo().message_type)
        if not self or not recipients or message_type == "user_notification":
            return recipients
        # Followers choose their subtypes, and a mention names anyone: the
        # audience still decides who is told (a reseller following notes is
        # not sent REVO's).
        subtype = self.env["mail.message.subtype"].browse(
            values.get("subtype_id", message.sudo().subtype_id.id)
        )
        # REVO's people read every audience: only the others are looked at.
        Users = self.env["res.users"]
        others = self.env["res.partner"].browse(
            recipient["id"]
            for recipient in recipients
            if recipient.get("id")
            and not (
                recipient.get("uid")
                and not recipient.get("share")
                and Users.browse(recipient["uid"])._is_revo_staff()
            )
        )
        outsiders = self._get_audience_outsiders(others, subtype).ids
        return [r for r in recipients if r.get("id") not in outsiders]

    def _thread_to_store(self, store, fields, *, request_list=None):
        # The chatter of the form asks for its thread when a user opens the
        # ticket: a reseller's user opening it has seen the client's answer.
        if (
            request_list is not None
            and not self.env.su
            and self.env.user._is_reseller_user()
        ):
            self.filtered("client_replied").sudo().client_replied = False
        return super()._thread_to_store(store, fields, request_list=request_list)

    def _notify_thread_with_out_of_office(
        self, message, recipients_data, msg_vals=False, **kwargs
    ):
        # Out-of-office replies are posted in the absent user's name, from
        # whoever's post they answer (a reseller's too): as superuser, like
        # the mail gateway's. They quote what they answer: message_post gives
        # them its audience.
        answered = (msg_vals or {}).get("subtype_id") or message.sudo().subtype_id.id
        tickets = self.sudo().with_context(revo_answered_subtype_id=answered)
        return super(HelpdeskTicket, tickets)._notify_thread_with_out_of_office(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

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
        # The gateway then posts the email on the new ticket, which reaches
        # its reseller with the client's words and files: that email is the
        # news of the ticket, not a second one.
        return super(
            HelpdeskTicket, self.with_context(revo_email_tells_reseller=True)
        ).message_new(msg_dict, custom_values=custom_values)

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
        return partner in self.message_partner_ids or self._is_ticket_party(partner)

    def _is_ticket_party(self, partner):
        """Whether `partner` is of this ticket's people: REVO, its reseller,
        its client's company."""
        self.ensure_one()
        company = partner.commercial_partner_id
        return (
            company == self.partner_id.commercial_partner_id
            or company == self.reseller_id
            or self._get_partner_side(partner) == "revo"
        )

    def _get_audience_outsiders(self, partners, subtype):
        """Who of `partners` may not read a message of `subtype` on this
        ticket, so is neither named by it nor told of it: REVO's notes are for
        REVO, internal messages (Send Message) for REVO and the ticket's
        reseller, the others for the ticket's people."""
        self.ensure_one()
        subtype = subtype.sudo()
        if not partners:
            return partners
        if subtype.revo_staff_only:
            return partners.filtered(lambda p: self._get_partner_side(p) != "revo")
        return partners.filtered(
            lambda p: (
                not self._is_ticket_party(p)
                or (subtype.internal and self._get_partner_side(p) == "client")
            )
        )

    def _check_followers(self, partners):
        """Outside REVO, people add as followers of a ticket its people only:
        a follower is told of its conversation."""
        for ticket in self:
            strangers = partners.filtered(
                lambda p, ticket=ticket: not ticket._is_ticket_party(p)
            )
            if strangers:
                raise AccessError(
                    self.env._(
                        "%(partners)s cannot follow %(ticket)s: its followers "
                        "are REVO's people, %(reseller)s's and its client's.",
                        partners=", ".join(strangers.mapped("display_name")),
                        ticket=ticket.display_name,
                        reseller=ticket.reseller_id.display_name,
                    )
                )

    def _check_outside_post(self, values):
        """Outside REVO, people post comments in their own name (the chatter
        gives them their audience); a notification or an email would skip
        the audiences, and a post in REVO's name would speak for REVO. The
        logs of their changes are mail's (_message_log, not message_post)."""
        self._check_author(self.env["res.partner"].browse(values.get("author_id")))
        self._check_own_files(values.get("attachment_ids"))
        message_type = values.get("message_type", "notification")
        if message_type != "comment":
            raise UserError(
                self.env._(
                    "On %(ticket)s you post comments (Add Note, Send Message, a "
                    "reply), not messages of type %(type)s.",
                    ticket=self.display_name,
                    type=message_type,
                )
            )

    def _check_own_files(self, attachment_ids):
        """Outside REVO, people attach the files they uploaded: a post takes
        its files to its own audience, which would take a client's out of
        the client's sight, or a REVO note's to the client."""
        ids = attachment_ids or []
        if not all(isinstance(id_, int) and not isinstance(id_, bool) for id_ in ids):
            raise UserError(
                self.env._(
                    "attachment_ids lists the ids of files you uploaded; got %(ids)s.",
                    ids=ascii(ids)[:200],
                )
            )
        files = self.env["ir.attachment"].sudo().browse(ids)
        others = files.filtered(lambda file: file.create_uid != self.env.user)
        if others:
            # Ids, not names: the files may be ones the user may not read.
            raise UserError(
                self.env._(
                    "You may attach only files you uploaded; files %(ids)s are "
                    "someone else's.",
                    ids=", ".join(map(str, others.ids)),
                )
            )

    def _message_update_content(
        self, message, /, *, body, attachment_ids=None, **kwargs
    ):
        if not self.env.su and not self.env.user._is_revo_staff():
            self._check_own_files(attachment_ids)
        return super()._message_update_content(
            message, body=body, attachment_ids=attachment_ids, **kwargs
        )

    def _get_replied_message(self, values):
        """The message of this ticket that a post or an email answers."""
        parent = self.env["mail.message"].sudo().browse(values.get("parent_id"))
        if parent.exists() and (parent.model, parent.res_id) == (self._name, self.id):
            return parent
        return parent.browse()

    def _get_replied_audience(self, values, side):
        """The audience a reply keeps, as the subtype to post (None: the
        post's own): a reply to a Send Message is a Send Message, REVO's reply
        to a REVO note stays inside REVO."""
        subtype = self._get_replied_message(values).subtype_id
        if not subtype:
            return None
        if subtype == self.env.ref("revo_helpdesk.mt_support_message"):
            return "revo_helpdesk.mt_support_message"
        if subtype.revo_staff_only and side == "revo":
            return "mail.mt_note"
        return None

    def _filter_audience_addresses(self, header, message):
        """The addresses of an email header whose people may read `message`."""
        emails = email_split_and_format(header or "")
        partners = self.env["mail.thread"]._mail_find_partner_from_emails(
            emails, records=self, force_create=False
        )
        return ", ".join(
            email
            for email, partner in zip(emails, partners, strict=True)
            if partner and not self._get_audience_outsiders(partner, message.subtype_id)
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
        subtype = self._get_replied_audience(
            values, side
        ) or self._get_post_subtype_xmlid(values)
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
                values.update(
                    subtype_xmlid="mail.mt_note",
                    subtype_id=False,
                    partner_ids=(
                        named
                        - self._get_audience_outsiders(
                            named, self.env.ref("mail.mt_note")
                        )
                    ).ids,
                )
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

    @api.model
    def _check_written(self, body, what, files=None):
        """Refuse to post an empty `body` (without `files`); `what` names
        what the person writes: a message, a comment, an update."""
        if is_html_empty(body) and not files:
            raise UserError(
                self.env._("Write %(what)s before posting: it is empty.", what=what)
            )

    def _check_post_content(self, values, side):
        # Checked under sudo too: the portal chatter posts with sudo.
        if values.get("message_type") != "comment":
            return
        self._check_written(
            values.get("body"),
            self.env._("a message or attach a file"),
            files=values.get("attachment_ids") or values.get("attachments"),
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
