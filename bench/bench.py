#!/usr/bin/env python3
# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark revo_helpdesk against bare helpdesk_mgmt (driven by scripts/bench).

    bench.py run --bare-db DB --revo-db DB --size N --out FILE [--runs 5] \
        -- ODOO_OPTIONS...
    bench.py report --md bench/report.md --json bench/report.json FILE...
    bench.py similar --db DB --size N --out FILE [--runs 5] -- ODOO_OPTIONS...

`run` fills each installed database with N tickets (a few hundred made
through the ORM, the rest copied from them in SQL so that stored computed
fields stay consistent), then times what the web client calls, each call in a
fresh transaction rolled back afterwards, both databases side by side and
vacuumed before each round. `report` compares them. `similar` fills a
revo_helpdesk database with N tickets of varied text and times the
similar-tickets query of the ticket form, with and without its index.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from unittest.mock import patch

from lxml import etree

if os.environ.get("ODOO_SRC"):
    sys.path.insert(0, os.environ["ODOO_SRC"])

RUNS = 5
BATCH = 100  # tickets created / moved in one call
DUE = 1000  # tickets made due for the reminder scan
CARDS = 40  # cards per kanban column, as the web client asks
# Columns of revo_helpdesk's board that hold cards (its twelve stages but the
# folded Resolved and Canceled); the bare board gets as many.
BOARD_COLUMNS = 10
# Field widgets that declare no related fields: the web client asks for the
# ids alone (revo_helpdesk's move buttons take their labels from a table the
# session keeps).
IDS_ONLY_WIDGETS = {"revo_transition_buttons"}
# Records made through the ORM, then multiplied in SQL.
RESELLERS, CLIENTS_PER_RESELLER, CONTACTS_PER_CLIENT = 5, 4, 2
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
DESCRIPTION = "<p>The kitchen printer stops after the first order of the day.</p>" * 4


# ------------------------------------------------------------------ data


def make_user(env, login, groups, parent=None):
    user = env["res.users"].create(
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "email": f"{login}@example.com",
            "group_ids": [(6, 0, [env.ref(group).id for group in groups])],
        }
    )
    if parent:
        user.partner_id.parent_id = parent
    return user


def make_companies(env, count, prefix, **vals):
    """`count` companies with CONTACTS_PER_CLIENT contacts each."""
    companies = env["res.partner"].create(
        [
            dict(vals, name=f"{prefix} {i}", is_company=True, email=f"c{i}@ex.com")
            for i in range(count)
        ]
    )
    env["res.partner"].create(
        [
            {"name": f"Contact {j} of {company.name}", "parent_id": company.id}
            for company in companies
            for j in range(CONTACTS_PER_CLIENT)
        ]
    )
    return companies


def setup_bare(env):
    team = env["helpdesk.ticket.team"].create({"name": "Bench Team"})
    user = make_user(env, "bench_helpdesk_user", ["helpdesk_mgmt.group_helpdesk_user"])
    team.user_ids = user
    companies = make_companies(env, RESELLERS * CLIENTS_PER_RESELLER, "Customer")
    stages = env["helpdesk.ticket.stage"].search([])
    # As many columns as revo_helpdesk's board, so that both kanbans load
    # the same number of cards and their ratio compares the same work.
    stages |= env["helpdesk.ticket.stage"].create(
        [
            {"name": f"Bench Step {n}", "sequence": 2}
            for n in range(1, BOARD_COLUMNS - len(stages) + 1)
        ]
    )
    seeds = [
        {
            "partner_id": contact.id,
            "stage_id": stage.id,
            "user_id": n % 2 and user.id,
        }
        for stage in stages
        for n, contact in enumerate(companies.child_ids)
    ]
    new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    return seeds, {
        "team": team.id,
        "domain": [("team_id", "=", team.id)],
        "users": {"user": user.id},
        "stage_from": new.id,
        "stage_to": progress.id,
        "partners": companies.child_ids.ids,
        "form_stage": progress.id,
    }


