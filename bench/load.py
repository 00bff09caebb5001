# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load benchmark: each flavour's database filled with tickets and
people, served by a multi-worker Odoo on localhost, worked by the simulated
people of bench.people in phases that alternate the flavours (bare, revo,
revo, bare: what the machine's other load does weighs on both alike), then
checked by bench.integrity. Writes the raw results that bench.load_report
judges."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

from .fixtures import QUIET, generate
from .integrity import check_integrity, snapshot
from .people import PASSWORD, run_people

HOT_TICKETS = 4
ROLES = ("reseller", "agent", "developer", "client")
START_TIMEOUT_S = 180


def run_load(args):
    config.parse_config(args.odoo)
    # Stopped from outside, still stop the servers (the finally below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    dbs = {"bare": args.bare_db, "revo": args.revo_db}
    setups, logins, marks = {}, {}, {}
    for flavour, db in dbs.items():
        setups[flavour], logins[flavour], marks[flavour] = fill(
            flavour, db, args.size, args.people
        )
    servers = {}
    try:
        for port, (flavour, db) in enumerate(dbs.items(), args.port):
            servers[flavour] = start_server(db, port, args, flavour)
            setups[flavour]["base"] = f"http://127.0.0.1:{port}"
        for flavour in dbs:
            wait_until_up(setups[flavour]["base"], servers[flavour])
        people = {flavour: [] for flavour in dbs}
        phase_s = args.duration / 2
        for number, flavour in enumerate(("bare", "revo", "revo", "bare")):
            print(f"  phase {number + 1}/4: {flavour}, {phase_s:g} s", flush=True)
            people[flavour] += run_people(
                setups[flavour], logins[flavour], phase_s, first_number=number * 1000
            )
    finally:
        logs = {flavour: stop_server(server) for flavour, server in servers.items()}
    result = {
        "size": args.size,
        "duration_s": args.duration,
        "people_per_role": args.people,
        "workers": args.workers,
        "cron_workers": 1,
        "flavours": {},
    }
    for flavour, db in dbs.items():
        registry = Registry(db)
        with registry.cursor() as cr:
            integrity = check_integrity(
                api.Environment(cr, SUPERUSER_ID, {}),
                flavour,
                marks[flavour],
                people[flavour],
            )
        result["flavours"][flavour] = {
            "db": db,
            "samples": [s for person in people[flavour] for s in person.samples],
            "people": {role: len(logins[flavour][role]) for role in logins[flavour]},
            "server": read_log(logs[flavour]),
            "integrity": integrity,
        }
    Path(args.out).write_text(json.dumps(result) + "\n")


# ------------------------------------------------------------------ fill


def fill(flavour, db, size, people):
    """Fill `db` with `size` tickets and `people` users of each role; return
    what the simulated people need, their logins by role, and the marks the
    integrity check starts from."""
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        fixture = generate(env, flavour, size)
        env = env(context=dict(env.context, **QUIET))
        logins, hot = (make_revo_people if flavour == "revo" else make_bare_people)(
            env, fixture, people
        )
        team = env["helpdesk.ticket.team"].browse(fixture["team"])
        setup = {
            "flavour": flavour,
            "db": db,
            "team": team.id,
            "domain": [],
            "hot": hot,
            "stages": team._get_applicable_stages().ids,
        }
        env.flush_all()
        marks = snapshot(env)
    print(f"{db}: {size} tickets and {people} people of each role", flush=True)
    return setup, logins, marks


def make_users(env, role, count, groups, parents, team=None):
    users = env["res.users"].create(
        [
            {
                "name": f"Load {role.title()} {i}",
                "login": f"load_{role}_{i}",
                "email": f"load_{role}_{i}@example.com",
                "password": PASSWORD,
                "group_ids": [(6, 0, [env.ref(g).id for g in groups])],
            }
            for i in range(count)
        ]
    )
    for user, parent in zip(users, parents, strict=False):
        user.partner_id.parent_id = parent
    if team:
        team.user_ids = [(4, user.id) for user in users]
    return users.mapped("login")


def make_revo_people(env, fixture, count):
    """A reseller's staff, REVO's CX agents and developers, and clients of
    that reseller; the hot tickets are that reseller's clients' tickets in
    REVO support's backlog, which all of them see."""
    team = env["helpdesk.ticket.team"].browse(fixture["team"])
    reseller = env["res.partner"].browse(fixture["form_reseller"])
    client = reseller.reseller_client_ids[:1]
    # Its people see all the company's tickets, the hot ones too.
    client.share_tickets_in_company = True
    logins = {
        "reseller": make_users(
            env, "reseller", count, ["revo_helpdesk.group_reseller"], [reseller] * count
        ),
        "agent": make_users(
            env, "agent", count, ["revo_helpdesk.group_support_agent"], [], team
        ),
        "developer": make_users(
            env, "developer", count, ["revo_helpdesk.group_developer"], [], team
        ),
        "client": make_users(
            env, "client", count, ["base.group_portal"], [client] * count
        ),
    }
    return logins, hot_ticket_ids(env, client, fixture)


def make_bare_people(env, fixture, count):
    """Helpdesk users in three roles doing the same work, and customers'
    portal users; the hot tickets are one customer's new tickets."""
    team = env["helpdesk.ticket.team"].browse(fixture["team"])
    customer = env["res.partner"].browse(fixture["partners"][0]).commercial_partner_id
    group = ["helpdesk_mgmt.group_helpdesk_user"]
    logins = {
        role: make_users(env, role, count, group, [], team)
        for role in ("reseller", "agent", "developer")
    }
    logins["client"] = make_users(
        env, "client", count, ["base.group_portal"], [customer] * count
    )
    return logins, hot_ticket_ids(env, customer, fixture)


def hot_ticket_ids(env, company, fixture):
    """The tickets everyone races on: the first new ones of one client."""
    return (
        env["helpdesk.ticket"]
        .search(
            [
                ("commercial_partner_id", "=", company.id),
                ("stage_id", "=", fixture["stage_from"]),
            ],
            limit=HOT_TICKETS,
            order="id",
        )
        .ids
    )


# ---------------------------------------------------------------- server


def start_server(db, port, args, flavour):
    """A multi-worker Odoo on 127.0.0.1:`port` serving `db` alone."""
    log = Path(args.log_dir) / f"{db}.server.log"
    command = [
        *odoo_command(),
        "server",
        *args.odoo,
        "-d",
        db,
        f"--db-filter=^{re.escape(db)}$",
        f"--workers={args.workers}",
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={port + 100}",
        "--limit-time-real=300",
        "--log-level=info",
        f"--logfile={log}",
    ]
    env = dict(os.environ)
    if env.get("ODOO_SRC"):
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [env["ODOO_SRC"], env.get("PYTHONPATH")])
        )
    print(f"  {flavour}: server on 127.0.0.1:{port}, log {log}", flush=True)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and options)
        command, env=env, stdin=subprocess.DEVNULL, start_new_session=True
    )
    process.log = log
    return process


