# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

# The ticket fields the JSON export may return (all of them by default).
JSON_EXPORT_FIELDS = (
    "number",
    "name",
    "description",
    "stage_id",
    "stage_owner",
    "origin",
    "reseller_id",
    "partner_id",
    "user_id",
    "team_id",
    "category_id",
    "priority",
    "tag_ids",
    "escalated",
    "is_stalled",
    "blocked",
    "moving_speed",
    "resolution",
    "impact",
    "cancel_reason",
    "linked_ticket_ids",
    "incident_name",
    "dev_reference",
    "expected_release_date",
    "create_date",
    "last_stage_update",
    "closed_date",
)
# What a portal client may export of its tickets: the partner list's facts,
# none of REVO's or its reseller's internals.
JSON_EXPORT_PORTAL_FIELDS = (
    "number",
    "name",
    "description",
    "stage_id",
    "category_id",
    "priority",
    "create_date",
    "last_stage_update",
    "closed_date",
)
# Paths a domain may filter on besides the exported fields themselves: a
# domain may not reach into messages or other records through the ticket.
JSON_EXPORT_DOMAIN_PATHS = ("id", "stage_id.closed")
JSON_EXPORT_MAX_LIMIT = 1000


class RevoHelpdeskExportController(http.Controller):
    @http.route(
        "/revo_helpdesk/tickets.json",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def export_tickets_json(self, fields=None, domain=None, limit=None, offset=0):
        """Export tickets as JSON, as the logged-in user sees them.

        Query parameters, all optional:

        - ``fields``: comma-separated names among JSON_EXPORT_FIELDS (default:
          all of them);
        - ``domain``: an Odoo domain as JSON, e.g. ``[["stage_id.closed", "=",
          false]]``;
        - ``limit`` (default and maximum 1000) and ``offset``: one page.

        Answers ``{"count": <tickets matching>, "offset": ..., "limit": ...,
        "tickets": [{"id": ..., <field>: ...}, ...]}``, ordered by id;
        many2one values are ``[id, name]``, x2many values lists of ids. The
        user's access rights and record rules apply: a reseller gets its
        own tickets only. Bad parameters answer status 400 with an
        ``error`` message.
        """
        try:
            field_names = self._parse_export_fields(fields)
            domain = self._parse_export_domain(domain)
            limit, offset = self._parse_export_page(limit, offset)
            Ticket = request.env["helpdesk.ticket"]
            tickets = Ticket.search(domain, limit=limit, offset=offset, order="id")
            data = {
                "count": Ticket.search_count(domain),
                "offset": offset,
                "limit": limit,
                "tickets": tickets.read(field_names),
            }
        except (UserError, ValidationError, AccessError, ValueError) as error:
            return request.make_json_response({"error": str(error)}, status=400)
        return request.make_json_response(data)

    def _get_export_fields(self):
        """The fields the current user may export."""
        if request.env.user.share:
            return JSON_EXPORT_PORTAL_FIELDS
        return JSON_EXPORT_FIELDS

    def _parse_export_fields(self, fields):
        allowed = self._get_export_fields()
        if not fields:
            return list(allowed)
        names = [name.strip() for name in fields.split(",") if name.strip()]
        unknown = [name for name in names if name not in allowed]
        if unknown:
            raise UserError(
                request.env._(
                    "Unknown export fields: %(unknown)s. Allowed: %(allowed)s.",
                    unknown=", ".join(unknown),
                    allowed=", ".join(allowed),
                )
            )
        return names

    def _parse_export_domain(self, domain):
        if not domain:
            return Domain.TRUE
        try:
            domain = Domain(json.loads(domain))
            domain.validate(request.env["helpdesk.ticket"])
        except (ValueError, TypeError) as error:
            raise UserError(
                request.env._(
                    "The domain is not a valid Odoo domain in JSON, such as "
                    '[["stage_id.closed", "=", false]]: %(error)s',
                    error=error,
                )
            ) from error
        allowed = (*self._get_export_fields(), *JSON_EXPORT_DOMAIN_PATHS)
        refused = sorted(
            {
                condition.field_expr
                for condition in domain.iter_conditions()
                if condition.field_expr not in allowed
            }
        )
        if refused:
            raise UserError(
                request.env._(
                    "The domain may only filter on %(allowed)s, not on %(refused)s.",
                    allowed=", ".join(allowed),
                    refused=", ".join(refused),
                )
            )
        return domain

    def _parse_export_page(self, limit, offset):
        try:
            limit = int(limit) if limit else JSON_EXPORT_MAX_LIMIT
            offset = int(offset or 0)
        except ValueError as error:
            raise UserError(
                request.env._("limit and offset must be whole numbers.")
            ) from error
        if not 0 < limit <= JSON_EXPORT_MAX_LIMIT or offset < 0:
            raise UserError(
                request.env._(
                    "limit must be between 1 and %(max)s and offset 0 or more.",
                    max=JSON_EXPORT_MAX_LIMIT,
                )
            )
        return limit, offset
