# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The app channel: REVO's point-of-sale app and back office open and follow
tickets through Odoo's JSON-2 endpoint (`POST /json/2/helpdesk.ticket/<method>`,
`Authorization: bearer <API key>`). Each method does what the portal does, with
its rules; access is the calling user's, as in the chatter and the portal.
docs/api.md is the contract."""

import base64
import functools
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import plaintext2html

from .helpdesk_ticket_view_mode import PARTNER_LIST_COLUMNS, PARTNER_LIST_ORDER

# The channels a ticket opened through the API comes from.
APP_CHANNELS = {
    "app": "revo_helpdesk.helpdesk_ticket_channel_app",
    "back_office": "revo_helpdesk.helpdesk_ticket_channel_back_office",
}
# The list's filters on the partner state (ticket_state).
APP_LIST_STATES = {
    "open": [("ticket_state", "=", "open")],
    "closed": [("ticket_state", "=", "closed")],
    "all": [],
}
APP_MAX_LIMIT = 1000
# What the thread shows: the conversation, not the tracking of fields.
APP_THREAD_MESSAGE_TYPES = ("comment", "email")
# What a file of a reply is made of: {"name", "content" (base64)}.
APP_FILE_KEYS = {"name", "content"}
# What the app methods keep of the context the caller sends.
APP_CONTEXT_KEYS = ("lang", "tz")


def app_method(method):
    """Run a method of the contract with the caller's language and time zone
    only: JSON-2 takes any context from the caller, and its defaults
    (default_escalated, ...) and flags (import_file, ...) would write or skip
    what the workflow decides, a client's ticket being created with sudo."""

    @functools.wraps(method)
    def run_with_app_context(self, *args, **kwargs):
        context = {
            key: self.env.context[key]
            for key in APP_CONTEXT_KEYS
            if key in self.env.context
        }
        # A new context, not one merged into the caller's.
        return method(self.with_env(self.env(context=context)), *args, **kwargs)

    return run_with_app_context


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------ the contract

    @api.model
    @app_method
    def app_open_ticket(
        self, subject, description, category_id=None, system_id=None, channel="app"
    ):
        """Open a ticket as the calling client or reseller user, as the
        portal's form does: it gets the origin, reseller and entry stage of
        the user's role. `description` is plain text. Return {"id",
        "number"}."""
        side = self._get_app_side()
        vals = {
            "name": self._check_app_text(subject, "subject"),
            "description": self._check_app_html(description, "description"),
            "category_id": self._check_app_category(category_id).id,
            "system_id": self._check_app_system(system_id).id,
            "partner_id": self.env.user.partner_id.id,
        }
        channel = self._check_app_channel(channel)
        if side == "client":
            # Clients only read tickets: the portal creates theirs the same
            # way, as them with sudo, and makes them followers.
            ticket = self.sudo().create(dict(vals, channel_id=channel.id))
            ticket.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        else:
            ticket = self.create(vals)
            # The channel is the app's to say, not a field resellers write.
            ticket.sudo().channel_id = channel
        return {"id": ticket.id, "number": ticket.sudo().number}

    @api.model
    @api.readonly
    @app_method
    def app_list_tickets(self, state="open", limit=80, offset=0):
        """The partner list of the calling user's tickets, newest update
        first: [{"id", "number", "subject", "entity", "system", "created_at",
        "last_update", "state"}]."""
        self._get_app_side()
        if state not in APP_LIST_STATES:
            raise UserError(
                self.env._(
                    'Unknown state "%(state)s": use %(allowed)s.',
                    state=state,
                    allowed=", ".join(APP_LIST_STATES),
                )
            )
        limit = self._check_app_number(limit, "limit", 1, APP_MAX_LIMIT)
        offset = self._check_app_number(offset, "offset", 0)
        tickets = self.search(
            [("reseller_workflow", "=", True), *APP_LIST_STATES[state]],
            limit=limit,
            offset=offset,
            order=PARTNER_LIST_ORDER,
        )
        return [
            self._format_app_row(row)
            for row in tickets.read(list(PARTNER_LIST_COLUMNS.values()))
        ]

    @api.readonly
    @app_method
    def app_thread(self):
        """The messages of one ticket the calling user may read, oldest
        first: [{"id", "date", "author", "kind", "body", "attachments"}]."""
        ticket = self._get_app_ticket()
        # Searched as the user: mail.message's access and the module's rules
        # decide what each audience reads, as in the chatter and the portal.
        messages = self.env["mail.message"].search(
            [
                ("model", "=", ticket._name),
                ("res_id", "=", ticket.id),
                ("message_type", "in", APP_THREAD_MESSAGE_TYPES),
            ],
            order="date, id",
        )
        client_note = self.env.ref("revo_helpdesk.mt_client_note")
        base_url = ticket.get_base_url()
        return [
            {
                "id": message.id,
                "date": fields.Datetime.to_string(message.date),
                "author": message.author_id.name or message.email_from or "",
                "kind": (
                    "note"
                    if message.subtype_id == client_note
                    else "message"
                    if message.subtype_id.internal
                    else "reply"
                ),
                "body": str(message.body or ""),
                "attachments": [
                    {
                        "name": attachment.name,
                        "url": self._get_app_download_url(base_url, attachment),
                    }
                    for attachment in message.attachment_ids
                ],
            }
            # The message is the user's to read: so are its author and files,
            # as the chatter shows them.
            for message in messages.sudo()
        ]

    @app_method
    def app_reply(self, body="", attachments=None):
        """The portal's Update: post `body` (plain text) and `attachments`
        (files, [{"name", "content" (base64)}]; with files the body may be
        empty), keep the state. On a reseller's own ticket, the reseller's
        message to REVO (Send Message)."""
        ticket = self._get_app_ticket()
        files = self._check_app_files(attachments)
        if files and (body is None or isinstance(body, str) and not body.strip()):
            body = ""
        else:
            body = self._check_app_html(body, "body")
        if ticket.origin == "reseller" and not self.env.user.share:
            ticket._check_reply_files(files)
            ticket.message_post(
                body=body,
                attachments=files,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        else:
            ticket._do_app_view_mode_action(body, "update", files)
        return ticket._format_app_state()

    @app_method
    def app_close(self, comment=""):
        """The portal's Close Ticket, with an optional comment (plain text)."""
        ticket = self._get_app_ticket()
        ticket._do_app_view_mode_action(self._check_app_comment(comment), "close")
        return ticket._format_app_state()

    @app_method
    def app_reopen(self, comment=""):
        """The portal's Reopen, with an optional comment (plain text)."""
        ticket = self._get_app_ticket()
        ticket._do_app_view_mode_action(self._check_app_comment(comment), "reopen")
        return ticket._format_app_state()

    # ---------------------------------------------------------------- helpers

    @api.model
    def _get_app_side(self):
        """'client' or 'reseller': whom the app channel serves. REVO's staff
        work in the back office of Odoo, not through the app."""
        user = self.env.user
        if user.share:
            if user.partner_id.commercial_partner_id.reseller_id:
                return "client"
        elif user._is_reseller_user() and user._get_reseller_partner():
            return "reseller"
        raise AccessError(
            self.env._(
                "The app's ticket methods are for the clients of a reseller and "
                "for resellers' staff; %(user)s is neither.",
                user=user.name,
            )
        )

    def _get_app_ticket(self):
        """The one ticket the call names, if the user may read it; else the
        same 404 whether it does not exist or is someone else's."""
        self._get_app_side()
        ids = self._ids
        if len(ids) != 1 or not isinstance(ids[0], int) or isinstance(ids[0], bool):
            raise UserError(
                self.env._(
                    "Name one ticket by its id, as in ids=[42]; got %(ids)s.",
                    ids=list(ids),
                )
            )
        ticket = self.search([("id", "=", ids[0]), ("reseller_workflow", "=", True)])
        if not ticket:
            raise MissingError(
                self.env._(
                    "Ticket %(id)s is not among the tickets you can read.", id=ids[0]
                )
            )
        return ticket

    def _do_app_view_mode_action(self, body, action, files=()):
        self.ensure_one()
        user = self.env.user
        # As the portal does for a client, as the back office's Update / Close
        # does for a reseller: the view mode names the user in what it logs.
        ticket = self.sudo() if user.share else self
        ticket._post_view_mode_update(body, action, user=user, files=files)

    def _format_app_state(self):
        self.ensure_one()
        return {"id": self.id, "number": self.number, "state": self.ticket_state}

    @api.model
    def _format_app_row(self, row):
        values = {"id": row["id"]}
        for column, name in PARTNER_LIST_COLUMNS.items():
            value = row[name]
            if isinstance(value, tuple):
                value = {"id": value[0], "name": value[1]}
            elif self._fields[name].type == "datetime":
                value = fields.Datetime.to_string(value) or None
            values[column] = value if value is not False else None
        return values

    @api.model
    def _get_app_download_url(self, base_url, attachment):
        # The scoped token Odoo's chatter downloads with: no session needed.
        query = urlencode(
            {"access_token": attachment._get_raw_access_token(), "download": "true"}
        )
        return f"{base_url}/web/content/{attachment.id}?{query}"

    @api.model
    def _check_app_text(self, value, name):
        if not isinstance(value, str) or not value.strip():
            raise UserError(
                self.env._('"%(name)s" is empty: write some text.', name=name)
            )
        if not self._is_storable_text(value):
            raise UserError(
                self.env._(
                    '"%(name)s" holds characters no text keeps (NUL, an unpaired '
                    "surrogate): send plain text.",
                    name=name,
                )
            )
        return value.strip()

    @api.model
    def _is_storable_text(self, value):
        try:
            value.encode()
        except UnicodeEncodeError:
            return False
        return "\x00" not in value

    @api.model
    def _check_app_html(self, value, name):
        """Plain text from the app, as HTML for the ticket."""
        return plaintext2html(self._check_app_text(value, name))

    @api.model
    def _check_app_files(self, attachments):
        """The (file name, content) pairs of the files the app sends."""
        if attachments is None:
            return []
        if not isinstance(attachments, list) or not all(
            isinstance(file, dict) for file in attachments
        ):
            raise UserError(
                self.env._(
                    '"attachments" must be a list of files, each {"name": ..., '
                    '"content": <base64>}; got a %(type)s.',
                    type=type(attachments).__name__,
                )
            )
        return [self._check_app_file(file) for file in attachments]

    @api.model
    def _check_app_file(self, file):
        unknown = set(file) - APP_FILE_KEYS
        if unknown:
            raise UserError(
                self.env._(
                    "A file has unknown keys %(keys)s: give its name and content only.",
                    keys=ascii(sorted(map(str, unknown)))[:200],
                )
            )
        name = file.get("name")
        if not isinstance(name, str):
            raise UserError(
                self.env._('Each file needs a "name", its file name (as photo.png).')
            )
        try:
            content = base64.b64decode(file.get("content"), validate=True)
        except (TypeError, ValueError) as error:  # binascii.Error is a ValueError
            raise UserError(
                self.env._(
                    'The "content" of %(name)s is not base64: send the file\'s '
                    "bytes encoded in base64.",
                    name=ascii(name[:80]),
                )
            ) from error
        return (name.strip(), content)

    @api.model
    def _check_app_comment(self, comment):
        if comment is None or comment == "":
            return ""
        return self._check_app_html(comment, "comment")

    @api.model
    def _check_app_number(self, value, name, minimum, maximum=None):
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            raise UserError(
                self.env._(
                    "%(name)s must be a whole number from %(min)s to %(max)s; got "
                    "%(value)s.",
                    name=name,
                    min=minimum,
                    max=maximum,
                    value=value,
                )
                if maximum is not None
                else self.env._(
                    "%(name)s must be a whole number, %(min)s or more; got %(value)s.",
                    name=name,
                    min=minimum,
                    value=value,
                )
            )
        return value

    @api.model
    def _check_app_id(self, value, name):
        if value is None or value is False:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise UserError(
                self.env._(
                    "%(name)s must be the id of a record; got %(value)s.",
                    name=name,
                    value=value,
                )
            )
        return value

    @api.model
    def _get_app_category_domain(self):
        """The categories the user may pick: the portal's for clients."""
        domain = [("active", "=", True)]
        if self.env.user.share:
            domain.append(("show_in_portal", "=", True))
        return domain

    @api.model
    def _check_app_category(self, category_id):
        Category = self.env["helpdesk.ticket.category"]
        category_id = self._check_app_id(category_id, "category_id")
        if category_id is None:
            return Category
        category = Category.search(
            [("id", "=", category_id), *self._get_app_category_domain()]
        )
        if not category:
            raise UserError(
                self.env._(
                    "Category %(id)s is not one you can pick; yours are: "
                    "%(categories)s.",
                    id=category_id,
                    categories=", ".join(
                        f"{category.id} ({category.name})"
                        for category in Category.search(self._get_app_category_domain())
                    ),
                )
            )
        return category

    @api.model
    def _check_app_system(self, system_id):
        System = self.env["revo.helpdesk.system"]
        system_id = self._check_app_id(system_id, "system_id")
        if system_id is None:
            return System
        system = System._get_offered_systems().filtered(lambda s: s.id == system_id)
        if not system:
            raise UserError(
                self.env._(
                    "System %(id)s is not one of yours: give one of your "
                    "company's systems (a reseller: one of its clients'), or "
                    "none.",
                    id=system_id,
                )
            )
        return system

    @api.model
    def _check_app_channel(self, channel):
        if channel not in APP_CHANNELS:
            raise UserError(
                self.env._(
                    'Unknown channel "%(channel)s": use %(allowed)s.',
                    channel=channel,
                    allowed=", ".join(APP_CHANNELS),
                )
            )
        return self.env.ref(APP_CHANNELS[channel])
