# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon


class RevoHelpdeskCase(BaseCommon):
    """Two resellers with their staff and clients, and REVO's staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.team = cls.env.ref("revo_helpdesk.helpdesk_team_revo_support")
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.reseller_a = cls._create_reseller("Reseller A")
        cls.reseller_b = cls._create_reseller("Reseller B")
        cls.client_a = cls._create_client("Client A", cls.reseller_a)
        cls.client_b = cls._create_client("Client B", cls.reseller_b)
        cls.reseller_user_a = cls._create_user(
            "reseller_a", "revo_helpdesk.group_reseller", cls.reseller_a
        )
        cls.reseller_user_b = cls._create_user(
            "reseller_b", "revo_helpdesk.group_reseller", cls.reseller_b
        )
        cls.portal_user_a = cls._create_user(
            "client_a", "base.group_portal", cls.client_a
        )
        cls.portal_user_b = cls._create_user(
            "client_b", "base.group_portal", cls.client_b
        )
        cls.agent = cls._create_user("cx_agent", "revo_helpdesk.group_support_agent")
        cls.developer = cls._create_user("developer", "revo_helpdesk.group_developer")
        cls.manager = cls._create_user("manager", "revo_helpdesk.group_manager")
        cls.team.user_ids = [(4, cls.agent.id), (4, cls.developer.id)]

    @classmethod
    def _create_reseller(cls, name):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "is_reseller": True}
        )

    @classmethod
    def _create_client(cls, name, reseller):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "reseller_id": reseller.id}
        )

    @classmethod
    def _create_user(cls, login, groups, company_partner=None):
        login = f"revo_test_{login}"
        user = new_test_user(
            cls.env, login=login, groups=groups, email=f"{login}@example.com"
        )
        if company_partner:
            user.partner_id.parent_id = company_partner
        return user

    @classmethod
    def _stage(cls, name):
        return cls.env.ref(f"revo_helpdesk.stage_{name}")

    @classmethod
    def _create_client_ticket(cls, portal_user, name="Printer does not print"):
        """A ticket as the portal controller creates it for a client."""
        ticket = (
            cls.Ticket.with_user(portal_user)
            .sudo()
            .create(
                {
                    "name": name,
                    "description": "<p>Since this morning.</p>",
                    "partner_id": portal_user.partner_id.id,
                }
            )
        )
        return cls.Ticket.browse(ticket.id)

    def _client_ticket_with_revo(self):
        """A client ticket CX works on, escalated, followed by its client, its
        reseller and its agent."""
        ticket = self._create_client_ticket(self.portal_user_a)
        ticket.sudo().write(
            {
                "stage_id": self._stage("in_progress_revo_support").id,
                "user_id": self.agent.id,
                "escalated": True,
            }
        )
        ticket.message_subscribe(
            (self.portal_user_a | self.reseller_user_a | self.agent).partner_id.ids
        )
        return ticket

    @classmethod
    def _create_reseller_ticket(cls, reseller_user, name="License transfer"):
        ticket = cls.Ticket.with_user(reseller_user).create(
            {"name": name, "description": "<p>For a new terminal.</p>"}
        )
        return cls.Ticket.browse(ticket.id)

    @classmethod
    def _create_calendar(cls, holidays=()):
        """Monday to Friday, 9:00-13:00 and 14:00-18:00 UTC (8 hours a day),
        with the given dates off for everyone."""
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "REVO office hours",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, hour_from, hour_to in (
                        ("morning", 9, 13),
                        ("afternoon", 14, 18),
                    )
                ],
            }
        )
        for day in holidays:
            cls.env["resource.calendar.leaves"].create(
                {
                    "name": "Public holiday",
                    "calendar_id": calendar.id,
                    "date_from": f"{day} 00:00:00",
                    "date_to": f"{day} 23:59:59",
                }
            )
        return calendar

    def _last_message(self, ticket):
        return self.env["mail.message"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)],
            order="id desc",
            limit=1,
        )

    def _last_move(self, ticket):
        return self.env["revo.helpdesk.ticket.move"].search(
            [("ticket_id", "=", ticket.id)], order="id desc", limit=1
        )


# Monday 2 November 2026; Wednesday the 4th is a public holiday in some tests.
MONDAY = "2026-11-02"


def at(day, hour):
    return fields.Datetime.to_datetime(f"{day} {hour}")


class ServiceTargetCase(RevoHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._create_calendar()
        cls.team.resource_calendar_id = cls.calendar
        cls.urgent = cls.env.ref("revo_helpdesk.category_urgent")
        cls.question = cls.env.ref("revo_helpdesk.category_question")
        cls.server = cls.env.ref("revo_helpdesk.category_server")
        cls.no_error = cls.env.ref("revo_helpdesk.category_issue_without_error")

    def _client_ticket(self, when, category, name="Printer does not print"):
        with freeze_time(when):
            ticket = self._create_client_ticket(self.portal_user_a, name)
            ticket.sudo().category_id = category
            ticket.sudo()._restart_response_clock()
        return ticket

    def _portal_ticket(self, when, category, user=None):
        """A client ticket created with its category, as the portal form
        does it."""
        user = user or self.portal_user_a
        with freeze_time(when):
            ticket = (
                self.Ticket.with_user(user)
                .sudo()
                .create(
                    {
                        "name": "Card payments fail",
                        "description": "<p>Since the update.</p>",
                        "partner_id": user.partner_id.id,
                        "category_id": category.id,
                    }
                )
            )
        return self.Ticket.browse(ticket.id)


class PortalViewModeMixin:
    """For HttpCase: the portal's reply box (Update / Close Ticket / Reopen),
    posted as the authenticated user, with `files` as (name, content, type)."""

    def _post_view_mode(self, ticket, action, comment="", files=()):
        return self.url_open(
            f"/my/ticket/{ticket.id}/update",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "comment": comment,
                "action": action,
            },
            files=[("attachments", file) for file in files] or None,
        )
