# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark revo_helpdesk against bare helpdesk_mgmt (driven by scripts/bench).

    python -m bench run --bare-db DB --revo-db DB --size N --out FILE [--runs 5] \\
        -- ODOO_OPTIONS...
    python -m bench report --md bench/report.md --json bench/report.json FILE...
    python -m bench similar --db DB --size N --out FILE [--runs 5] -- ODOO_OPTIONS...
    python -m bench load --bare-db DB --revo-db DB --size N --out FILE \\
        [--duration 60] [--people 4] [--workers 3] -- ODOO_OPTIONS...
    python -m bench load-report --md bench/report.md --json bench/load.json FILE

`run` fills each installed database with N tickets and times what the web
client calls (bench.run); `report` compares them (bench.report, which needs no
Odoo); `similar` times the similar-tickets query of the ticket form
(bench.similar); `load` serves each database with a multi-worker Odoo and
works it with simulated people at once, then checks what they wrote
(bench.load, bench.people, bench.integrity); `load-report` judges that
(bench.load_report, no Odoo).
"""

import argparse
import os
import sys

from .load_report import write_load_report
from .report import write_report

RUNS = 5


def odoo_benchmark(command_name):
    """The function of an Odoo-side command, imported once Odoo is importable
    (from $ODOO_SRC when set)."""
    if os.environ.get("ODOO_SRC"):
        sys.path.insert(0, os.environ["ODOO_SRC"])
    from .load import run_load
    from .run import run_benchmark
    from .similar import similar_benchmark

    return {"run": run_benchmark, "similar": similar_benchmark, "load": run_load}[
        command_name
    ]


def main():
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.split("\n")[0]
    )
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
    p_load = sub.add_parser("load", help="serve and work the databases at once")
    p_load.add_argument("--bare-db", required=True)
    p_load.add_argument("--revo-db", required=True)
    p_load.add_argument("--size", type=int, required=True)
    p_load.add_argument("--duration", type=float, default=60, help="s per flavour")
    p_load.add_argument("--people", type=int, default=4, help="people per role")
    p_load.add_argument("--workers", type=int, default=3)
    p_load.add_argument("--port", type=int, default=18600, help="first of two")
    p_load.add_argument("--log-dir", required=True)
    p_load.add_argument("--out", required=True)
    p_load.add_argument("odoo", nargs=argparse.REMAINDER, help="-- odoo options")
    p_lrep = sub.add_parser("load-report", help="judge the results of `load`")
    p_lrep.add_argument("--md", required=True)
    p_lrep.add_argument("--json", required=True)
    p_lrep.add_argument("--command", default="scripts/bench --load")
    p_lrep.add_argument("--machine", default="")
    p_lrep.add_argument("file")
    p_rep = sub.add_parser("report", help="compare the results of `run`")
    p_rep.add_argument("--md", required=True)
    p_rep.add_argument("--json", required=True)
    p_rep.add_argument("--command", default="scripts/bench")
    p_rep.add_argument("--runs", type=int, default=RUNS)
    p_rep.add_argument("--machine", default="")
    p_rep.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.command_name in ("run", "similar", "load"):
        args.odoo = [a for a in args.odoo if a != "--"]
        odoo_benchmark(args.command_name)(args)
    elif args.command_name == "load-report":
        print(
            write_load_report(args.file, args.md, args.json, args.machine, args.command)
        )
    else:
        markdown = write_report(
            args.files, args.md, args.json, args.command, args.runs, args.machine
        )
        print(markdown)


if __name__ == "__main__":
    main()
