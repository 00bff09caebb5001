# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Linked tickets, and series of tickets created one after another."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    link_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="revo_helpdesk_ticket_link_rel",
        column1="ticket_id",
        column2="linked_ticket_id",
        string="Links Made Here",
        copy=False,
    )
    linked_by_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="revo_helpdesk_ticket_link_rel",
        column1="linked_ticket_id",
        column2="ticket_id",
        string="Links Made There",
        copy=False,
    )
    # Whether a link was made to or from this ticket: only then does its form
    # look for linked tickets. May stay set after the linked ticket is
    # deleted, which costs that one search and nothing else.
    has_links = fields.Boolean(compute="_compute_has_links", store=True)
    linked_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        compute="_compute_linked_ticket_ids",
        inverse="_inverse_linked_ticket_ids",
        search="_search_linked_ticket_ids",
        string="Linked Tickets",
        help="Related tickets, whichever of the two the link was made from.",
    )

    @api.depends("link_ids", "linked_by_ids")
    def _compute_has_links(self):
        # From the link table itself: the cached links can be the editor's
        # view of them, without the archived tickets or the ones it may not
        # read.
        linked = self._get_ids_with_links()
        for ticket in self:
            ticket.has_links = (
                ticket._origin.id in linked
                if ticket._origin
                else bool(ticket.link_ids or ticket.linked_by_ids)
            )

    def _get_ids_with_links(self):
        """The ids of these tickets that a link names, on either side."""
        return {
            ticket_id
            for one, _one_active, other, _other_active in self._read_link_rows(
                self._origin.ids
            )
            for ticket_id in (one, other)
        }

    def _read_link_rows(self, ids):
        """The links naming any of `ids`, on either side, as rows of (ticket,
        its active flag, linked ticket, its active flag), from the link table
        itself."""
        if not ids:
            return []
        self.flush_model(["link_ids", "linked_by_ids", "active"])
        return self.env.execute_query(
            SQL(
                """SELECT link.ticket_id, one.active,
                          link.linked_ticket_id, other.active
                     FROM revo_helpdesk_ticket_link_rel link
                     JOIN helpdesk_ticket one ON one.id = link.ticket_id
                     JOIN helpdesk_ticket other ON other.id = link.linked_ticket_id
                    WHERE link.ticket_id IN %(ids)s
                       OR link.linked_ticket_id IN %(ids)s""",
                ids=tuple(ids),
            )
        )

    # Depending on has_links brings it in the ticket's own query.
    @api.depends("has_links", "link_ids", "linked_by_ids")
    @api.depends_context("uid")
    def _compute_linked_ticket_ids(self):
        links = self._get_readable_links()
        for ticket in self:
            ticket.linked_ticket_ids = links[ticket.id]

    def _get_readable_links(self):
        """Map each ticket's id to the tickets linked to it either way (the
        active ones unless active_test is off), read in one query for the
        tickets that have links and filtered by access again, whatever the
        cache holds: a reseller never sees a link to another reseller's
        ticket that REVO made."""
        links = defaultdict(list)
        ids = self._origin.filtered("has_links").ids
        archived_too = not self.env.context.get("active_test", True)
        for one, one_active, other, other_active in self._read_link_rows(ids):
            if other_active or archived_too:
                links[one].append(other)
            if one_active or archived_too:
                links[other].append(one)
        readable = self.browse(
            {linked for ticket_id in ids for linked in links[ticket_id]}
        )._filtered_access("read")
        return {
            ticket.id: readable & self.browse(links[ticket._origin.id])
            for ticket in self
        }

    def _inverse_linked_ticket_ids(self):
        current_links = self._get_readable_links()
        for ticket in self:
            current = current_links[ticket.id]
            added = ticket.linked_ticket_ids - current - ticket
            removed = current - ticket.linked_ticket_ids
            # Only tickets the user may read can be linked (and, reading
            # links through record rules, only those can be unlinked).
            added.check_access("read")
            # The links themselves are the module's to write (link_ids and
            # linked_by_ids are no role's fields).
            sudo_ticket = ticket.sudo()
            sudo_ticket.link_ids = [
                *(fields.Command.link(t.id) for t in added),
                *(fields.Command.unlink(t.id) for t in removed),
            ]
            sudo_ticket.linked_by_ids = [fields.Command.unlink(t.id) for t in removed]

    def _search_linked_ticket_ids(self, operator, value):
        return Domain("link_ids", operator, value) | Domain(
            "linked_by_ids", operator, value
        )

    def action_create_and_new(self):
        """Create multiple: the ticket is saved; open a new one in the same
        dialog, keeping the values that tickets of a series share."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "revo_helpdesk.helpdesk_ticket_action_new_dialog"
        )
        action["context"] = {
            "default_team_id": self.team_id.id,
            "default_partner_id": self.partner_id.id,
            "default_category_id": self.category_id.id,
            "default_priority": self.priority,
            "default_tag_ids": self.tag_ids.ids,
            "default_linked_ticket_ids": self.linked_ticket_ids.ids,
        }
        return action
