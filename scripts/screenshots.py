#!/usr/bin/env python3
# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Take the README's screenshots from a running demo (scripts/demo) with
headless Chromium, driven over the DevTools protocol.

    scripts/screenshots.py [--url http://127.0.0.1:8069] [--out docs/screenshots]
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket


def open_card_then(title, script):
    """JavaScript that opens the board's card named `title`, then runs
    `script` on its form."""
    return f"""(async () => {{
        [...document.querySelectorAll('.o_kanban_record')]
            .find((el) => el.textContent.includes({json.dumps(title)})).click();
        await new Promise((r) => setTimeout(r, 2500));
        {script}
    }})()"""


# (file, login, path, JavaScript run once the page is ready, or None)
SHOTS = [
    ("kanban-reseller.png", "reseller1", "/odoo/reseller-support", None),
    (
        "escalate-wizard.png",
        "reseller1",
        "/odoo/reseller-support",
        open_card_then(
            "Cannot open the cash drawer",
            """[...document.querySelectorAll('.o_revo_transition_buttons button')]
                .find((el) => el.textContent.includes('Escalate to REVO')).click();""",
        ),
    ),
    (
        "ticket-form-reseller.png",
        "reseller1",
        "/odoo/reseller-support",
        open_card_then(
            "Card payments fail",
            "document.querySelector('.o-mail-Chatter-logNote').click();",
        ),
    ),
    ("kanban-support.png", "cx1", "/odoo/reseller-support", None),
    ("partner-list.png", "reseller1", "/odoo/partner-tickets", None),
    ("portal-list.png", "client1", "/my/tickets", None),
    (
        "portal-ticket.png",
        "client1",
        "/my/tickets",
        """(() => {
        [...document.querySelectorAll('a')]
            .find((el) => el.textContent.includes('printer does not print'))
            .click();
    })()""",
    ),
]


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="revo-shots-")
        port = _free_port()
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1440,900",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = websocket.create_connection(_page_socket_url(port), timeout=30)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.next_id:
                return answer.get("result", {})

    def open(self, url, settle=4):
        self.send("Page.navigate", url=url)
        time.sleep(settle)

    def run(self, script, settle=3):
        self.send("Runtime.evaluate", expression=script, awaitPromise=True)
        time.sleep(settle)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page_socket_url(port):
    for _attempt in range(50):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
                pages = [t for t in json.load(answer) if t["type"] == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("Chromium did not open its DevTools port")


def log_in(browser, base_url, login):
    browser.open(f"{base_url}/web/session/logout?redirect=/web/login", settle=2)
    browser.open(f"{base_url}/web/login", settle=2)
    browser.run(
        f"""document.querySelector('input[name=login]').value = {json.dumps(login)};
        document.querySelector('input[name=password]').value = {json.dumps(login)};
        document.querySelector('form.oe_login_form').submit();""",
        settle=4,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.chromium)
    try:
        # The first visit builds the asset bundles: let it finish unseen.
        log_in(browser, args.url, SHOTS[0][1])
        browser.open(args.url + SHOTS[0][2], settle=15)
        for name, login, path, script in SHOTS:
            log_in(browser, args.url, login)
            browser.open(args.url + path)
            if script:
                browser.run(script)
            browser.screenshot(args.out / name)
            print(f"{args.out / name}: {login} on {path}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
