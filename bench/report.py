# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmark's report: revo_helpdesk's measurements judged against bare
helpdesk_mgmt's and their targets (`judge`), written as JSON (`write_json`)
and rendered as Markdown (`render_markdown`). It imports no Odoo."""

import json
from pathlib import Path

from .load_report import load_section

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
# The reminder scan's query count is compared from this number of tickets on.
REMINDER_QUERIES_FROM = 10000
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


def write_report(paths, md_path, json_path, command, runs, machine):
    """Judge the results of `python -m bench run` in `paths` (one file per
    size), write them as JSON and Markdown and return the Markdown."""
    results = [json.loads(Path(path).read_text()) for path in paths]
    report = judge(results, command, runs, machine)
    write_json(report, json_path)
    markdown = render_markdown(report)
    # The load benchmark's section is written by its own run: keep it.
    md = Path(md_path)
    kept = load_section(md.read_text()) if md.exists() else ""
    md.write_text(markdown + (f"\n{kept}" if kept else ""))
    return markdown


# ----------------------------------------------------------------- judge


def judge(results, command, runs, machine):
    """The report of `results`: every comparison's ratio against its target,
    the query counts that must not grow, the data generation times and the
    results themselves (`raw`), under the command and machine that made
    them."""
    flavours = index_flavours(results)
    sizes = sorted({size for size, _flavour in flavours})
    return {
        "command": command,
        "runs": runs,
        "machine": machine,
        "sizes": sizes,
        "generation": [
            {"size": size, "flavour": flavour, "seconds": data["generation_s"]}
            for (size, flavour), data in sorted(flavours.items())
        ],
        "comparisons": [row for size in sizes for row in size_rows(flavours, size)],
        "query_growth": [
            query_growth(flavours, sizes, name) for name in CONSTANT_QUERIES
        ],
        "raw": sorted(results, key=lambda result: result["size"]),
    }


def index_flavours(results):
    """The results of each flavour by (size, flavour)."""
    return {
        (result["size"], flavour): data
        for result in results
        for flavour, data in result["flavours"].items()
    }


def measurement(flavours, size, flavour, name):
    return flavours.get((size, flavour), {}).get("measurements", {}).get(name)


def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def per_card(m):
    return m and m.get("cards") and m["median_ms"] / m["cards"]


def size_rows(flavours, size):
    """The lines of the table of `size` tickets."""
    yield from ratio_rows(flavours, size)
    yield from per_card_rows(flavours, size)
    yield from reminder_rows(flavours, size)


def ratio_rows(flavours, size):
    for line, name, (base_flavour, base_name), target in COMPARISONS:
        revo = measurement(flavours, size, "revo", name)
        base = measurement(flavours, size, base_flavour, base_name)
        ratio = revo and base and revo["median_ms"] / base["median_ms"]
        yield {
            "size": size,
            "line": line,
            "measurement": name,
            "baseline": f"{base_flavour}:{base_name}",
            "revo_ms": revo and revo["median_ms"],
            "revo_queries": revo and revo["queries"],
            "base_ms": base and base["median_ms"],
            "base_queries": base and base["queries"],
            "ratio": ratio and round(ratio, 2),
            "target": f"<= {target}x",
            "result": verdict(ratio and ratio <= target),
        }


def per_card_rows(flavours, size):
    """Kanban loads per card loaded, for information."""
    base = measurement(flavours, size, "bare", "kanban")
    for name, who in (("kanban_reseller", "reseller"), ("kanban_agent", "CX agent")):
        revo = measurement(flavours, size, "revo", name)
        if per_card(revo) and per_card(base):
            yield {
                "size": size,
                "line": f"kanban load per card, {who}",
                "measurement": name,
                "baseline": "bare:kanban",
                "ratio": round(per_card(revo) / per_card(base), 2),
                "target": "(information)",
                "result": "info",
            }


def reminder_rows(flavours, size):
    """The reminder scan with nothing due, judged at REMINDER_SIZE tickets,
    and with tickets due, per ticket for information."""
    none = measurement(flavours, size, "revo", "reminder_none")
    if none:
        fast = none["median_ms"] < REMINDER_LIMIT_MS if size >= REMINDER_SIZE else None
        yield {
            **revo_row(size, "reminder scan, nothing due", "reminder_none", none),
            "target": f"< {REMINDER_LIMIT_MS} ms at {REMINDER_SIZE:,}",
            "result": verdict(fast),
        }
    due = measurement(flavours, size, "revo", "reminder_due")
    if due:
        tickets = max(due.get("due", 1), 1)
        yield {
            **revo_row(
                size, f"reminder scan, {due.get('due')} due", "reminder_due", due
            ),
            "per_ticket_ms": round(due["median_ms"] / tickets, 2),
            "per_ticket_queries": round(due["queries"] / tickets, 1),
            "target": "(information)",
            "result": "info",
        }


def revo_row(size, line, name, m):
    """A line measured on revo_helpdesk alone."""
    return {
        "size": size,
        "line": line,
        "measurement": name,
        "revo_ms": m["median_ms"],
        "revo_queries": m["queries"],
    }


def query_growth(flavours, sizes, name):
    """Whether revo_helpdesk's query count of `name` stays the same from one
    size to the next (n/a with fewer than two sizes to compare)."""
    counts = {
        size: m["queries"]
        for size in sizes
        if (m := measurement(flavours, size, "revo", name))
    }
    compared = [
        size
        for size in counts
        if name != "reminder_none" or size >= REMINDER_QUERIES_FROM
    ]
    constant = len({counts[s] for s in compared}) == 1 if len(compared) > 1 else None
    return {"measurement": name, "queries": counts, "result": verdict(constant)}


# ---------------------------------------------------------------- output


def write_json(report, path):
    Path(path).write_text(json.dumps(report, indent=1) + "\n")


def render_markdown(report):
    """The report as bench/report.md shows it: generation times, a table of
    comparisons per size, then the query counts against the sizes."""
    flavours = index_flavours(report["raw"])
    lines = header_lines(report)
    for size in report["sizes"]:
        lines += size_table(report, flavours, size)
    lines += growth_table(report)
    lines += ["", "Users: " + USERS_NOTE, ""]
    return "\n".join(lines)


def header_lines(report):
    return [
        "# revo_helpdesk performance benchmark",
        "",
        f"Produced by `{report['command']}` on {report['machine']}. Each time is the "
        f"median of {report['runs']} runs after one warm-up, each run in its own "
        "transaction rolled back afterwards, each round of runs on freshly vacuumed "
        "databases (as autovacuum keeps a live one); `q` is the number of SQL "
        "queries. Ratios compare revo_helpdesk with bare helpdesk_mgmt (or, where "
        "said, two revo users). Raw numbers: `report.json`.",
        "",
        "Data generation (ORM seeds, then SQL copies):",
        "",
        "| tickets | flavour | seconds |",
        "|---:|---|---:|",
        *(
            f"| {g['size']:,} | {g['flavour']} | {g['seconds']} |"
            for g in report["generation"]
        ),
    ]


def size_table(report, flavours, size):
    return [
        "",
        f"## {size:,} tickets",
        "",
        "| measurement | baseline | revo_helpdesk | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
        *(
            comparison_line(flavours, row)
            for row in report["comparisons"]
            if row["size"] == size
        ),
    ]


def comparison_line(flavours, row):
    revo = measurement(flavours, row["size"], "revo", row["measurement"])
    baseline = row.get("baseline")
    base = baseline and measurement(flavours, row["size"], *baseline.split(":"))
    per_ticket = ""
    if "per_ticket_ms" in row:
        per_ticket = " = {per_ticket_ms} ms, {per_ticket_queries} q /ticket".format(
            **row
        )
    return (
        f"| {row['line']} | {cell(base)} | {cell(revo)}{per_ticket} | "
        f"{row.get('ratio') or '-'} | {row['target']} | {row['result']} |"
    )


def cell(m):
    if not m:
        return "-"
    cards = f", {m['cards']} cards" if "cards" in m else ""
    return f"{m['median_ms']:.1f} ms ({m['queries']:g} q{cards})"


def growth_table(report):
    sizes = report["sizes"]
    return [
        "",
        "## Query counts against the number of tickets (revo_helpdesk)",
        "",
        "| measurement | "
        + " | ".join(f"{s:,}" for s in sizes)
        + " | target | result |",
        "|---|" + "---:|" * len(sizes) + "---|---|",
        *(growth_line(growth, sizes) for growth in report["query_growth"]),
    ]


def growth_line(growth, sizes):
    queries = growth["queries"]
    counts = " | ".join(f"{queries[s]:g}" if s in queries else "-" for s in sizes)
    target = "constant"
    if growth["measurement"] == "reminder_none":
        target = f"constant from {REMINDER_QUERIES_FROM:,} to {REMINDER_SIZE:,}"
    return f"| {growth['measurement']} | {counts} | {target} | {growth['result']} |"
