# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill a database per flavour with tickets, then time what the web client
calls, each call in a fresh transaction rolled back afterwards, both databases
side by side and vacuumed before each round."""

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import NamedTuple
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import config

from .fixtures import generate
from .operations import MEASUREMENTS, web_env


def run_once(registry, prepare, facts, statements=None):
    """Time one call in a fresh transaction (as an RPC gets), flushed with its
    precommit hooks as a commit would, then rolled back. `prepare(env,
    facts)` is not timed: it returns the call and may note facts about it."""
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


class Job(NamedTuple):
    """One measurement of one flavour, made as `role` (None: the cron's user)."""

    flavour: str
    name: str
    label: str
    role: str | None
    op: Callable

    @property
    def key(self):
        return self.flavour, self.name


def run_benchmark(args):
    """Fill the databases of one size, measure them and write the results to
    `args.out` (with --runs 0, only fill them)."""
    config.parse_config(args.odoo)
    result = {"size": args.size, "runs": args.runs, "flavours": {}}
    registries, fixtures = {}, {}
    for flavour, db in (("bare", args.bare_db), ("revo", args.revo_db)):
        if db:
            registries[flavour], fixtures[flavour], seconds = fill(
                flavour, db, args.size
            )
            result["flavours"][flavour] = {"db": db, "generation_s": seconds}
    jobs = [
        Job(flavour, name, label, roles[flavour], op)
        for name, label, op, roles in MEASUREMENTS
        for flavour in registries
        if flavour in roles
    ]
    if args.runs:
        samples, facts, statements = measure(registries, fixtures, jobs, args.runs)
        for job in jobs:
            done = summarize(job, samples[job.key], facts[job.key], statements[job.key])
            flavour = result["flavours"][job.flavour]
            flavour.setdefault("measurements", {})[job.name] = done
            ms, queries = done["median_ms"], done["queries"]
            print(f"  {job.flavour} {job.name:<16} {ms:>9.1f} ms {queries:>6g} q")
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")


def fill(flavour, db, size):
    """The registry of `db`, filled with `size` tickets, the fixture of the
    filling and the seconds it took."""
    registry = Registry(db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        fixture = generate(api.Environment(cr, SUPERUSER_ID, {}), flavour, size)
    seconds = round(time.perf_counter() - start, 1)
    print(f"{db}: {size} tickets made in {seconds} s", flush=True)
    return registry, fixture, seconds


def measure(registries, fixtures, jobs, runs):
    """Measure the jobs in rounds: each round starts from vacuumed databases
    and runs every job once, bare and revo side by side, so that the load of
    other processes weighs on both alike. Round 0 warms up; a last, untimed
    round records the statements that repeat most. Returns, by job key, the
    (ms, queries) samples of the timed rounds, the facts the jobs noted and
    the statements counted."""
    samples = {job.key: [] for job in jobs}
    facts = {job.key: {} for job in jobs}
    statements = {job.key: Counter() for job in jobs}
    with ExitStack() as stack:
        # The cron commits its batches; measurements must stay rolled back.
        for registry in registries.values():
            stack.enter_context(
                patch.object(
                    registry["ir.cron"], "_commit_progress", lambda *a, **k: 1e9
                )
            )
        for round_ in range(runs + 2):
            print(f"  round {round_}/{runs + 1}", flush=True)
            for registry in registries.values():
                vacuum(registry)
            for job in jobs:
                prepare = prepare_as(fixtures[job.flavour], job.role, job.op)
                recorded = statements[job.key] if round_ > runs else None
                sample = run_once(
                    registries[job.flavour], prepare, facts[job.key], recorded
                )
                if 0 < round_ <= runs:
                    samples[job.key].append(sample)
    return samples, facts, statements


def summarize(job, samples, facts, statements):
    """The result of one job: its facts, median time and query count, every
    run's, and the statements it repeats most."""
    times, queries = zip(*samples, strict=True)
    return dict(
        facts,
        label=job.label,
        user=job.role or "cron",
        median_ms=round(statistics.median(times), 1),
        times_ms=[round(t, 1) for t in times],
        queries=statistics.median(queries),
        queries_runs=list(queries),
        top_statements=[[n, sql] for sql, n in statements.most_common(6) if n > 1],
    )
