# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read-path tuning of the ticket form (see web_read): why it exists is said there."""

from itertools import repeat

from odoo import api, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    @api.readonly
    def web_read(self, specification):
        # A form reads one ticket: a few batches here save it a search and a
        # query per partner that web_read would make (a list or a kanban
        # column reads each partner field in one query already).
        attached = "incident_ticket_ids" in specification
        named_fields = (
            self._get_fields_naming_partners(specification) if len(self) == 1 else []
        )
        if attached or len(named_fields) > 1:
            tickets = self._fetch_for_web_read(specification)
            if attached:
                tickets._cache_no_attached_tickets()
            if len(named_fields) > 1:
                tickets._cache_partner_display_names(named_fields)
        return super().web_read(specification)

    def _get_fields_naming_partners(self, specification):
        """The many-to-one fields to partners, and to users (named after
        their partner), whose display name `specification` asks for in the
        context web_read reads them with."""
        return [
            name
            for name, field_spec in specification.items()
            if (field := self._fields.get(name))
            and field.type == "many2one"
            and field.comodel_name in ("res.partner", "res.users")
            and "display_name" in field_spec.get("fields", ())
            and "context" not in field_spec
        ]

    def _fetch_for_web_read(self, specification):
        """Fetch the fields `specification` names, and the incident flag, in
        one query (the attached tickets aside: fetching them is the search
        to spare); return the tickets found, leaving read() to refuse the
        others as it would."""
        return (
            self.with_context(active_test=False)
            .search_fetch(
                [("id", "in", self._origin.ids)],
                [name for name in specification if name != "incident_ticket_ids"]
                + ["is_incident"],
                order="id",
            )
            .with_env(self.env)
        )

    def _cache_no_attached_tickets(self):
        """Put the attached tickets of the ordinary tickets in the cache as
        none, known without a search, so that their form does not look for
        any."""
        ordinary = self.filtered(lambda ticket: not ticket.is_incident)
        self._fields["incident_ticket_ids"]._insert_cache(
            ordinary, repeat((), len(ordinary))
        )

    def _cache_partner_display_names(self, field_names):
        """Read the partners that `field_names` name, and the partners of the
        users they name (whose name a user's is), in one query, and compute
        the partners' display names in one batch, as web_read reads them: as
        superuser."""
        named = [self.mapped(name).sudo() for name in field_names]
        Partner = self.env["res.partner"].sudo()
        partners = Partner.union(*(r for r in named if r._name == "res.partner"))
        everyone = partners.union(
            *(r.partner_id for r in named if r._name == "res.users")
        )
        partners.with_prefetch(everyone._prefetch_ids).mapped("display_name")