def setup_revo(env):
    team = env.ref("revo_helpdesk.helpdesk_team_revo_support")
    agent = make_user(env, "bench_cx_agent", ["revo_helpdesk.group_support_agent"])
    team.user_ids = [(4, agent.id)]
    resellers = make_companies(env, RESELLERS, "Reseller", is_reseller=True)
    users, seeds = [], []
    stages = env["helpdesk.ticket.stage"].search([("team_ids", "=", team.id)])
    for i, reseller in enumerate(resellers):
        user = make_user(
            env, f"bench_reseller_{i}", ["revo_helpdesk.group_reseller"], reseller
        )
        users.append(user)
        clients = make_companies(
            env, CLIENTS_PER_RESELLER, f"Client {i}.", reseller_id=reseller.id
        )
        authors = [(c, "client") for c in clients.child_ids]
        authors.append((user.partner_id, "reseller"))
        for stage in stages:
            for n, (partner, origin) in enumerate(authors):
                at_revo = stage.owner != "reseller"
                seeds.append(
                    {
                        "partner_id": partner.id,
                        "origin": origin,
                        "stage_id": stage.id,
                        "user_id": at_revo and n % 2 and agent.id,
                        "escalated": at_revo and origin == "client",
                        # Development stages need the tracker's reference.
                        "dev_reference": stage.owner == "development"
                        and f"DEV-{len(seeds)}",
                    }
                )
    reseller = users[0].partner_id.commercial_partner_id
    return seeds, {
        "team": team.id,
        "domain": [("reseller_workflow", "=", True)],
        "users": {"reseller": users[0].id, "agent": agent.id},
        "stage_from": env.ref("revo_helpdesk.stage_backlog_revo_support").id,
        "stage_to": env.ref("revo_helpdesk.stage_in_progress_revo_support").id,
        "partners": reseller.reseller_client_ids.child_ids.ids,
        "form_stage": env.ref("revo_helpdesk.stage_in_progress_revo_support").id,
        "form_reseller": reseller.id,
    }


