# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, Command, api

# The transitions are noupdate data: databases installed before the guide was
# read literally keep the old moves until this script brings them in line.
RESELLER_RESOLVE_FROM = (
    "revo_helpdesk.stage_backlog_client",
    "revo_helpdesk.stage_backlog_reseller",
    "revo_helpdesk.stage_in_progress_reseller",
)


def _reseller_resolves_from_every_open_stage(env):
    """ "If the case is fully resolved, move it to this stage": a reseller
    resolves from the backlogs too, not only from In Progress - Reseller."""
    transition = env.ref(
        "revo_helpdesk.transition_reseller_resolve", raise_if_not_found=False
    )
    if not transition:
        return
    transition.stage_from_ids = [
        Command.link(env.ref(xmlid).id) for xmlid in RESELLER_RESOLVE_FROM
    ]
    # Databases from the first release still call the move by its stage's
    # name, which the backlogs now show next to the stage itself.
    if transition.with_context(lang="en_US").name == "Resolved":
        transition.with_context(lang="en_US").name = "Resolve"


def _waiting_on_the_client_asks_for_the_note(env):
    """The guide: "add a note using the Add Note option ... and move the
    case to this column": the move to Backlog - Client asks for that note."""
    transition = env.ref(
        "revo_helpdesk.transition_reseller_wait_client", raise_if_not_found=False
    )
    if transition and transition.requirement == "none":
        transition.requirement = "client_note"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _reseller_resolves_from_every_open_stage(env)
    _waiting_on_the_client_asks_for_the_note(env)
