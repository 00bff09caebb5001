# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The performance benchmark of revo_helpdesk against bare helpdesk_mgmt, run by
scripts/bench as `python -m bench` (see bench/__main__.py). `report` judges the
results and writes bench/report.md and bench/report.json without Odoo; the
Odoo side fills databases (`fixtures`), calls what the web client calls
(`operations`), times it (`run`) and times the similar-tickets query
(`similar`)."""
