# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmark's report: revo_helpdesk's measurements against bare
helpdesk_mgmt's and their targets, written as JSON and Markdown."""

import json
from pathlib import Path

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
