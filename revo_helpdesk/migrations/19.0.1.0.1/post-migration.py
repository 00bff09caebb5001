# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    detached = env["helpdesk.ticket"]._detach_from_non_incidents()
    if detached:
        _logger.info(
            "%s tickets detached from tickets that are no longer incidents", detached
        )
