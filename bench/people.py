# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The simulated people of the load benchmark: each one logs in to a running
server over HTTP (localhost) and does, as fast as the server answers, what
people of its role do, picking some of its tickets among a few hot ones that
everybody works at once. It imports no Odoo: it is a client."""

import itertools
import random
import re
import threading
import time

import requests
from lxml import etree

from .operations import CARDS, spec_from_arch

PASSWORD = "bench-load"
# The share of ticket picks that go to the hot tickets everybody races on.
HOT_SHARE = 0.5
# What each role does, with how often (weights).
MIXES = {
    "reseller": {"board": 3, "form": 4, "message": 2, "new_ticket": 1, "export": 1},
    "agent": {
        "board": 3,
        "form": 4,
        "note": 2,
        "message": 2,
        "move": 3,
        "similar": 1,
        "export": 1,
    },
    "developer": {"board": 3, "form": 4, "note": 2, "similar": 1},
    "client": {"portal_list": 2, "portal_page": 4},
}
# Errors of a refused action, which a person sees as a message: not server
# errors.
REFUSALS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
    # A record the person may not see, as the chatter's routes answer it.
    "werkzeug.exceptions.NotFound",
    "werkzeug.exceptions.Forbidden",
}
# Roles that work the hot tickets (developers see only the tickets that
# reached development).
RACING_ROLES = {"reseller", "agent", "client"}
TIMEOUT_S = 120
TOKEN = re.compile(r"bench-load-[a-z]+-\d+-\d+")


class Refused(Exception):
    """The server refused the action (a user error, an access error)."""


class ServerError(Exception):
    """The server failed: a 5xx, or a JSON-RPC error that is no refusal."""


class Person:
    """One simulated person: `role`, `login`, on the server at `base`."""

    def __init__(self, number, role, login, setup):
        self.number, self.role, self.login = number, role, login
        self.setup = setup  # flavour, base, db, hot ticket ids, domain
        self.rng = random.Random(number)
        self.session = requests.Session()
        self.samples = []  # (operation, ms, outcome)
        self.writes = []  # (kind, token, ticket id, accepted)
        self.moves = []  # (ticket id, stage id) of the moves accepted
        self.hot = setup["hot"] if role in RACING_ROLES else []
        self.tickets = list(self.hot)  # the cards last seen
        self.portal_tickets = []
        self.tokens = itertools.count(1)
        self.specs = {}
        self.direct_moves = set()
        self.fault = False

    # ------------------------------------------------------------ transport

    def url(self, path):
        return self.setup["base"] + path

    def jsonrpc(self, path, params):
        response = self.session.post(
            self.url(path),
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=TIMEOUT_S,
        )
        if response.status_code >= 500:
            raise ServerError(f"{path}: HTTP {response.status_code}")
        response.raise_for_status()
        body = response.json()
        error = body.get("error")
        if error:
            name = (error.get("data") or {}).get("name", "")
            if name in REFUSALS:
                raise Refused(name)
            raise ServerError(f"{path}: {name or error.get('message')}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        response = self.session.get(self.url(path), timeout=TIMEOUT_S)
        if response.status_code >= 500:
            raise ServerError(f"{path}: HTTP {response.status_code}")
        if response.status_code >= 400 or response.url.rstrip("/").endswith("/my"):
            raise Refused(f"{path}: HTTP {response.status_code}")
        return response

    # ------------------------------------------------------------ session

    def start(self):
        self.jsonrpc(
            "/web/session/authenticate",
            {"db": self.setup["db"], "login": self.login, "password": PASSWORD},
        )
        if self.role == "client":
            return
        views = self.call(
            "helpdesk.ticket", "get_views", [[False, "kanban"], [False, "form"]]
        )
        fields = views["models"]["helpdesk.ticket"]["fields"]
        for view_type in ("kanban", "form"):
            arch = etree.fromstring(views["views"][view_type]["arch"])
            self.specs[view_type] = dict(spec_from_arch(arch, fields), display_name={})
        self.op_board()  # the board opens first, as in the web client
        if self.setup["flavour"] == "revo" and self.role == "agent":
            self.direct_moves = {
                t["id"]
                for t in self.call(
                    "revo.helpdesk.transition",
                    "search_read",
                    [("requirement", "=", "none")],
                    ["id"],
                )
            }

    def work_until(self, deadline):
        mix = MIXES[self.role]
        operations, weights = list(mix), list(mix.values())
        while time.monotonic() < deadline:
            operation = self.rng.choices(operations, weights)[0]
            start = time.perf_counter()
            try:
                getattr(self, f"op_{operation}")()
                outcome = "ok"
            except Refused:
                outcome = "refused"
            except (ServerError, requests.RequestException):
                outcome = "error"
            except Exception:  # a fault of the benchmark: stop the run
                self.fault = True
                raise
            ms = (time.perf_counter() - start) * 1000
            self.samples.append((operation, round(ms, 1), outcome))

    # ------------------------------------------------------------ helpers

    def pick_ticket(self):
        if self.hot and self.rng.random() < HOT_SHARE:
            return self.rng.choice(self.hot)
        if not self.tickets:
            raise Refused("no ticket on the board")
        return self.rng.choice(self.tickets)

    def pick_portal_ticket(self):
        if self.hot and self.rng.random() < HOT_SHARE:
            return self.rng.choice(self.hot)
        return self.rng.choice(self.portal_tickets or self.hot)

    def token(self, kind):
        return f"bench-load-{kind}-{self.number}-{next(self.tokens)}"

    def write(self, kind, ticket_id, do):
        """Do a write that leaves `token` behind, noting whether the server
        accepted it: the integrity check looks for it afterwards."""
        token = self.token(kind)
        try:
            do(token)
        except Exception:
            self.writes.append((kind, token, ticket_id, False))
            raise
        self.writes.append((kind, token, ticket_id, True))

    def post(self, subtype, ticket_id, token):
        self.jsonrpc(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket_id,
                "post_data": {
                    "body": f"<p>{token}: the printer again.</p>",
                    "message_type": "comment",
                    "subtype_xmlid": subtype,
                },
            },
        )

    # ------------------------------------------------------------ operations

    def op_board(self):
        groups = self.call(
            "helpdesk.ticket",
            "web_read_group",
            self.setup["domain"],
            ["stage_id"],
            [],
            auto_unfold=True,
            unfold_read_specification=self.specs["kanban"],
            unfold_read_default_limit=CARDS,
        )["groups"]
        cards = [r["id"] for g in groups for r in g.get("__records", ())]
        if cards:
            self.tickets = cards

    def op_form(self):
        self.call(
            "helpdesk.ticket", "web_read", [self.pick_ticket()], self.specs["form"]
        )

    def op_note(self):
        ticket_id = self.pick_ticket()
        self.write("note", ticket_id, lambda t: self.post("mail.mt_note", ticket_id, t))

    def op_message(self):
        ticket_id = self.pick_ticket()
        self.write(
            "message", ticket_id, lambda t: self.post("mail.mt_comment", ticket_id, t)
        )

    def op_new_ticket(self):
        self.write(
            "ticket",
            None,
            lambda t: self.call(
                "helpdesk.ticket",
                "web_save",
                [],
                {"name": t, "description": "<p>The kitchen printer is offline.</p>"},
                specification={},
                context={"default_team_id": self.setup["team"]},
            ),
        )

    def op_move(self):
        ticket_id = self.pick_ticket()
        if self.setup["flavour"] == "revo":
            [ticket] = self.call(
                "helpdesk.ticket",
                "web_read",
                [ticket_id],
                {"allowed_transition_ids": {}},
            )
            moves = [
                t for t in ticket["allowed_transition_ids"] if t in self.direct_moves
            ]
            if not moves:
                raise Refused("no move open to this person")
            transition = self.rng.choice(moves)
            self.call("helpdesk.ticket", "action_move", [ticket_id], transition)
            [move] = self.call(
                "revo.helpdesk.transition", "read", [transition], ["stage_to_id"]
            )
            self.moves.append((ticket_id, move["stage_to_id"][0]))
        else:
            [ticket] = self.call(
                "helpdesk.ticket", "web_read", [ticket_id], {"stage_id": {}}
            )
            stages = [s for s in self.setup["stages"] if s != ticket["stage_id"]]
            stage = self.rng.choice(stages)
            self.call(
                "helpdesk.ticket",
                "web_save",
                [ticket_id],
                {"stage_id": stage},
                specification={},
            )
            self.moves.append((ticket_id, stage))

    def op_similar(self):
        ticket_id = self.pick_ticket()
        if self.setup["flavour"] == "revo":
            self.call("helpdesk.ticket", "read_similar_tickets", [ticket_id])
        else:  # bare has no panel: the nearest search a person would make
            self.call(
                "helpdesk.ticket",
                "web_search_read",
                [("stage_id.closed", "=", True), ("name", "ilike", "printer")],
                {"number": {}, "name": {}, "closed_date": {}},
                limit=5,
            )

    def op_export(self):
        if self.setup["flavour"] == "revo":
            self.get("/revo_helpdesk/tickets.json?limit=80").json()
        else:  # bare has no JSON export: the same page through the ORM
            self.call(
                "helpdesk.ticket",
                "web_search_read",
                [],
                {f: {} for f in ("number", "name", "create_date", "priority")},
                limit=80,
            )

    def op_portal_list(self):
        page = self.get("/my/tickets").text
        found = [int(i) for i in re.findall(r"/my/ticket/(\d+)", page)]
        if found:
            self.portal_tickets = found

    def op_portal_page(self):
        if not self.portal_tickets:
            self.op_portal_list()
        ticket_id = self.pick_portal_ticket()
        self.get(f"/my/ticket/{ticket_id}")


def run_people(setup, logins, seconds, first_number=0):
    """Run every person of `logins` ({role: [login]}) against the server of
    `setup` for `seconds`, all at once, and return them; people are numbered
    from `first_number` (their writes' tokens must differ from one phase to
    the next)."""
    people = [
        Person(number, role, login, setup)
        for number, (role, login) in enumerate(
            (
                (role, login)
                for role, role_logins in logins.items()
                for login in role_logins
            ),
            first_number,
        )
    ]
    for person in people:
        person.start()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=person.work_until, args=(deadline,), daemon=True)
        for person in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT_S)
    if any(person.fault for person in people):
        raise SystemExit("a simulated person stopped on an error of its own")
    return people
