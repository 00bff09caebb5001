# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class RevoHelpdeskTicketReference(models.AbstractModel):
    """A record naming tickets in many2one fields. Its form shows their
    names, and values computed from them, read as superuser before anything
    is saved: a default or an onchange naming a ticket is refused unless the
    user may read it (or do what `_ticket_access` asks of it)."""

    _name = "revo.helpdesk.ticket.reference"
    _description = "Record Naming Tickets"

    # The many2one fields naming a ticket, with the access to it they need.
    _ticket_access = {}

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        self._check_ticket_references(defaults)
        return defaults

    def onchange(self, values, field_names, fields_spec):
        # The first call (no field names) returns every value it is given;
        # later calls return what changed, defaults come from default_get.
        changed = field_names or list(values)
        self._check_ticket_references(
            {name: values[name] for name in changed if name in values}
        )
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _check_ticket_references(self, values):
        """Refuse `values` naming a ticket the user may not access as
        `_ticket_access` asks, in any form a many2one takes them (an id, a
        pair, a new record made on an existing ticket)."""
        given = {name: values[name] for name in self._ticket_access if values.get(name)}
        if given:
            self.new(given)._check_ticket_access()

    def _check_ticket_access(self):
        if self.env.su:
            return
        for name, operation in self._ticket_access.items():
            self[name]._origin.check_access(operation)
