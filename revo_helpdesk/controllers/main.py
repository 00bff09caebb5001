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

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["revo_systems"] = request.env[
            "revo.helpdesk.system"
        ]._get_offered_systems()
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        if kw.get("system"):
            try:
                system_id = int(kw["system"])
            except ValueError as error:
                raise UserError(
                    request.env._("Pick a system from the list.")
                ) from error
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
