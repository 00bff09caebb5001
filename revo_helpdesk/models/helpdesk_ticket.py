# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Core of the ticket: the queue order, numbering, and create/write as a list
of steps."""

from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # The queues: top priority first, then first come, first served.
    _order = "top_priority desc, create_date, id"

    number = fields.Char(index=True)
    # Every ticket form reads the duplicates of its ticket (duplicate_ids):
    # without an index, PostgreSQL scans all tickets for them.
    duplicate_id = fields.Many2one(index="btree_not_null")
    # mail searches these without the messages' own access (REVO notes hidden
    # from resellers, internal messages from clients): a reseller or a client
    # filtering its tickets on the messages' text would read them by guessing.
    message_ids = fields.One2many(bypass_search_access=False)
    website_message_ids = fields.One2many(bypass_search_access=False)
    # The team's members, found through the users' teams: the form and the
    # card then need not read the team's users (user_ids) to offer them.
    user_id = fields.Many2one(
        domain="team_id and [('share', '=', False), "
        "('helpdesk_team_ids', 'in', [team_id])] or [('share', '=', False)]"
    )
    # The kanban reads each stage column's first cards, and a search its first
    # cards, in the queue order (_order; the ORM sorts a boolean on
    # COALESCE(top_priority, FALSE)): walking these indexes, PostgreSQL reads
    # 40 tickets instead of sorting all of them.
    _queue_order_idx = models.Index(
        "((COALESCE(top_priority, FALSE)) DESC, create_date, id)"
    )
    _queue_stage_order_idx = models.Index(
        "(stage_id, (COALESCE(top_priority, FALSE)) DESC, create_date, id)"
    )
    # A reseller's columns (its record rule names the reseller): without the
    # reseller first, PostgreSQL walks every other reseller's tickets of the
    # stage to find its 40.
    _queue_reseller_order_idx = models.Index(
        "(reseller_id, stage_id, (COALESCE(top_priority, FALSE)) DESC, create_date, id)"
    )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """A reseller-workflow team shows its own columns only, in order."""
        team_id = self.default_get(["team_id"]).get("team_id")
        team = self.env["helpdesk.ticket.team"].browse(team_id)
        if team.reseller_workflow:
            columns = stages.search([("team_ids", "=", team.id)])
            if self._is_board_domain(domain):
                # The columns of the user's board, and those where its
                # tickets sit beyond it.
                columns = (
                    columns.filtered_domain(self._get_board_stage_domain()) | stages
                )
                return columns.search([("id", "in", columns.ids)])
            return columns
        return super()._read_group_stage_ids(stages, domain)

    @api.model_create_multi
    def create(self, vals_list):
        # Tickets created together mostly share their team and entry stage:
        # each is looked up once for the batch.
        lookups = {}
        for vals in vals_list:
            self._check_fields_writable(vals, creating=True)
        asked_stages = [
            self._prepare_reseller_workflow_vals(vals, lookups) for vals in vals_list
        ]
        self._claim_incidents({vals.get("incident_id") for vals in vals_list})
        tickets = super().create(vals_list)
        tickets._get_service_target_tickets()._start_response_clock()
        tickets._move_to_asked_stages(asked_stages)
        if not self._is_told_otherwise_of_new_tickets():
            tickets.filtered(
                lambda ticket: ticket.origin == "client" and not ticket.closed
            )._notify_reseller_of_new_tickets()
        return tickets

    def _is_told_otherwise_of_new_tickets(self):
        """An import tells nobody; a client's email reaches its reseller
        itself (message_new, on the mail gateway, which runs as superuser)."""
        context = self.env.context
        return context.get("import_file") or (
            self.env.su and context.get("revo_email_tells_reseller")
        )

    def write(self, vals):
        # The steps of a write: refuse and complete the values, check the
        # move to another stage, write, then what the write and the move
        # bring about.
        vals = self._prepare_write_vals(vals)
        stage_to = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        moving = self.filtered(lambda ticket: stage_to and ticket.stage_id != stage_to)
        transitions, move_log = moving._check_move(stage_to, vals)
        if stage_to:
            vals = dict(vals, **stage_to._get_reached_flags())
        result = super().write(vals)
        self._after_write(vals)
        moving._after_move(stage_to, transitions, move_log)
        return result

    def _prepare_write_vals(self, vals):
        """Refuse what the user may not write on these tickets, and return
        `vals` with what the write implies."""
        self._check_fields_writable(vals)
        if "stage_id" in vals or "user_id" in vals:
            vals = dict(vals, last_action_date=fields.Datetime.now())
        if "partner_id" in vals or "reseller_id" in vals:
            self._check_reseller_vals(vals)
        if vals.get("incident_id"):
            self._claim_incidents({vals["incident_id"]})
        if "stage_id" in vals or "team_id" in vals:
            self._check_workflow_exit(vals)
        if vals.get("team_id"):
            self._give_origin_on_joining(vals["team_id"])
        return vals

    def _after_write(self, vals):
        if "category_id" in vals:
            self._restart_response_clock()
        if vals.get("user_id") and not vals.get("stage_id"):
            self._move_on_assignment()

    def action_open_ticket(self):
        """Open this ticket in full (a suggestion or a linked ticket)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