def clone_tickets(env, total):
    """Copy the ORM-made tickets in SQL until there are `total`: every column
    but the identity, number, title and dates comes from a seed ticket."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM helpdesk_ticket")
    seeds = cr.fetchone()[0]
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
    )
    # Spread over the last days, but never idle for 7 days: nothing is due.
    recent = "(now() AT TIME ZONE 'UTC') - interval '1 minute' * (g %% 7000)"
    exprs = {
        "number": "'BT' || lpad(g::text, 7, '0')",
        "name": "t.name || ' ' || g",
        "priority": "(g %% 4)::text",
        "create_date": f"{recent} - interval '1 day' * (g %% 60)",
        "write_date": recent,
        "last_stage_update": recent,
        "last_action_date": recent,
    }
    columns = [row[0] for row in cr.fetchall()]
    cr.execute(
        f"""
        WITH seed AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM helpdesk_ticket
        )
        INSERT INTO helpdesk_ticket ({", ".join(f'"{c}"' for c in columns)})
        SELECT {", ".join(exprs.get(c, f't."{c}"') for c in columns)}
        FROM generate_series(1, %s) g
        JOIN seed ON seed.rn = g %% %s
        JOIN helpdesk_ticket t ON t.id = seed.id
        """,
        [max(total - seeds, 0), seeds],
    )
    tags = env["helpdesk.ticket.tag"].create(
        [{"name": f"Tag {i}", "color": i} for i in range(5)]
    )
    field = env["helpdesk.ticket"]._fields["tag_ids"]
    cr.execute(
        f"""INSERT INTO {field.relation} ({field.column1}, {field.column2})
        SELECT t.id, tag.id FROM helpdesk_ticket t, helpdesk_ticket_tag tag
        WHERE tag.id = ANY(%s) AND (t.id + tag.id) %% 3 = 0""",
        [tags.ids],
    )
    # Each customer follows its tickets, with mail's default subtypes.
    cr.execute(
        """INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'helpdesk.ticket', id, partner_id FROM helpdesk_ticket
        WHERE partner_id IS NOT NULL ON CONFLICT DO NOTHING"""
    )
    # Customers get the public ones (mail's _default_subtypes()[2]).
    subtypes = env["mail.message.subtype"]._default_subtypes("helpdesk.ticket")[2]
    cr.execute(
        """INSERT INTO mail_followers_mail_message_subtype_rel
            (mail_followers_id, mail_message_subtype_id)
        SELECT f.id, s FROM mail_followers f, unnest(%s) s
        WHERE f.res_model = 'helpdesk.ticket' ON CONFLICT DO NOTHING""",
        [subtypes],
    )
    cr.execute("ANALYZE helpdesk_ticket; ANALYZE mail_followers")
    env.invalidate_all()


def check_consistency(env, flavour):
    """Fail loudly when a copied stored computed field disagrees with its
    source: the benchmark would then measure impossible data."""
    checks = [
        "SELECT count(*) FROM helpdesk_ticket t JOIN res_partner p"
        " ON p.id = t.partner_id"
        " WHERE t.commercial_partner_id IS DISTINCT FROM p.commercial_partner_id",
    ]
    if flavour == "revo":
        checks += [
            "SELECT count(*) FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s"
            " ON s.id = t.stage_id WHERE t.stage_owner IS DISTINCT FROM s.owner",
            "SELECT count(*) FROM helpdesk_ticket t JOIN res_partner p"
            " ON p.id = t.commercial_partner_id WHERE t.reseller_id IS DISTINCT FROM"
            " CASE WHEN p.is_reseller THEN p.id ELSE p.reseller_id END",
            "SELECT count(*) FROM helpdesk_ticket WHERE last_action_date IS NULL"
            " OR origin IS NULL",
        ]
    for query in checks:
        env.cr.execute(query)
        bad = env.cr.fetchone()[0]
        if bad:
            raise SystemExit(f"inconsistent generated data ({bad} rows): {query}")


def generate(env, flavour, size):
    env = env(context=dict(env.context, **QUIET))
    seeds, fixture = (setup_revo if flavour == "revo" else setup_bare)(env)
    team = env["helpdesk.ticket.team"].browse(fixture["team"])
    env["helpdesk.ticket"].create(
        [
            dict(
                seed,
                name=f"Seed ticket {i}",
                description=DESCRIPTION,
                team_id=team.id,
                priority=str(i % 4),
            )
            for i, seed in enumerate(seeds[:size])
        ]
    )
    env.flush_all()
    clone_tickets(env, size)
    check_consistency(env, flavour)
    return fixture


# ------------------------------------------------------------ web client


def spec_from_arch(node, fields):
    """The web_read specification the web client builds from a view: every
    field node, relational ones with their display name (or the fields of
    their inline subview) unless always invisible, without descending into
    subviews otherwise."""
    spec = {}
    for child in node.iterchildren(tag=etree.Element):
        if child.tag != "field":
            spec.update(spec_from_arch(child, fields))
            continue
        name = child.get("name")
        field = fields.get(name, {})
        if field.get("type") not in ("many2one", "one2many", "many2many"):
            spec[name] = {}
            continue
        if child.get("widget") in IDS_ONLY_WIDGETS:
            spec.setdefault(name, {})
            continue
        if child.get("invisible") in ("1", "True"):
            # Always hidden: the web client asks for the ids alone.
            spec.setdefault(name, {"fields": {}} if field["type"] == "many2one" else {})
            continue
        subview = next(iter(child.xpath("./list|./kanban|./form")), None)
        if subview is not None:
            sub = {"fields": spec_from_arch(subview, {}), "limit": CARDS}
        else:
            sub = {"fields": {"display_name": {}}}
            if "color_field" in (child.get("options") or ""):
                sub["fields"]["color"] = {}
        if not spec.get(name, {}).get("fields"):  # first visible occurrence
            spec[name] = sub
    return spec


def get_view(env, view_type):
    result = env["helpdesk.ticket"].get_views([(False, view_type)])
    arch = etree.fromstring(result["views"][view_type]["arch"])
    spec = spec_from_arch(arch, result["models"]["helpdesk.ticket"]["fields"])
    spec["display_name"] = {}
    return arch, spec


def web_env(env, uid, team):
    """The environment of an RPC from the web client, in the tickets action."""
    user = env["res.users"].browse(uid)
    return env(
        user=uid,
        context={
            "lang": "en_US",
            "tz": "Europe/Madrid",
            "uid": uid,
            "allowed_company_ids": user.company_ids.ids[:1],
            "default_team_id": team,
        },
    )


def op_create(env, fx):
    partners = fx["partners"]
    vals = [
        {
            "name": f"Bench {i}",
            "description": DESCRIPTION,
            "partner_id": partners[i % len(partners)],
        }
        for i in range(BATCH)
    ]
    return lambda: env["helpdesk.ticket"].create(vals)


def op_stage(env, fx):
    Ticket = env["helpdesk.ticket"]
    tickets = Ticket.search([("stage_id", "=", fx["stage_from"])], limit=BATCH)
    if len(tickets) < BATCH:  # a small database: bring more to the stage first
        more = Ticket.search([("stage_id", "=", fx["stage_to"])], limit=BATCH)
        more = more[: BATCH - len(tickets)]
        more.sudo().with_context(**QUIET).write({"stage_id": fx["stage_from"]})
        tickets = Ticket.browse(tickets.ids + more.ids)
        env.flush_all()
    return lambda: tickets.write({"stage_id": fx["stage_to"]})


def op_kanban(env, fx):
    arch, spec = get_view(env, "kanban")
    bar = arch.find("progressbar")
    progressbar = bar is not None and {
        "field": bar.get("field"),
        "colors": json.loads(bar.get("colors")),
    }
    Ticket = env["helpdesk.ticket"]

    def load():
        groups = Ticket.web_read_group(
            fx["domain"],
            ["stage_id"],
            [],
            auto_unfold=True,
            unfold_read_specification=spec,
            unfold_read_default_limit=CARDS,
        )["groups"]
        if progressbar:
            Ticket.read_progress_bar(fx["domain"], "stage_id", progressbar)
        fx["facts"]["columns"] = len(groups)
        fx["facts"]["cards"] = sum(len(g.get("__records", ())) for g in groups)

    return load


def op_search(env, fx):
    _arch, spec = get_view(env, "kanban")
    return lambda: env["helpdesk.ticket"].web_search_read(
        fx["domain"], spec, limit=CARDS, count_limit=10001
    )


def op_form(env, fx):
    _arch, spec = get_view(env, "form")
    domain = [("stage_id", "=", fx["form_stage"]), ("user_id", "!=", False)]
    if fx.get("form_reseller"):
        domain += [("reseller_id", "=", fx["form_reseller"]), ("origin", "=", "client")]
    ticket = env["helpdesk.ticket"].sudo().search(domain, limit=1, order="id")
    return lambda: env["helpdesk.ticket"].browse(ticket.id).web_read(spec)


def op_reminders(due):
    def prepare(env, fx):
        if due:
            env.cr.execute(
                """UPDATE helpdesk_ticket SET last_action_date =
                    (now() AT TIME ZONE 'UTC') - interval '30 days'
                WHERE id IN (
                    SELECT t.id FROM helpdesk_ticket t
                    JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                    WHERE t.origin = 'client' AND s.owner = 'reseller'
                        AND s.closed IS NOT TRUE ORDER BY t.id LIMIT %s)""",
                [due],
            )
            fx["facts"]["due"] = env.cr.rowcount
        cron = env.ref("revo_helpdesk.ir_cron_inactivity_reminder")
        Ticket = env["helpdesk.ticket"].with_user(cron.user_id)
        return Ticket._cron_send_inactivity_reminders

    return prepare


# name, what it measures, prepare(env, fixture) -> callable, user per flavour
# (None: the cron's own user).
MEASUREMENTS = [
    (
        "create",
        f"batch create of {BATCH} tickets",
        op_create,
        {"bare": "user", "revo": "reseller"},
    ),
    (
        "stage",
        f"batch stage change of {BATCH} tickets",
        op_stage,
        {"bare": "user", "revo": "agent"},
    ),
    ("kanban", "kanban load", op_kanban, {"bare": "user"}),
    ("kanban_reseller", "kanban load", op_kanban, {"revo": "reseller"}),
    ("kanban_agent", "kanban load", op_kanban, {"revo": "agent"}),
    ("search", "kanban search", op_search, {"bare": "user"}),
    ("search_reseller", "kanban search", op_search, {"revo": "reseller"}),
    ("search_agent", "kanban search", op_search, {"revo": "agent"}),
    ("form", "form open", op_form, {"bare": "user"}),
    ("form_reseller", "form open", op_form, {"revo": "reseller"}),
    ("form_agent", "form open", op_form, {"revo": "agent"}),
    ("reminder_none", "reminder scan, nothing due", op_reminders(0), {"revo": None}),
    ("reminder_due", f"reminder scan, {DUE} due", op_reminders(DUE), {"revo": None}),
]


def run_once(registry, prepare, facts, statements=None):
    """Time one call in a fresh transaction (as an RPC gets), flushed with its
    precommit hooks as a commit would, then rolled back. `prepare(env,
    facts)` is not timed: it returns the call and may note facts about it."""
    from odoo import SUPERUSER_ID, api

    with ExitStack() as stack:
        cr = registry.cursor()
        stack.callback(cr.close)  # closing without commit rolls back
        call = prepare(api.Environment(cr, SUPERUSER_ID, {}), facts)
        cr.flush()
        if statements is not None:
            stack.enter_context(record_statements(cr, statements))
        count, start = cr.sql_log_count, time.perf_counter()
        call()
        cr.flush()
        return (time.perf_counter() - start) * 1000, cr.sql_log_count - count


@contextmanager
def record_statements(cr, counter):
    """Count the statements `cr` runs, numbers and lists of ids blanked."""
    execute = cr.execute

    def recording(query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        text = re.sub(r'SAVEPOINT "[^"]*"', "SAVEPOINT x", text)
        counter[re.sub(r"\s+", " ", re.sub(r"\d+", "N", text))[:240]] += 1
        return execute(query, params, log_exceptions)

    with patch.object(cr, "execute", recording):
        yield


def vacuum(registry):
    """Clear what the last round rolled back, as autovacuum keeps a live
    database: rolled back round after round, the same tickets' updates pile
    up dead row versions in every index on them, which weighs more with
    each index a flavour adds (and grew the stage change by half over 11
    rounds)."""
    from odoo.sql_db import db_connect

    with closing(db_connect(registry.db_name).cursor()) as cr:
        cr._cnx.autocommit = True  # VACUUM refuses a transaction block
        cr.execute("VACUUM")


def prepare_as(fixture, role, op):
    def prepare(env, facts):
        uid = fixture["users"].get(role)
        if uid:
            env = web_env(env, uid, fixture["team"])
        return op(env, dict(fixture, facts=facts))

    return prepare


def run(args):
    """Fill the databases of one size, then measure them in rounds: each
    round starts from vacuumed databases and runs every measurement once,
    bare and revo side by side, so that the load of other processes weighs
    on both alike. Round 0 warms up; a last, untimed round records the
    statements that repeat most."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(args.odoo)
    result = {"size": args.size, "runs": args.runs, "flavours": {}}
    fixtures, registries = {}, {}
    for flavour, db in (("bare", args.bare_db), ("revo", args.revo_db)):
        if not db:
            continue
        registries[flavour] = registry = Registry(db)
        start = time.perf_counter()
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            fixtures[flavour] = generate(env, flavour, args.size)
        seconds = round(time.perf_counter() - start, 1)
        result["flavours"][flavour] = {"db": db, "generation_s": seconds}
        print(f"{db}: {args.size} tickets made in {seconds} s", flush=True)
    jobs = [
        (flavour, name, label, roles[flavour], op)
        for name, label, op, roles in MEASUREMENTS
        for flavour in registries
        if flavour in roles
    ]
    samples = {job[:2]: [] for job in jobs}
    facts = {job[:2]: {} for job in jobs}
    statements = {job[:2]: Counter() for job in jobs}
    with ExitStack() as stack:
        # The cron commits its batches; measurements must stay rolled back.
        for registry in registries.values():
            stack.enter_context(
                patch.object(
                    registry["ir.cron"], "_commit_progress", lambda *a, **k: 1e9
                )
            )
        for round_ in range(args.runs + 2 if args.runs else 0):
            print(f"  round {round_}/{args.runs + 1}", flush=True)
            for registry in registries.values():
                vacuum(registry)
            for flavour, name, _label, role, op in jobs:
                key = (flavour, name)
                prepare = prepare_as(fixtures[flavour], role, op)
                recorded = statements[key] if round_ > args.runs else None
                sample = run_once(registries[flavour], prepare, facts[key], recorded)
                if 0 < round_ <= args.runs:
                    samples[key].append(sample)
    for flavour, name, label, role, _op in jobs if args.runs else ():
        key = (flavour, name)
        times, queries = zip(*samples[key], strict=True)
        done = dict(
            facts[key],
            label=label,
            user=role or "cron",
            median_ms=round(statistics.median(times), 1),
            times_ms=[round(t, 1) for t in times],
            queries=statistics.median(queries),
            queries_runs=list(queries),
            top_statements=[
                [n, sql] for sql, n in statements[key].most_common(6) if n > 1
            ],
        )
        result["flavours"][flavour].setdefault("measurements", {})[name] = done
        ms, queries = done["median_ms"], done["queries"]
        print(f"  {flavour} {name:<16} {ms:>9.1f} ms {queries:>6g} q")
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")


