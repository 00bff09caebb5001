# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_ticket_stage import STAGE_OWNERS
from .revo_helpdesk_transition import TRANSITION_REQUIREMENTS


class RevoHelpdeskTicketMove(models.Model):
    """One stage change of a reseller-workflow ticket: who made it, by which
    move, and how long the ticket had waited in the stage it left. The time
    per side and the escalation reports read it."""

    _name = "revo.helpdesk.ticket.move"
    _description = "Ticket Move"
    _order = "date desc, id desc"
    # Written once, never edited, and carrying its own user and date: the
    # create/write columns would only cost every stage change two more
    # foreign-key checks per ticket.
    _log_access = False

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    reseller_id = fields.Many2one(comodel_name="res.partner", index=True)
    stage_from_id = fields.Many2one(comodel_name="helpdesk.ticket.stage")
    stage_to_id = fields.Many2one(comodel_name="helpdesk.ticket.stage")
    side = fields.Selection(
        selection=STAGE_OWNERS,
        help="Who had the ticket before this move.",
    )
    transition_id = fields.Many2one(comodel_name="revo.helpdesk.transition")
    # Copied from the move when it is made: a fact of the past that editing
    # the move table later does not rewrite (and no second write per move).
    requirement = fields.Selection(selection=TRANSITION_REQUIREMENTS)
    info_request = fields.Boolean(
        help="The move sent the ticket back to the reseller for information."
    )
    override = fields.Boolean(help="A manager's move outside the workflow.")
    ticket_escalated = fields.Boolean(
        help="The ticket had been escalated by its reseller when it moved."
    )
    duration_hours = fields.Float(
        string="Hours In Previous Stage",
        aggregator="sum",
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Moved By")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
