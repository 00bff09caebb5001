# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Similar resolved tickets, suggested on the form and rated by their readers."""

import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL, html2plaintext

# Similar tickets: how many the form shows, out of how many nearest by text,
# how much text of a ticket is compared, and what one vote weighs against a
# similarity between 0 and 1.
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 20
SIMILARITY_TEXT_SIZE = 64
FEEDBACK_WEIGHT = 0.1
SIMILARITY_FTS_INDEX = "helpdesk_ticket_similarity_text_fts_index"
# How many matching texts the suggestion query scores at most: more than
# ordinary text matches (about 1,300 of 100,000 tickets), a bound that keeps
# the form fast when an outage brings thousands of tickets with the same words.
SIMILAR_SCAN_LIMIT = 2000


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    similarity_text = fields.Char(
        compute="_compute_similarity_text",
        store=True,
        index="trigram",
        help="The subject and the start of the description, as plain text: "
        "what similar tickets are found by.",
    )
    similar_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        compute="_compute_similar_ticket_ids",
        string="Similar Resolved Tickets",
    )

    @api.depends("name", "description")
    def _compute_similarity_text(self):
        for ticket in self:
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.similarity_text = " ".join(text.split())[:SIMILARITY_TEXT_SIZE]

    @api.depends("similarity_text")
    @api.depends_context("uid")
    def _compute_similar_ticket_ids(self):
        for ticket in self:
            ticket.similar_ticket_ids = ticket._get_similar_tickets()

    @api.readonly
    def read_similar_tickets(self):
        """The similar tickets panel of the form, asked for when its tab opens:
        each suggestion's number, title, resolution (its label) and closing
        date."""
        self.ensure_one()
        self.check_access("read")
        labels = dict(self._fields["resolution"]._description_selection(self.env))
        return [
            {
                "id": ticket.id,
                "number": ticket.number,
                "name": ticket.name,
                "resolution": labels.get(ticket.resolution, ""),
                "closed_date": fields.Datetime.to_string(ticket.closed_date),
            }
            for ticket in self.similar_ticket_ids
        ]

    def _get_similar_candidate_domain(self):
        """The tickets worth suggesting for this one: other resolved tickets.
        Override to narrow or widen."""
        self.ensure_one()
        return [
            ("id", "!=", self.id),
            ("stage_id.closed", "=", True),
            (
                "stage_id",
                "not in",
                list(self.env["helpdesk.ticket.stage"]._get_canceled_ids()),
            ),
        ]

    def _get_similar_tickets(self, limit=SIMILAR_LIMIT):
        """The resolved tickets the current user may read whose text is
        nearest this ticket's, in one query: the tickets matching the text
        through its index (trigram similarity; full-text search when pg_trgm
        is missing), kept when the record rules and the candidate domain let
        them, the SIMILAR_CANDIDATES nearest ranked again with the votes given
        on them for this ticket; those the current user marked unhelpful are
        left out."""
        self.ensure_one()
        if not self.id or not self.similarity_text:
            return self.browse()
        self.flush_recordset(["similarity_text"])
        self.env["revo.helpdesk.ticket.feedback"].flush_model()
        text_match, score = self._get_similarity_sql()
        query = self._search(self._get_similar_candidate_domain())
        ticket_id = SQL.identifier(query.table, "id")
        match = SQL.identifier("similar_match")
        query.add_join(
            "JOIN",
            "similar_match",
            None,
            SQL("%s = %s", SQL.identifier("similar_match", "id"), ticket_id),
        )
        query.order = SQL(
            "%s DESC, %s DESC",
            SQL.identifier("similar_match", "score"),
            ticket_id,
        )
        query.limit = SIMILAR_CANDIDATES
        rows = self.env.execute_query(
            SQL(
                """
                -- Materialized: the text condition alone picks the rows,
                -- through its index, whatever PostgreSQL guesses of its
                -- selectivity next to the other conditions.
                WITH %(match)s AS MATERIALIZED (
                    SELECT id, %(score)s AS score
                      FROM helpdesk_ticket
                     WHERE %(text_match)s
                     LIMIT %(scan)s
                )
                SELECT candidate.id
                  FROM (%(candidates)s) candidate
             LEFT JOIN (
                    SELECT suggested_ticket_id,
                           SUM(CASE WHEN vote = 'up' THEN 1 ELSE -1 END) AS votes,
                           BOOL_OR(user_id = %(uid)s AND vote = 'down') AS rejected
                      FROM revo_helpdesk_ticket_feedback
                     WHERE ticket_id = %(ticket)s
                  GROUP BY suggested_ticket_id
                       ) feedback ON feedback.suggested_ticket_id = candidate.id
                 WHERE feedback.rejected IS NOT TRUE
              ORDER BY candidate.score + %(weight)s * COALESCE(feedback.votes, 0) DESC,
                       candidate.id DESC
                 LIMIT %(limit)s
                """,
                match=match,
                score=score,
                text_match=text_match,
                scan=SIMILAR_SCAN_LIMIT,
                candidates=query.select(
                    ticket_id, SQL.identifier("similar_match", "score")
                ),
                uid=self.env.uid,
                ticket=self.id,
                weight=FEEDBACK_WEIGHT,
                limit=limit,
            )
        )
        return self.browse(row[0] for row in rows)

    def _get_similarity_sql(self):
        """The condition and the score comparing the tickets' text with this
        one's, written as the index on similarity_text is (trigram, with
        unaccent when Odoo indexes with it; else full text)."""
        column = SQL.identifier("similarity_text")
        text = self.similarity_text
        registry = self.env.registry
        if registry.has_trigram:
            if registry.has_unaccent == FunctionStatus.INDEXABLE:
                column, text = registry.unaccent(column), registry.unaccent(text)
            return (
                SQL("%s %% %s", column, text),
                SQL("similarity(%s, %s)", column, text),
            )
        vector = SQL("to_tsvector('simple', %s)", column)
        words = dict.fromkeys(re.findall(r"\w+", text.lower()))
        tsquery = SQL("to_tsquery('simple', %s)", " | ".join(f"'{w}'" for w in words))
        return SQL("%s @@ %s", vector, tsquery), SQL("ts_rank(%s, %s)", vector, tsquery)

    def init(self):
        result = super().init()
        # Without pg_trgm (no trigram index), similar tickets are found by
        # full-text search, which needs its own index.
        if not self.env.registry.has_trigram:
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket "
                    "USING gin (to_tsvector('simple', similarity_text))",
                    SQL.identifier(SIMILARITY_FTS_INDEX),
                )
            )
        return result

    def _get_viewed_ticket(self):
        """The ticket whose similar tickets panel the user acts from."""
        ticket = self.browse(self.env.context.get("revo_similar_to")).exists()
        if not ticket:
            raise UserError(
                self.env._(
                    "Open the ticket the suggestion was made for, then vote from "
                    "its Similar Tickets panel."
                )
            )
        ticket.check_access("read")
        return ticket

    def action_similar_helpful(self):
        """Thumbs up on a suggestion (this ticket) of the viewed ticket."""
        self.ensure_one()
        self._get_viewed_ticket()._set_suggestion_feedback(self, "up")
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_similar_unhelpful(self):
        """Thumbs down: the suggestion disappears for the current user."""
        self.ensure_one()
        self._get_viewed_ticket()._set_suggestion_feedback(self, "down")
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _set_suggestion_feedback(self, suggested, vote):
        self.ensure_one()
        Feedback = self.env["revo.helpdesk.ticket.feedback"]
        feedback = Feedback.search(
            [
                ("user_id", "=", self.env.uid),
                ("ticket_id", "=", self.id),
                ("suggested_ticket_id", "=", suggested.id),
            ]
        )
        if feedback:
            feedback.vote = vote
        else:
            Feedback.create(
                {
                    "ticket_id": self.id,
                    "suggested_ticket_id": suggested.id,
                    "vote": vote,
                }
            )