# ---------------------------------------------------------------- report

# (line, revo measurement, baseline (flavour, measurement), ratio target)
COMPARISONS = [
    ("batch create, 100 tickets", "create", ("bare", "create"), 1.3),
    ("batch stage change, 100 tickets", "stage", ("bare", "stage"), 1.3),
    ("kanban load, reseller", "kanban_reseller", ("bare", "kanban"), 1.15),
    ("kanban load, CX agent", "kanban_agent", ("bare", "kanban"), 1.15),
    (
        "kanban load, reseller vs CX agent",
        "kanban_reseller",
        ("revo", "kanban_agent"),
        1.2,
    ),
    ("kanban search, reseller", "search_reseller", ("bare", "search"), 1.15),
    ("kanban search, CX agent", "search_agent", ("bare", "search"), 1.15),
    ("form open, reseller", "form_reseller", ("bare", "form"), 1.15),
    ("form open, CX agent", "form_agent", ("bare", "form"), 1.15),
]
# Measurements whose query count must not grow with the number of tickets.
CONSTANT_QUERIES = [
    "kanban_reseller",
    "kanban_agent",
    "search_reseller",
    "search_agent",
    "form_reseller",
    "form_agent",
    "reminder_none",
]
REMINDER_LIMIT_MS = 1000
REMINDER_SIZE = 100000


