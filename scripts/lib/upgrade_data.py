"""What an upgrade must not lose: fill a database built with an earlier
version with tickets of every stage and messages of every audience, take a
snapshot of its records and of what each demo user reads, and compare the
snapshots taken before and after the upgrade.

    UPGRADE_DATA=fill:OUT.json odoo shell -d DB < upgrade_data.py  (or snapshot:)
    python3 upgrade_data.py compare BEFORE.json AFTER.json

The shell modes run inside `odoo shell` (which gives `env`); compare needs no
Odoo. Exit status of compare: 0 when nothing was lost, 1 otherwise.
"""

import hashlib
import json
import os
import sys

STAGES = (
    "stage_backlog_client",
    "stage_backlog_reseller",
    "stage_in_progress_reseller",
    "stage_confirmation_reseller",
    "stage_resolved",
    "stage_backlog_revo_support",
    "stage_in_progress_revo_support",
    "stage_internal_review",
    "stage_canceled",
    "stage_backlog_dev",
    "stage_in_progress_dev",
    "stage_pending_release",
)
# Each audience of the guide, as (author's login, subtype): Add Note, Send
# Message both ways, REVO's note, the client's reply.
AUDIENCES = (
    ("reseller1", "revo_helpdesk.mt_client_note"),
    ("reseller1", "revo_helpdesk.mt_support_message"),
    ("cx1", "revo_helpdesk.mt_support_message"),
    ("cx1", "mail.mt_note"),
    ("client1", "revo_helpdesk.mt_client_message"),
)
READERS = ("reseller1", "reseller2", "cx1", "dev1", "manager", "client1", "client4")
MODELS = (
    "helpdesk.ticket",
    "revo.helpdesk.ticket.move",
    "revo.helpdesk.release",
    "revo.helpdesk.system",
)


def fill(env):
    """One ticket per stage, as client1's, with a message of every audience."""
    users = {u.login: u for u in env["res.users"].search([("login", "in", READERS)])}
    client = users["client1"].partner_id
    for xmlid in STAGES:
        stage = env.ref(f"revo_helpdesk.{xmlid}")
        ticket = (
            env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": f"Upgrade check {stage.name}",
                    "description": "<p>Kept across the upgrade</p>",
                    "partner_id": client.id,
                }
            )
        )
        # Development's stages need the tracker's reference.
        ticket.write({"stage_id": stage.id, "dev_reference": f"UPG-{ticket.id}"})
        for login, subtype in AUDIENCES:
            ticket.message_post(
                body=f"{subtype} by {login} on {stage.name}",
                message_type="comment",
                subtype_xmlid=subtype,
                author_id=users[login].partner_id.id,
            )
    env.cr.commit()


def _digest(text):
    return hashlib.sha1(str(text or "").encode()).hexdigest()


def snapshot(env):
    data = {"records": {}, "messages": {}, "readers": {}}
    for model in MODELS:
        if model in env:
            records = env[model].sudo().with_context(active_test=False).search([])
            data["records"][model] = sorted(records.ids)
    tickets = env["helpdesk.ticket"].sudo().with_context(active_test=False).search([])
    data["tickets"] = {
        str(t.id): [t.name, t.stage_id.id, t.reseller_id.id, t.partner_id.id]
        for t in tickets
    }
    messages = env["mail.message"].sudo().search([("model", "=", "helpdesk.ticket")])
    data["messages"] = {
        str(m.id): [m.res_id, m.subtype_id.id, m.message_type, _digest(m.body)]
        for m in messages
    }
    for user in env["res.users"].search([("login", "in", READERS)]):
        data["readers"][user.login] = {
            "tickets": sorted(env["helpdesk.ticket"].with_user(user).search([]).ids),
            "messages": sorted(
                env["mail.message"]
                .with_user(user)
                .search([("model", "=", "helpdesk.ticket")])
                .ids
            ),
        }
    return data


def compare(before, after):
    """The differences that mean something was lost or changed hands."""
    problems = []
    for model, ids in before["records"].items():
        lost = sorted(set(ids) - set(after["records"].get(model, ())))
        if lost:
            problems.append(f"{model}: {len(lost)} record(s) lost, e.g. {lost[:5]}")
    for kind in ("tickets", "messages"):
        for key, values in before[kind].items():
            if after[kind].get(key) != values:
                problems.append(f"{kind} {key}: {values} became {after[kind].get(key)}")
    for login, reads in before["readers"].items():
        for kind, ids in reads.items():
            now = after["readers"].get(login, {}).get(kind, [])
            lost, gained = set(ids) - set(now), set(now) - set(ids)
            if lost or gained:
                problems.append(
                    f"{login} reads other {kind}: lost {sorted(lost)[:5]}, "
                    f"gained {sorted(gained)[:5]}"
                )
    return problems


def main_compare(before_path, after_path):
    with open(before_path) as before, open(after_path) as after:
        problems = compare(json.load(before), json.load(after))
    for problem in problems:
        print(f"upgrade lost: {problem}")
    print(f"upgrade data: {len(problems)} problem(s)")
    return 1 if problems else 0


def main_shell(env, order):
    mode, path = order.split(":", 1)
    if mode == "fill":
        fill(env)
    with open(path, "w") as out:
        json.dump(snapshot(env), out)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "compare":
    sys.exit(main_compare(sys.argv[2], sys.argv[3]))
elif "env" in globals() and os.environ.get("UPGRADE_DATA"):
    main_shell(globals()["env"], os.environ["UPGRADE_DATA"])
