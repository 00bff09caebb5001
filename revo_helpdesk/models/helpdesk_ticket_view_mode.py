# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner view mode: the open/closed state and Update, Close Ticket, Reopen."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

# The ticket's state as partners read it: open, or closed (resolved or canceled).
TICKET_STATES = [
    ("open", "Ticket Open"),
    ("closed", "Ticket Closed"),
]
# The partner list, as the partner guide names its columns: the fields behind
# them and its order, newest update first. The back office's list view, the
# portal's list and the app's (app_list_tickets) show the same.
PARTNER_LIST_COLUMNS = {
    "number": "number",
    "subject": "name",
    "entity": "commercial_partner_id",
    "system": "system_id",
    "created_at": "create_date",
    "last_update": "last_action_date",
    "state": "ticket_state",
}
PARTNER_LIST_ORDER = "last_action_date desc, id desc"
# Files one reply may carry, on the portal and in the app, and the longest
# name each may have.
MAX_REPLY_FILES = 10
MAX_FILE_NAME_LENGTH = 255


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    ticket_state = fields.Selection(
        selection=TICKET_STATES,
        string="State",
        compute="_compute_ticket_state",
        store=True,
        help="Open while the reported issue is underway; closed once it is "
        "resolved or canceled. A closed ticket can be reopened.",
    )

    @api.depends("stage_id.closed")
    def _compute_ticket_state(self):
        for ticket in self:
            ticket.ticket_state = "closed" if ticket.stage_id.closed else "open"

    def _get_view_mode_moves(self, user):
        """The moves behind 'Close ticket' and 'Reopen' that `user` may make
        on this ticket now: {'close': transition, 'reopen': transition}."""
        self.ensure_one()
        allowed = self._get_allowed_transitions(user)[self].filtered(
            lambda t: t._is_direct()
        )
        return {
            "close": allowed.filtered(
                lambda t: t.stage_to_id.closed and t.requirement != "cancellation"
            )[:1],
            "reopen": allowed.filtered(lambda t: not t.stage_to_id.closed)[:1]
            if self.closed
            else allowed.browse(),
        }

    def _is_view_mode_ticket(self, user):
        """Whether `user` gets the partner view mode on this ticket: a client
        ticket, seen by its own client company or by a reseller who may edit
        it."""
        self.ensure_one()
        if self.origin != "client":
            return False
        if user.share:
            return user.partner_id.commercial_partner_id == self.commercial_partner_id
        return self.with_user(user).has_access("write")

    def _check_view_mode_access(self, user):
        if not self._is_view_mode_ticket(user):
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be updated or closed this way: Update and "
                    "Close Ticket are for client tickets, by their client or "
                    "reseller.",
                    ticket=self.display_name,
                )
            )

    def _is_canceled(self):
        self.ensure_one()
        return self.stage_id.id in self.stage_id._get_canceled_ids()

    def _check_view_mode_action(self, action, user):
        """Refuse what the partner view mode cannot do, before anything is
        posted; return the move the action makes (none for an update)."""
        self.ensure_one()
        self._check_view_mode_access(user)
        moves = self._get_view_mode_moves(user)
        if action == "update":
            return moves["close"].browse()
        if action == "close":
            if self.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is already closed (%(stage)s): post an update "
                        "or reopen it.",
                        ticket=self.display_name,
                        stage=self.stage_id.name,
                    )
                )
            if not moves["close"]:
                raise UserError(
                    self.env._(
                        "%(ticket)s cannot be closed while it is in %(stage)s: "
                        "post an update instead.",
                        ticket=self.display_name,
                        stage=self.stage_id.name,
                    )
                )
            return moves["close"]
        if action == "reopen":
            if not self.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is open: there is nothing to reopen.",
                        ticket=self.display_name,
                    )
                )
            if self._is_canceled():
                raise UserError(
                    self.env._(
                        "%(ticket)s was canceled and cannot be reopened: open a "
                        "new ticket instead.",
                        ticket=self.display_name,
                    )
                )
            if not moves["reopen"]:
                raise UserError(
                    self.env._(
                        "You may not reopen %(ticket)s.", ticket=self.display_name
                    )
                )
            return moves["reopen"]
        raise UserError(
            self.env._(
                "Unknown action %(action)s: use update, close or reopen.",
                action=action,
            )
        )

    def _post_view_mode_update(self, body, action, user=None, files=()):
        """The partner view mode: post `body` (and `files`, (file name,
        content) pairs) for the client to read, then keep the ticket's state
        (update), close it or reopen it."""
        self.ensure_one()
        user = user or self.env.user
        self._check_reply_files(files)
        # The portal acts as superuser: the move and its log name the client.
        ticket = self.with_user(user).sudo() if self.env.su else self
        transition = ticket._check_view_mode_action(action, user)
        if action == "update":
            self._check_written(body, self.env._("a comment"), files=files)
        if is_html_empty(body) and user.share and action != "update":
            # The reseller hears of a client's close or reopen as of a reply.
            body = Markup("<p>%s</p>") % (
                self.env._("I closed the ticket.")
                if action == "close"
                else self.env._("I reopened the ticket.")
            )
        # The move first: a client's comment posted while the ticket waits on
        # the client would move it on its own, ahead of the asked move.
        if transition:
            ticket._apply_transition(transition, user=user)
        if not is_html_empty(body) or files:
            # Posted as the user (even through the portal's superuser), so
            # that Odoo keeps a client's web page or script as plain text.
            ticket.message_post(
                body=body,
                attachments=list(files),
                message_type="comment",
                author_id=user.partner_id.id,
                # A client's comment is a reply; a reseller's is an Add Note,
                # which its client reads.
                subtype_xmlid="mail.mt_comment" if user.share else "mail.mt_note",
            )

    @api.model
    def _check_reply_files(self, files):
        """Refuse, before anything is written, more files than a reply (or a
        new ticket) takes and names no file holds; `files` are (file name,
        content) pairs."""
        if len(files) > MAX_REPLY_FILES:
            raise UserError(
                self.env._(
                    "Send at most %(max)s files at a time; got %(count)s.",
                    max=MAX_REPLY_FILES,
                    count=len(files),
                )
            )
        for name, _content in files:
            if not self._is_keepable_file_name(name):
                raise UserError(
                    self.env._(
                        "A file name cannot be kept: name each file with at most "
                        "%(max)s printable characters, as photo.png; got %(name)s.",
                        max=MAX_FILE_NAME_LENGTH,
                        name=ascii(name[:80]),
                    )
                )

    @api.model
    def _is_keepable_file_name(self, name):
        # Not printable: NUL (PostgreSQL refuses it), other control and
        # format characters (a right-to-left mark disguises an extension),
        # lone surrogates (no UTF-8).
        return (
            bool(name.strip())
            and name.isprintable()
            and len(name) <= MAX_FILE_NAME_LENGTH
        )