def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def cell(m):
    if not m:
        return "-"
    cards = f", {m['cards']} cards" if "cards" in m else ""
    return f"{m['median_ms']:.1f} ms ({m['queries']:g} q{cards})"


def per_card(m):
    return m and m.get("cards") and m["median_ms"] / m["cards"]


def report(args):
    results, raw = {}, []
    for path in args.files:
        raw.append(json.loads(Path(path).read_text()))
        for flavour, data in raw[-1]["flavours"].items():
            results[raw[-1]["size"], flavour] = data
    sizes = sorted({size for size, _flavour in results})

    def get(size, flavour, name):
        return results.get((size, flavour), {}).get("measurements", {}).get(name)

    rows = []
    for size in sizes:
        for line, name, (base_flavour, base_name), target in COMPARISONS:
            revo, base = get(size, "revo", name), get(size, base_flavour, base_name)
            ratio = revo and base and revo["median_ms"] / base["median_ms"]
            rows.append(
                dict(
                    size=size,
                    line=line,
                    measurement=name,
                    baseline=f"{base_flavour}:{base_name}",
                    revo_ms=revo and revo["median_ms"],
                    revo_queries=revo and revo["queries"],
                    base_ms=base and base["median_ms"],
                    base_queries=base and base["queries"],
                    ratio=ratio and round(ratio, 2),
                    target=f"<= {target}x",
                    result=verdict(ratio and ratio <= target),
                )
            )
        for name, who in (
            ("kanban_reseller", "reseller"),
            ("kanban_agent", "CX agent"),
        ):
            revo, base = get(size, "revo", name), get(size, "bare", "kanban")
            if per_card(revo) and per_card(base):
                rows.append(
                    dict(
                        size=size,
                        line=f"kanban load per card, {who}",
                        measurement=name,
                        baseline="bare:kanban",
                        ratio=round(per_card(revo) / per_card(base), 2),
                        target="(information)",
                        result="info",
                    )
                )
        none = get(size, "revo", "reminder_none")
        if none:
            ok = (
                none["median_ms"] < REMINDER_LIMIT_MS if size >= REMINDER_SIZE else None
            )
            rows.append(
                dict(
                    size=size,
                    line="reminder scan, nothing due",
                    measurement="reminder_none",
                    revo_ms=none["median_ms"],
                    revo_queries=none["queries"],
                    target=f"< {REMINDER_LIMIT_MS} ms at {REMINDER_SIZE:,}",
                    result=verdict(ok),
                )
            )
        due = get(size, "revo", "reminder_due")
        if due:
            rows.append(
                dict(
                    size=size,
                    line=f"reminder scan, {due.get('due')} due",
                    measurement="reminder_due",
                    revo_ms=due["median_ms"],
                    revo_queries=due["queries"],
                    per_ticket_ms=round(
                        due["median_ms"] / max(due.get("due", 1), 1), 2
                    ),
                    per_ticket_queries=round(
                        due["queries"] / max(due.get("due", 1), 1), 1
                    ),
                    target="(information)",
                    result="info",
                )
            )
    growth = []
    for name in CONSTANT_QUERIES:
        counts = {
            size: get(size, "revo", name)["queries"]
            for size in sizes
            if get(size, "revo", name)
        }
        compared = (
            [s for s in counts if s >= 10000] if name == "reminder_none" else counts
        )
        ok = len(set(counts[s] for s in compared)) == 1 if len(compared) > 1 else None
        growth.append(dict(measurement=name, queries=counts, result=verdict(ok)))

    generation = [
        dict(size=size, flavour=flavour, seconds=data["generation_s"])
        for (size, flavour), data in sorted(results.items())
    ]
    out = dict(
        command=args.command,
        runs=args.runs,
        machine=args.machine,
        sizes=sizes,
        generation=generation,
        comparisons=rows,
        query_growth=growth,
        raw=sorted(raw, key=lambda data: data["size"]),
    )
    Path(args.json).write_text(json.dumps(out, indent=1) + "\n")

    md = [
        "# revo_helpdesk performance benchmark",
        "",
        f"Produced by `{args.command}` on {args.machine}. Each time is the median of "
        f"{args.runs} runs after one warm-up, each run in its own transaction rolled "
        "back afterwards, each round of runs on freshly vacuumed databases (as "
        "autovacuum keeps a live one); `q` is the number of SQL queries. Ratios "
        "compare revo_helpdesk with bare helpdesk_mgmt (or, where said, two revo "
        "users). Raw numbers: `report.json`.",
        "",
        "Data generation (ORM seeds, then SQL copies):",
        "",
        "| tickets | flavour | seconds |",
        "|---:|---|---:|",
        *[f"| {g['size']:,} | {g['flavour']} | {g['seconds']} |" for g in generation],
    ]
    for size in sizes:
        md += [
            "",
            f"## {size:,} tickets",
            "",
            "| measurement | baseline | revo_helpdesk | ratio | target | result |",
            "|---|---:|---:|---:|---|---|",
        ]
        for row in (r for r in rows if r["size"] == size):
            revo = get(size, "revo", row["measurement"])
            base_name = row.get("baseline", "")
            base = get(size, *base_name.split(":")) if base_name else None
            extra = ""
            if "per_ticket_ms" in row:
                extra = " = {per_ticket_ms} ms, {per_ticket_queries} q /ticket".format(
                    **row
                )
            md.append(
                f"| {row['line']} | {cell(base)} | {cell(revo)}{extra} | "
                f"{row.get('ratio') or '-'} | {row['target']} | {row['result']} |"
            )
    md += [
        "",
        "## Query counts against the number of tickets (revo_helpdesk)",
        "",
        "| measurement | "
        + " | ".join(f"{s:,}" for s in sizes)
        + " | target | result |",
        "|---|" + "---:|" * len(sizes) + "---|---|",
    ]
    for g in growth:
        counts = " | ".join(
            f"{g['queries'].get(s, '-'):g}" if s in g["queries"] else "-" for s in sizes
        )
        target = (
            "constant from 10,000 to 100,000"
            if g["measurement"] == "reminder_none"
            else "constant"
        )
        md.append(f"| {g['measurement']} | {counts} | {target} | {g['result']} |")
    md += ["", "Users: " + USERS_NOTE, ""]
    Path(args.md).write_text("\n".join(md))
    print("\n".join(md))


