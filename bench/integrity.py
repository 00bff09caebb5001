# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""After the load: every write the server accepted is there exactly once,
none it refused is there at all, every move accepted is logged once, and
every moved ticket's stage-change log chains to its current stage."""

from collections import Counter

from .people import TOKEN


def snapshot(env):
    """The last ids before the load: what comes after is the load's."""
    marks = {}
    for table in ("mail_message", "helpdesk_ticket"):
        env.cr.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        marks[table] = env.cr.fetchone()[0]
    if "revo.helpdesk.ticket.move" in env:
        env.cr.execute("SELECT coalesce(max(id), 0) FROM revo_helpdesk_ticket_move")
        marks["revo_helpdesk_ticket_move"] = env.cr.fetchone()[0]
    return marks


def found_tokens(env, marks):
    """How many times each token is found where it was written: messages
    by (token, ticket), new tickets by (token, None)."""
    found = Counter()
    env.cr.execute(
        "SELECT body, res_id FROM mail_message WHERE id > %s"
        " AND model = 'helpdesk.ticket' AND message_type = 'comment'",
        [marks["mail_message"]],
    )
    for body, res_id in env.cr.fetchall():
        for token in TOKEN.findall(body or ""):
            found[token, res_id] += 1
    env.cr.execute(
        "SELECT name FROM helpdesk_ticket WHERE id > %s AND name LIKE 'bench-load-%%'",
        [marks["helpdesk_ticket"]],
    )
    for (name,) in env.cr.fetchall():
        found[name, None] += 1
    return found


def check_writes(env, marks, people):
    found = found_tokens(env, marks)
    lost, doubled, ghosts, accepted = [], [], [], 0
    for person in people:
        for _kind, token, ticket_id, ok in person.writes:
            times = found.get((token, ticket_id), 0)
            if ok:
                accepted += 1
                if times == 0:
                    lost.append(token)
                elif times > 1:
                    doubled.append(token)
            elif times:
                ghosts.append(token)
    return {
        "writes_accepted": accepted,
        "writes_refused_or_failed": sum(
            1 for p in people for w in p.writes if not w[3]
        ),
        "lost": lost,
        "doubled": doubled,
        "ghosts": ghosts,
    }


def check_moves(env, marks, people):
    """revo_helpdesk logs every move: the moves the people made must be
    logged once each, and each moved ticket's log must chain (each move
    leaves the stage the previous one reached) to the ticket's stage."""
    accepted = Counter(move for person in people for move in person.moves)
    env.cr.execute(
        "SELECT ticket_id, stage_to_id FROM revo_helpdesk_ticket_move"
        " WHERE id > %s AND user_id IN"
        " (SELECT id FROM res_users WHERE login LIKE 'load\\_%%')",
        [marks["revo_helpdesk_ticket_move"]],
    )
    logged = Counter(map(tuple, env.cr.fetchall()))
    env.cr.execute(
        """SELECT m.ticket_id, m.stage_from_id, m.stage_to_id, t.stage_id
        FROM revo_helpdesk_ticket_move m JOIN helpdesk_ticket t ON t.id = m.ticket_id
        WHERE m.ticket_id IN (SELECT ticket_id FROM revo_helpdesk_ticket_move
                              WHERE id > %s)
        ORDER BY m.ticket_id, m.id""",
        [marks["revo_helpdesk_ticket_move"]],
    )
    broken, reached, current = set(), {}, {}
    for ticket_id, stage_from, stage_to, stage in env.cr.fetchall():
        if ticket_id in reached and reached[ticket_id] != stage_from:
            broken.add(ticket_id)
        reached[ticket_id], current[ticket_id] = stage_to, stage
    broken |= {t for t, stage in reached.items() if stage != current[t]}
    return {
        "moves_accepted": sum(accepted.values()),
        "moves_logged": sum(logged.values()),
        "moves_lost": sum((accepted - logged).values()),
        "moves_doubled": sum((logged - accepted).values()),
        "tickets_moved": len(reached),
        "chain_breaks": sorted(broken),
    }


def check_integrity(env, flavour, marks, people):
    result = check_writes(env, marks, people)
    if flavour == "revo":
        result.update(check_moves(env, marks, people))
    else:  # helpdesk_mgmt keeps no move log: the moves are only counted
        result["moves_accepted"] = sum(len(person.moves) for person in people)
    return result
