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
# The operators a domain may use: no any!/not any! (they skip record rules) and
# no child_of/parent_of (tickets have no hierarchy).
JSON_EXPORT_DOMAIN_OPERATORS = (
    "=",
    "!=",
    "in",
    "not in",
    "<",
    "<=",
    ">",
    ">=",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "=like",
    "=ilike",
    "any",
    "not any",
)
SUB_DOMAIN_OPERATORS = ("any", "not any")
# A domain of allowed paths nests a few lists deep (an `any` adds two); much
# deeper input only exhausts the parser's recursion.
JSON_EXPORT_MAX_DOMAIN_DEPTH = 12
JSON_EXPORT_MAX_FIELDS_LENGTH = 1000
JSON_EXPORT_MAX_LIMIT = 1000
# PostgreSQL's OFFSET is a bigint; nobody pages that far.
JSON_EXPORT_MAX_OFFSET = 2**31 - 1


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
        if len(fields) > JSON_EXPORT_MAX_FIELDS_LENGTH:
            raise UserError(
                request.env._(
                    "The field list is longer than %(max)s characters. Allowed "
                    "fields: %(allowed)s.",
                    max=JSON_EXPORT_MAX_FIELDS_LENGTH,
                    allowed=", ".join(allowed),
                )
            )
        names = [name.strip() for name in fields.split(",") if name.strip()]
        if not names:
            # read() of no field names reads every field.
            raise UserError(
                request.env._(
                    "Name at least one field, among %(allowed)s, or leave fields "
                    "out for all of them.",
                    allowed=", ".join(allowed),
                )
            )
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
        Ticket = request.env["helpdesk.ticket"]
        try:
            value = json.loads(domain)
            if _json_depth(value) > JSON_EXPORT_MAX_DOMAIN_DEPTH:
                raise ValueError(
                    request.env._(
                        "nested more than %(max)s lists deep",
                        max=JSON_EXPORT_MAX_DOMAIN_DEPTH,
                    )
                )
            domain = Domain(value)
            domain.validate(Ticket)
            paths = self._check_export_conditions(Ticket, domain)
        except (ValueError, TypeError, KeyError, RecursionError) as error:
            raise UserError(
                request.env._(
                    "The domain is not a valid Odoo domain in JSON, such as "
                    '[["stage_id.closed", "=", false]]: %(error)s',
                    error=error,
                )
            ) from error
        allowed = (*self._get_export_fields(), *JSON_EXPORT_DOMAIN_PATHS)
        refused = sorted(set(paths) - set(allowed))
        if refused:
            raise UserError(
                request.env._(
                    "The domain may only filter on %(allowed)s, not on %(refused)s.",
                    allowed=", ".join(allowed),
                    refused=", ".join(refused),
                )
            )
        return domain

    def _check_export_conditions(self, model, domain, prefix=""):
        """Check the operators and values of `domain`'s conditions, those of
        its `any` sub-domains included, and return the paths it filters on
        (a sub-domain's paths prefixed with its field's)."""
        paths = []
        for condition in domain.iter_conditions():
            path = prefix + condition.field_expr
            if condition.operator not in JSON_EXPORT_DOMAIN_OPERATORS:
                raise ValueError(
                    request.env._(
                        "operator %(operator)s is not allowed, only %(allowed)s",
                        operator=condition.operator,
                        allowed=" ".join(JSON_EXPORT_DOMAIN_OPERATORS),
                    )
                )
            field = _get_path_field(model, condition.field_expr)
            if condition.operator in SUB_DOMAIN_OPERATORS:
                comodel = model.env[field.comodel_name] if field.relational else model
                paths += self._check_export_conditions(
                    comodel,
                    Domain(condition.value),
                    prefix=f"{path}.",
                )
                continue
            if field.type == "integer" and not _are_whole_numbers(condition.value):
                # PostgreSQL would fail on the query instead.
                raise ValueError(
                    request.env._("%(path)s takes whole numbers", path=path)
                )
            paths.append(path)
        return paths

    def _parse_export_page(self, limit, offset):
        try:
            limit = int(limit) if limit else JSON_EXPORT_MAX_LIMIT
            offset = int(offset or 0)
        except ValueError as error:
            raise UserError(
                request.env._("limit and offset must be whole numbers.")
            ) from error
        if (
            not 0 < limit <= JSON_EXPORT_MAX_LIMIT
            or not 0 <= offset <= JSON_EXPORT_MAX_OFFSET
        ):
            raise UserError(
                request.env._(
                    "limit must be between 1 and %(max)s and offset between 0 "
                    "and %(max_offset)s.",
                    max=JSON_EXPORT_MAX_LIMIT,
                    max_offset=JSON_EXPORT_MAX_OFFSET,
                )
            )
        return limit, offset


def _json_depth(value):
    """How many lists deep `value` nests, counted without recursion."""
    depth, level = 0, [value]
    while any(isinstance(node, list) for node in level):
        depth += 1
        level = [item for node in level if isinstance(node, list) for item in node]
    return depth


def _get_path_field(model, path):
    """The field a dotted path of `model` ends on (the path is validated)."""
    for name in path.split("."):
        field = model._fields[name]
        if field.relational:
            model = model.env[field.comodel_name]
    return field


def _are_whole_numbers(value):
    values = value if isinstance(value, (list, tuple)) else [value]
    return all(
        value is False or (isinstance(value, int) and not isinstance(value, bool))
        for value in values
    )
