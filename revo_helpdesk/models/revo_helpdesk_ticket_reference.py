# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class RevoHelpdeskTicketReference(models.AbstractModel):
    """A record naming tickets in many2one fields. Its form and its reads
    show their names (read as superuser, as every many2one is), and the
    values computed from them, even before anything is saved: values naming
    a ticket (given, defaults or changed in a form) are refused unless the
    user may read it, or do what `_ticket_access` asks of it."""

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_ticket_references(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_ticket_references(vals)
        return super().write(vals)

    @api.model
    def _check_ticket_references(self, values):
        if self.env.su:
            return
        given = {name: values[name] for name in self._ticket_access if values.get(name)}
        if not given:
            return
        # As the record would hold them: an id, a pair, or a new record made
        # on an existing ticket.
        record = self.new(given)
        for name in given:
            record[name]._origin.check_access(self._ticket_access[name])
