# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill a database with tickets: a few hundred made through the ORM, the
rest copied from them in SQL so that stored computed fields stay consistent."""

# Columns of revo_helpdesk's board that hold cards (its twelve stages but the
# folded Resolved and Canceled); the bare board gets as many.
BOARD_COLUMNS = 10
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
