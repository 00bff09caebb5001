# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal_thread import PortalChatter

from ..models.helpdesk_ticket_view_mode import PARTNER_LIST_ORDER

# Where the ticket page finds why the view mode refused the last action.
PORTAL_ERROR_KEY = "revo_helpdesk_view_mode_error"


def reads_only(controller, rule, args):
    """The mode of a route that only reads, which Odoo may then serve from a
    read replica. Given as a function because Odoo keeps an overriding
    route's `readonly=True` to its parent's read/write mode."""
    return True


class RevoPortalChatter(PortalChatter):
    @http.route()
    def portal_message_fetch(self, thread_model, thread_id, fetch_params=None, **kw):
        if thread_model == "helpdesk.ticket":
            # A ticket's conversation is for those who may read the ticket or
            # hold its link: anybody else learns nothing, not even that it is
            # empty.
            try:
                thread = self._get_thread_with_access(
                    thread_model, thread_id, token=kw.get("token")
                )
            except (TypeError, ValueError) as error:
                raise NotFound() from error
            if not thread:
                raise NotFound()
            request.update_context(revo_client_subtypes=True)
        return super().portal_message_fetch(
            thread_model, thread_id, fetch_params=fetch_params, **kw
        )


class RevoCustomerPortalHelpdesk(CustomerPortalHelpdesk):
    @http.route(readonly=reads_only)
    def portal_my_tickets(
        self, sortby=None, groupby=None, date_begin=None, date_end=None, **kw
    ):
        # Newest update first, as resellers' clients expect from their list.
        sortby = sortby or "last_update"
        self._check_ticket_list_options(sortby, groupby, date_begin, date_end)
        return super().portal_my_tickets(
            sortby=sortby,
            groupby=groupby,
            date_begin=date_begin,
            date_end=date_end,
            **kw,
        )

    def _check_ticket_list_options(self, sortby, groupby, date_begin, date_end):
        """Refuse what the list's menus do not offer (helpdesk_mgmt would fail
        on it) with a message naming what they offer."""
        sortings = self._ticket_get_searchbar_sortings()
        if sortby not in sortings:
            raise UserError(
                request.env._(
                    "Unknown sort order %(sortby)s: use one of %(allowed)s.",
                    sortby=sortby,
                    allowed=", ".join(sortings),
                )
            )
        groupings = self._ticket_get_searchbar_groupby()
        if groupby and groupby not in groupings:
            raise UserError(
                request.env._(
                    "Unknown grouping %(groupby)s: use one of %(allowed)s.",
                    groupby=groupby,
                    allowed=", ".join(groupings),
                )
            )
        for date in (date_begin, date_end):
            try:
                fields.Datetime.to_datetime(date)
            except ValueError as error:
                raise UserError(
                    request.env._(
                        "%(date)s is not a date: give dates as YYYY-MM-DD.",
                        date=date,
                    )
                ) from error

    def _ticket_get_searchbar_sortings(self):
        sortings = super()._ticket_get_searchbar_sortings()
        sortings["last_update"] = {
            "label": request.env._("Last Update"),
            "order": PARTNER_LIST_ORDER,
            "sequence": 0,
        }
        return sortings

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        user = request.env.user
        if not user._is_public() and ticket._is_view_mode_ticket(user):
            values["revo_view_mode"] = ticket._get_view_mode_moves(user)
            values["revo_error"] = request.session.pop(PORTAL_ERROR_KEY, None)
        return values

    @http.route(
        "/my/ticket/<int:ticket_id>/update",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_update(
        self, ticket_id, access_token=None, comment="", action="update", **kw
    ):
        """The view mode's buttons: post the comment, then keep the state
        (update), close the ticket or reopen it."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                ticket_sudo._post_view_mode_update(
                    plaintext2html(comment or ""),
                    action,
                    user=request.env.user,
                    files=self._get_uploaded_files("attachments"),
                )
        except UserError as error:
            # Shown on the ticket page, above the form, instead of an error
            # page; nothing of the refused action is kept.
            request.session[PORTAL_ERROR_KEY] = error.args[0]
        return request.redirect(ticket_sudo.get_portal_url())

    def _get_uploaded_files(self, name):
        """(file name, content) of each file sent as `name`; a file input left
        empty sends a part without a name, which is no file."""
        return [
            (upload.filename.strip(), upload.read())
            for upload in request.httprequest.files.getlist(name)
            if upload.filename and upload.filename.strip()
        ]
