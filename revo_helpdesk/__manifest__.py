# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "REVO Reseller Helpdesk",
    "summary": "Reseller support desk: client and reseller tickets, REVO support "
    "and development stages, reseller isolation",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "REVO",
    "website": "https://github.com/revo/revo_helpdesk",
    "maintainers": ["revo"],
    "development_status": "Alpha",
    "depends": ["helpdesk_mgmt", "mail", "portal", "resource"],
    "data": [
        "security/revo_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_ticket_team_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "data/revo_helpdesk_transition_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "views/revo_helpdesk_release_views.xml",
        "views/revo_helpdesk_transition_views.xml",
        "views/revo_helpdesk_escalation_report_views.xml",
        "wizards/revo_helpdesk_escalate_views.xml",
        "wizards/revo_helpdesk_move_views.xml",
        "views/revo_helpdesk_menus.xml",
    ],
    "demo": ["demo/revo_helpdesk_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "revo_helpdesk/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "revo_helpdesk/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
