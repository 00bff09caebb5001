# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError
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
