# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load benchmark's report: revo_helpdesk under load judged against bare
helpdesk_mgmt under the same load (`judge_load`), rendered as a section of
bench/report.md (`render_load`, spliced in by `splice_section`). It imports
no Odoo."""

import json
import math
import statistics
from pathlib import Path

THROUGHPUT_TARGET = 0.9  # revo's requests per second, at least this x bare's
P95_TARGET = 1.2  # revo's p95 per operation, at most this x bare's
BEGIN, END = "<!-- load benchmark -->", "<!-- /load benchmark -->"
INTEGRITY = [
    ("lost", "accepted writes (notes, messages, new tickets) missing"),
    ("doubled", "accepted writes found twice or more"),
    ("ghosts", "refused or failed writes found anyway"),
    ("moves_lost", "accepted moves missing from the move log"),
    ("moves_doubled", "moves logged more than accepted"),
    ("chain_breaks", "moved tickets whose move log does not chain to their stage"),
]
OPERATIONS_NOTE = (
    "Operations: board = `web_read_group` of the kanban by stage with its "
    "cards (the view's own specification); form = `web_read` with the form's; "
    "note / message = the chatter's `/mail/message/post` (internal note / "
    "message); move = read the ticket's moves then make one (revo: "
    "`action_move` of a move needing no form; bare: `web_save` of another "
    "stage); new ticket = `web_save` of a new ticket; similar = the "
    "similar-tickets panel (bare, which has none: a search of closed tickets "
    "by a word); export = `/revo_helpdesk/tickets.json` of 80 tickets (bare, "
    "which has none: `web_search_read` of the same page); portal list / page "
    "= `/my/tickets` and `/my/ticket/<id>`. Half the ticket picks go to four "
    "hot tickets everybody works at once."
)


def percentile(values, share):
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def summarize_flavour(data, duration_s):
    """Per operation: requests done, refused, failed, p50 and p95 (ms, of the
    requests answered); and the throughput in requests answered per second."""
    operations = {}
    for name, ms, outcome in data["samples"]:
        operations.setdefault(name, {"ms": [], "ok": 0, "refused": 0, "error": 0})
        operations[name][outcome] += 1
        if outcome != "error":
            operations[name]["ms"].append(ms)
    summary = {
        name: {
            "ok": op["ok"],
            "refused": op["refused"],
            "errors": op["error"],
            "p50_ms": op["ms"] and round(statistics.median(op["ms"]), 1),
            "p95_ms": percentile(op["ms"], 0.95),
        }
        for name, op in sorted(operations.items())
    }
    answered = sum(op["ok"] + op["refused"] for op in summary.values())
    client_errors = sum(op["errors"] for op in summary.values())
    return {
        "operations": summary,
        "requests": answered,
        "throughput_rps": round(answered / duration_s, 2) if duration_s else None,
        "server_errors": client_errors + data["server"]["errors"],
        "client_errors": client_errors,
        "log_errors": data["server"]["errors"],
        "serialization_retries": data["server"]["serialization_retries"],
        "retries_exhausted": data["server"]["retries_exhausted"],
        "cron_failures": data["server"].get("cron_failures", 0),
        "integrity": data["integrity"],
    }


def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def ratio(revo, bare):
    return round(revo / bare, 2) if revo is not None and bare else None


def judge_load(result, machine, command):
    """The report of one load run: each flavour summarized, and revo's
    throughput, p95s, server errors and integrity judged."""
    duration = result["duration_s"]
    flavours = {
        name: summarize_flavour(data, duration)
        for name, data in result["flavours"].items()
    }
    bare, revo = flavours.get("bare"), flavours.get("revo")
    checks = []
    if bare and revo:
        value = ratio(revo["throughput_rps"], bare["throughput_rps"])
        checks.append(
            {
                "check": "throughput",
                "bare": bare["throughput_rps"],
                "revo": revo["throughput_rps"],
                "ratio": value,
                "target": f">= {THROUGHPUT_TARGET}x bare",
                "result": verdict(value and value >= THROUGHPUT_TARGET),
            }
        )
        for name, op in revo["operations"].items():
            base = bare["operations"].get(name)
            value = ratio(op["p95_ms"], base and base["p95_ms"])
            checks.append(
                {
                    "check": f"p95 {name}",
                    "bare": base and base["p95_ms"],
                    "revo": op["p95_ms"],
                    "ratio": value,
                    "target": f"<= {P95_TARGET}x bare",
                    "result": verdict(value and value <= P95_TARGET),
                }
            )
    if revo:
        checks.append(
            {
                "check": "server errors",
                "bare": bare and bare["server_errors"],
                "revo": revo["server_errors"],
                "target": "0",
                "result": verdict(revo["server_errors"] == 0),
            }
        )
        checks.append(
            {
                "check": "scheduled job runs failed (run again later)",
                "bare": bare and bare["cron_failures"],
                "revo": revo["cron_failures"],
                "target": "(information)",
                "result": "info",
            }
        )
        for key, label in INTEGRITY:
            found = revo["integrity"].get(key)
            count = len(found) if isinstance(found, list) else found
            base = bare and bare["integrity"].get(key)
            checks.append(
                {
                    "check": label,
                    "bare": len(base) if isinstance(base, list) else base,
                    "revo": count,
                    "target": "0",
                    "result": verdict(None if count is None else count == 0),
                }
            )
    return {
        "command": command,
        "machine": machine,
        "size": result["size"],
        "duration_s": duration,
        "people_per_role": result["people_per_role"],
        "workers": result["workers"],
        "cron_workers": result["cron_workers"],
        "flavours": flavours,
        "checks": checks,
        "passed": all(c["result"] != "FAIL" for c in checks),
    }


def cell(value, unit=""):
    return "-" if value is None else f"{value:g}{unit}"


def render_load(report):
    """The report as the load section of bench/report.md."""
    people = report["people_per_role"]
    lines = [
        BEGIN,
        "## Under load: many workers, many people at once",
        "",
        f"Produced by `{report['command']}` on {report['machine']}: each flavour "
        f"on a database of {report['size']:,} tickets, served by Odoo with "
        f"`--workers {report['workers']} --max-cron-threads "
        f"{report['cron_workers']}` on 127.0.0.1, worked by {people} people of "
        "each role (reseller staff, CX agents, developers, portal clients; bare "
        "helpdesk_mgmt: helpdesk users doing the same and portal clients) at "
        "once, each as fast as the server answers, for "
        f"{report['duration_s']:g} s per flavour in four phases (bare, revo, "
        "revo, bare). p50/p95 in ms of the requests answered; refused = what "
        "the person is told no (a move another person made first, a ticket "
        "offering it no move that needs no form).",
        "",
        "| check | bare | revo_helpdesk | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
        *(
            f"| {c['check']} | {cell(c['bare'])} | {cell(c['revo'])} | "
            f"{cell(c.get('ratio'))} | {c['target']} | {c['result']} |"
            for c in report["checks"]
        ),
    ]
    for name, flavour in report["flavours"].items():
        integrity = flavour["integrity"]
        lines += [
            "",
            f"### {name}: {flavour['requests']} requests, "
            f"{cell(flavour['throughput_rps'])}/s, "
            f"{flavour['serialization_retries']} serialization retries "
            f"({flavour['retries_exhausted']} given up), "
            f"{flavour['server_errors']} server errors, "
            f"{integrity['writes_accepted']} writes accepted, "
            f"{integrity.get('moves_accepted', 0)} moves",
            "",
            "| operation | done | refused | errors | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|---:|",
            *(
                f"| {op_name} | {op['ok']} | {op['refused']} | {op['errors']} | "
                f"{cell(op['p50_ms'])} | {cell(op['p95_ms'])} |"
                for op_name, op in flavour["operations"].items()
            ),
        ]
    lines += ["", OPERATIONS_NOTE, END, ""]
    return "\n".join(lines)


def splice_section(markdown, section):
    """`markdown` with its load section replaced by `section` (appended
    when it has none)."""
    start, end = markdown.find(BEGIN), markdown.find(END)
    if start != -1 and end != -1:
        return markdown[:start] + section.rstrip("\n") + markdown[end + len(END) :]
    return markdown.rstrip("\n") + "\n\n" + section


def load_section(markdown):
    """The load section of `markdown`, '' when it has none."""
    start, end = markdown.find(BEGIN), markdown.find(END)
    return markdown[start : end + len(END)] + "\n" if -1 not in (start, end) else ""


def write_load_report(path, md_path, json_path, machine, command):
    """Judge the raw results in `path`, write them as JSON and as the load
    section of the Markdown report, and return the section."""
    report = judge_load(json.loads(Path(path).read_text()), machine, command)
    Path(json_path).write_text(json.dumps(report, indent=1) + "\n")
    section = render_load(report)
    md = Path(md_path)
    md.write_text(splice_section(md.read_text() if md.exists() else "", section))
    return section
