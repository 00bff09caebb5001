# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill a revo_helpdesk database with tickets of varied text and time the
similar-tickets query of the ticket form, with and without its index."""

import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config
from odoo.tools.misc import file_path

from .fixtures import generate

SIMILAR_TOPICS = 500  # groups of tickets about the same problem
SIMILAR_VIEWED = 10  # open tickets whose suggestions are timed
SIMILAR_RESOLVED_SHARE = 7  # tenths of the tickets resolved
VOCABULARY_SOURCES = ("point_of_sale", "account", "stock", "sale", "mail")


def vocabulary():
    """The 3,000 commonest words of the English messages of a few Odoo apps
    (point of sale first): the words and trigrams support tickets of a POS
    vendor are made of."""
    counts = Counter()
    for module in VOCABULARY_SOURCES:
        pot = Path(file_path(f"{module}/i18n/{module}.pot"))
        for line in pot.read_text().splitlines():
            if line.startswith("msgid "):
                counts.update(re.findall(r"[a-z]{3,}", line[6:].lower()))
    return [word for word, _n in counts.most_common(3000)]


def vary_texts(env):
    """Give every ticket its own subject and description: half of their
    words from the ticket's topic (1 of SIMILAR_TOPICS), half at random, and
    resolve SIMILAR_RESOLVED_SHARE tenths of them. similarity_text is set as
    its compute would (subject and plain description, cut to size)."""
    # Imported here: odoo.addons finds the addon only once loading the
    # registry has put the addons path on it.
    from odoo.addons.revo_helpdesk.models.helpdesk_ticket_similar import (
        SIMILARITY_TEXT_SIZE,
    )

    cr = env.cr
    words = vocabulary()
    resolved = env.ref("revo_helpdesk.stage_resolved")
    topic_word = (
        "v.w[1 + ((h.id %% %(topics)s) * 7"
        " + (1 + floor(random() * 12))::int * 13) %% %(n)s]"
    )
    random_word = "v.w[1 + floor(random() * %(n)s)::int]"
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        f"""
        WITH v AS (SELECT %(words)s::text[] AS w),
        x AS (
            SELECT h.id,
                   (SELECT string_agg(word, ' ') FROM (
                        SELECT {topic_word} AS word
                          FROM generate_series(1, 5 + h.id %% 3)) words
                   ) AS name,
                   (SELECT string_agg(word, ' ') FROM (
                        SELECT CASE WHEN random() < 0.5
                               THEN {topic_word} ELSE {random_word} END AS word
                          FROM generate_series(1, 20 + h.id %% 9)) words
                   ) AS descr
              FROM helpdesk_ticket h, v
        )
        UPDATE helpdesk_ticket t
           SET name = x.name,
               description = '<p>' || x.descr || '</p>',
               similarity_text = left(x.name || ' ' || x.descr, %(size)s),
               stage_id = CASE WHEN t.id %% 10 < %(share)s
                          THEN %(resolved)s ELSE t.stage_id END,
               stage_owner = CASE WHEN t.id %% 10 < %(share)s
                             THEN 'reseller' ELSE t.stage_owner END
          FROM x
         WHERE x.id = t.id
        """,
        {
            "topics": SIMILAR_TOPICS,
            "n": len(words),
            "words": words,
            "share": SIMILAR_RESOLVED_SHARE,
            "resolved": resolved.id,
            "size": SIMILARITY_TEXT_SIZE,
        },
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()


def time_similar(registry, uid, ticket_ids, runs, drop_indexes=()):
    """Median, 95th percentile and query count of _get_similar_tickets() as
    `uid`, each call in a fresh transaction; `drop_indexes` are dropped
    inside the transaction (and come back on rollback)."""
    times, counts, found = [], [], []
    for round_ in range(runs + 1):
        for ticket_id in ticket_ids:
            with registry.cursor() as cr:
                for index in drop_indexes:
                    cr.execute(f'DROP INDEX "{index}"')
                env = api.Environment(cr, uid, {})
                ticket = env["helpdesk.ticket"].browse(ticket_id)
                ticket.fetch(["similarity_text"])
                count, start = cr.sql_log_count, time.perf_counter()
                similar = ticket._get_similar_tickets()
                elapsed = (time.perf_counter() - start) * 1000
                if round_:  # round 0 warms up
                    times.append(elapsed)
                    counts.append(cr.sql_log_count - count)
                    found.append(len(similar))
                cr.rollback()
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "queries": max(counts),
        "suggestions": round(statistics.mean(found), 1),
        "samples": len(times),
    }


def similar_benchmark(args):
    config.parse_config(args.odoo)
    registry = Registry(args.db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        fixture = generate(env, "revo", args.size)
        vary_texts(env)
        cr.execute(
            "SELECT id FROM helpdesk_ticket t WHERE t.id %% 10 >= %s"
            " AND t.reseller_id = %s ORDER BY id LIMIT %s",
            [SIMILAR_RESOLVED_SHARE, fixture["form_reseller"], SIMILAR_VIEWED],
        )
        viewed = [row[0] for row in cr.fetchall()]
        cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'helpdesk_ticket'"
            " AND indexdef LIKE '%%similarity_text%%'"
        )
        indexes = [row[0] for row in cr.fetchall()]
    print(f"{args.db}: {args.size} tickets in {time.perf_counter() - start:.0f} s")
    result = {"size": args.size, "runs": args.runs, "indexes": indexes}
    for role in ("agent", "reseller"):
        uid = fixture["users"][role]
        result[role] = time_similar(registry, uid, viewed, args.runs)
        result[f"{role}_without_index"] = time_similar(
            registry, uid, viewed[:3], 1, drop_indexes=indexes
        )
        print(role, result[role], "without index:", result[f"{role}_without_index"])
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