USERS_NOTE = (
    "bare helpdesk_mgmt runs everything as a helpdesk user (group Helpdesk User, "
    "member of the team); revo_helpdesk creates as a reseller user, changes stages "
    "(Backlog - REVO Support to In Progress - REVO Support) as the CX agent, and "
    "loads the kanban and forms as each; the reminder scan runs as the cron's user. "
    "Kanban load = `web_read_group` on `stage_id` with the kanban's card "
    "specification (Odoo 19 reads each column's first 40 cards inside it) plus "
    "`read_progress_bar`; kanban search = `web_search_read` of 40 cards with the "
    "count; form open = `web_read` with the form view's specification (ids only "
    "for always-invisible relational fields and for the move buttons, as the web "
    "client asks); writes are flushed with their precommit hooks (tracking) as a "
    "commit would. Bare helpdesk_mgmt's board gets four extra stages, so that "
    "both boards load ten columns of 40 cards."
)


# ------------------------------------------------------- similar tickets

SIMILAR_TOPICS = 500  # groups of tickets about the same problem
SIMILAR_VIEWED = 10  # open tickets whose suggestions are timed
SIMILAR_RESOLVED_SHARE = 7  # tenths of the tickets resolved
VOCABULARY_SOURCES = ("point_of_sale", "account", "stock", "sale", "mail")


