# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A small client of revo_helpdesk's app API (docs/api.md), as REVO's app or
back office would use it: Odoo 19's JSON-2 endpoint with an API key.

    from revo_app_client import RevoAppClient
    client = RevoAppClient("https://support.example.com", api_key, database="revo")
    ticket = client.open_ticket("Printer offline", "Since noon")
    client.reply(ticket["id"], "It blinks red", files=["printer.jpg"])

Or from a shell, with REVO_URL, REVO_API_KEY and (several databases) REVO_DB:

    python3 revo_app_client.py list [open|closed|all]
    python3 revo_app_client.py open "Subject" "Description"
    python3 revo_app_client.py thread 42
    python3 revo_app_client.py reply 42 "Text" [file ...]

Needs `requests` only.
"""

import base64
import json
import os
import sys
from pathlib import Path

import requests


class RevoAppError(Exception):
    """An error answer of the API: its HTTP status, Odoo's exception name and
    its message (e.g. 404, odoo.exceptions.MissingError, ...)."""

    def __init__(self, status, name, message):
        super().__init__(f"{status} {name}: {message}")
        self.status = status
        self.name = name
        self.message = message


class RevoAppClient:
    def __init__(self, base_url, api_key, database=None, session=None, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.headers = {
            "Authorization": f"bearer {api_key}",
            "Content-Type": "application/json",
        }
        if database:
            # Needed when the server hosts several databases.
            self.headers["X-Odoo-Database"] = database

    def call(self, model, method, ids=None, **params):
        """POST /json/2/<model>/<method>; the decoded answer, or RevoAppError."""
        if ids is not None:
            params["ids"] = ids
        response = self.session.post(
            f"{self.base_url}/json/2/{model}/{method}",
            data=json.dumps(params),
            headers=self.headers,
            timeout=self.timeout,
        )
        if response.status_code != 200:
            try:
                error = response.json()
            except ValueError:
                error = {"name": "", "message": response.text}
            raise RevoAppError(
                response.status_code, error.get("name", ""), error.get("message", "")
            )
        return response.json()

    # The contract: public methods of helpdesk.ticket.

    def open_ticket(
        self, subject, description, category_id=None, system_id=None, channel="app"
    ):
        return self.call(
            "helpdesk.ticket",
            "app_open_ticket",
            subject=subject,
            description=description,
            category_id=category_id,
            system_id=system_id,
            channel=channel,
        )

    def list_tickets(self, state="open", limit=80, offset=0):
        return self.call(
            "helpdesk.ticket",
            "app_list_tickets",
            state=state,
            limit=limit,
            offset=offset,
        )

    def thread(self, ticket_id):
        return self.call("helpdesk.ticket", "app_thread", ids=[ticket_id])

    def reply(self, ticket_id, body, files=()):
        """Post `body`, with `files` (paths) attached."""
        attachments = [
            {
                "name": os.path.basename(path),
                "content": base64.b64encode(Path(path).read_bytes()).decode(),
            }
            for path in files
        ]
        return self.call(
            "helpdesk.ticket",
            "app_reply",
            ids=[ticket_id],
            body=body,
            attachments=attachments,
        )

    def close(self, ticket_id, comment=""):
        return self.call(
            "helpdesk.ticket", "app_close", ids=[ticket_id], comment=comment
        )

    def reopen(self, ticket_id, comment=""):
        return self.call(
            "helpdesk.ticket", "app_reopen", ids=[ticket_id], comment=comment
        )

    # What the app offers when opening a ticket: plain JSON-2 reads, with the
    # user's access.

    def categories(self):
        return self.call(
            "helpdesk.ticket.category",
            "search_read",
            domain=[["show_in_portal", "=", True]],
            fields=["name"],
        )

    def systems(self):
        return self.call(
            "revo.helpdesk.system",
            "search_read",
            domain=[],
            fields=["display_name", "partner_id"],
        )


def main(argv):
    client = RevoAppClient(
        os.environ["REVO_URL"],
        os.environ["REVO_API_KEY"],
        database=os.environ.get("REVO_DB"),
    )
    command, *args = argv or ["list"]
    if command == "list":
        result = client.list_tickets(*args[:1])
    elif command == "open":
        result = client.open_ticket(*args[:2])
    elif command == "thread":
        result = client.thread(int(args[0]))
    elif command == "reply":
        result = client.reply(int(args[0]), args[1], args[2:])
    else:
        sys.exit(f"unknown command {command!r}: list, open, thread or reply")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except RevoAppError as error:
        sys.exit(str(error))
