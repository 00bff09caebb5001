# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class RevoHelpdeskTicketController(HelpdeskTicketController):
    @http.route()
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes any ticket by id with sudo; only close the
        tickets the user may read, and never a reseller-workflow ticket, which
        closes through its own moves."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(
                int(kw.get("ticket_id") or 0)
            )
            ticket.check_access("read")
        except (AccessError, MissingError, ValueError) as error:
            raise Forbidden() from error
        if ticket.team_id.reseller_workflow:
            raise Forbidden()
        return super().support_ticket_close(**kw)

    @http.route()
    def submit_ticket(self, **kw):
        # The ticket's page confirms the submission, once.
        response = super().submit_ticket(**kw)
        location = response.headers.get("Location") or ""
        if response.status_code in (301, 302, 303) and location.startswith(
            "/my/ticket/"
        ):
            response.headers["Location"] = f"{location}?created=1"
        return response

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["revo_systems"] = request.env[
            "revo.helpdesk.system"
        ]._get_offered_systems()
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        # helpdesk_mgmt reads the category and the team as ids, whatever they
        # are: what the form did not offer is refused before anything is made.
        category_id = self._parse_form_id(
            kw, "category", request.env._("Pick a category from the list.")
        )
        if category_id and category_id not in self._get_categories(**kw).ids:
            raise UserError(
                request.env._(
                    "This category is not offered: pick a category from the list."
                )
            )
        self._parse_form_id(kw, "team", request.env._("Pick a team from the list."))
        # helpdesk_mgmt keeps the form's files once the ticket is made: they
        # are held to a reply's rules first (its content is read then).
        request.env["helpdesk.ticket"]._check_reply_files(
            [
                (upload.filename, None)
                for upload in request.httprequest.files.getlist("attachment")
                if upload.filename
            ]
        )
        vals = super()._prepare_submit_ticket_vals(**kw)
        system_id = self._parse_form_id(
            kw, "system", request.env._("Pick a system from the list.")
        )
        if system_id:
            system = (
                request.env["revo.helpdesk.system"]
                ._get_offered_systems()
                .filtered(lambda s: s.id == system_id)
            )
            if not system:
                raise UserError(
                    request.env._(
                        "This system is not one of yours: pick one of your "
                        "company's systems, or none."
                    )
                )
            vals["system_id"] = system.id
        return vals

    def _parse_form_id(self, kw, key, message):
        """The record id the form's `key` gives (0 when empty); `message`
        refuses a value that is no id."""
        try:
            return int(kw.get(key) or 0)
        except ValueError as error:
            raise UserError(message) from error