def vocabulary():
    """The 3,000 commonest words of the English messages of a few Odoo apps
    (point of sale first): the words and trigrams support tickets of a POS
    vendor are made of."""
    from odoo.tools.misc import file_path

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
    from odoo import api

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


def similar(args):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command_name", required=True)
    p_run = sub.add_parser("run", help="fill a database and measure it")
    p_run.add_argument("--bare-db", help="database with helpdesk_mgmt alone")
    p_run.add_argument("--revo-db", help="database with revo_helpdesk")
    p_run.add_argument("--size", type=int, required=True)
    p_run.add_argument("--runs", type=int, default=RUNS, help="0: only fill")
    p_run.add_argument("--out", required=True)
    p_run.add_argument("odoo", nargs=argparse.REMAINDER, help="-- odoo options")
    p_sim = sub.add_parser("similar", help="time the similar-tickets query")
    p_sim.add_argument("--db", required=True, help="database with revo_helpdesk")
    p_sim.add_argument("--size", type=int, required=True)
    p_sim.add_argument("--runs", type=int, default=RUNS)
    p_sim.add_argument("--out", required=True)
    p_sim.add_argument("odoo", nargs=argparse.REMAINDER, help="-- odoo options")
    p_rep = sub.add_parser("report", help="compare the results of `run`")
    p_rep.add_argument("--md", required=True)
    p_rep.add_argument("--json", required=True)
    p_rep.add_argument("--command", default="scripts/bench")
    p_rep.add_argument("--runs", type=int, default=RUNS)
    p_rep.add_argument("--machine", default="")
    p_rep.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.command_name in ("run", "similar"):
        args.odoo = [a for a in args.odoo if a != "--"]
        (run if args.command_name == "run" else similar)(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