def odoo_command():
    """How to start Odoo: through bench/serve.py (see there why)."""
    return [sys.executable, str(Path(__file__).with_name("serve.py"))]


def wait_until_up(base, process):
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server of {base} stopped; see {process.log}")
        try:
            if requests.get(base + "/web/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"the server of {base} did not answer; see {process.log}")


def stop_server(process):
    """Stop the server (its main process and workers) and return its log."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.log


def read_log(log):
    """What the server's log says of the run: its errors, and the
    transactions retried after a serialization failure (Odoo retries
    those up to five times before giving up)."""
    text = Path(log).read_text(errors="replace") if Path(log).exists() else ""
    # Odoo logs every failed query as an error, those of the serialization
    # failures it then retries too: the failed requests are logged apart. A
    # scheduled job's failed run (one that clashed with people's requests)
    # is run again later: counted apart too.
    errors, cron_failures = [], []
    for line in text.splitlines():
        if " ERROR " not in line or " odoo.sql_db: bad query" in line:
            continue
        is_cron = " odoo.addons.base.models.ir_cron: Job " in line
        (cron_failures if is_cron else errors).append(line)
    return {
        "errors": len(errors),
        "error_lines": errors[:10],
        "cron_failures": len(cron_failures),
        "cron_failure_lines": cron_failures[:10],
        "serialization_retries": text.count("tries left, try again in"),
        "retries_exhausted": text.count("maximum number of tries reached"),
        "log": str(log),
    }
