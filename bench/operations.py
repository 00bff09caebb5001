# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the web client calls, as the benchmark times it: each operation
prepares its call from a database and a fixture and returns it."""

import json

from lxml import etree

from .fixtures import DESCRIPTION, QUIET

BATCH = 100  # tickets created / moved in one call
DUE = 1000  # tickets made due for the reminder scan
CARDS = 40  # cards per kanban column, as the web client asks
# Field widgets that declare no related fields: the web client asks for the
# ids alone (revo_helpdesk's move buttons take their labels from a table the
# session keeps).
IDS_ONLY_WIDGETS = {"revo_transition_buttons"}


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
