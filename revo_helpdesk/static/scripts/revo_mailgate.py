#!/usr/bin/env python3
# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deliver one email, read from standard input, to Odoo's mail gateway.

Made for an MTA's pipe delivery (Postfix ``pipe``, an /etc/aliases entry,
procmail, fetchmail's ``--mda``). Unlike Odoo's odoo-mailgate.py, which reads
standard input as text and gives up (exit 70) on 8-bit mail that is not
UTF-8, it hands Odoo the email's bytes exactly as received, so that Odoo
reads each part in the charset it declares.

Usage:

    revo_mailgate.py --url http://localhost:8069 -d DATABASE -u LOGIN \\
        --password-file /etc/odoo/mailgate.password < email.eml

The password (or an API key) comes from --password-file or the environment
variable ODOO_MAILGATE_PASSWORD, never from the command line, which other
users of the machine can read. The user must be an administrator (Settings):
revo_helpdesk lets only them feed the gateway.

Exit codes follow sysexits.h, which MTAs understand: 0 delivered, 64 bad
usage, 67 no alias or route for the recipient (the MTA bounces), 75 Odoo not
reachable (the MTA keeps the email and retries), 77 login refused, 78 unknown
database, 70 anything else.
"""

import argparse
import os
import socket
import sys
import xmlrpc.client

EX_OK = 0
EX_USAGE = 64
EX_NOUSER = 67
EX_SOFTWARE = 70
EX_TEMPFAIL = 75
EX_NOPERM = 77
EX_CONFIG = 78
PASSWORD_VARIABLE = "ODOO_MAILGATE_PASSWORD"


class Refused(Exception):
    def __init__(self, exit_code, reason):
        super().__init__(reason)
        self.exit_code = exit_code


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Deliver the email on standard input to Odoo, byte for byte."
    )
    parser.add_argument(
        "--url", default="http://localhost:8069", help="Odoo's address (%(default)s)"
    )
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-u", "--user", required=True, help="login of the user")
    parser.add_argument(
        "--password-file",
        help=f"file holding the password or API key (else ${PASSWORD_VARIABLE})",
    )
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds (%(default)s)"
    )
    return parser.parse_args(argv)


def read_password(arguments):
    if arguments.password_file:
        with open(arguments.password_file, encoding="utf-8") as password_file:
            return password_file.read().strip()
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        raise Refused(EX_USAGE, f"give --password-file or set {PASSWORD_VARIABLE}")
    return password


def deliver(arguments, password, raw_email):
    """Log in and hand the email's bytes to mail.thread.message_process;
    return what it returns (the id of the record the email landed on)."""
    url = arguments.url.rstrip("/")
    socket.setdefaulttimeout(arguments.timeout)
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
    database = arguments.database
    try:
        uid = common.authenticate(database, arguments.user, password, {})
        if not uid:
            raise Refused(EX_NOPERM, f"login refused for {arguments.user}")
        # Binary travels as base64: not one byte of the email is decoded.
        return models.execute_kw(
            database,
            uid,
            password,
            "mail.thread",
            "message_process",
            [False, xmlrpc.client.Binary(raw_email)],
            {},
        )
    except xmlrpc.client.Fault as fault:
        raise Refused(*classify_fault(fault.faultString)) from fault
    except xmlrpc.client.ProtocolError as error:
        code = EX_TEMPFAIL if error.errcode >= 500 else EX_SOFTWARE
        raise Refused(code, f"Odoo answered HTTP {error.errcode}") from error
    except OSError as error:
        raise Refused(EX_TEMPFAIL, f"cannot reach Odoo at {url}: {error}") from error


def classify_fault(fault_string):
    """The exit code and the one line to report for an error Odoo raised."""
    if "No possible route" in fault_string:
        return EX_NOUSER, "no alias or ticket matches the recipients"
    if "does not exist" in fault_string and "database" in fault_string:
        return EX_CONFIG, "unknown database"
    if "AccessDenied" in fault_string or "AccessError" in fault_string:
        return EX_NOPERM, "the user may not feed the mail gateway"
    lines = [line for line in fault_string.strip().splitlines() if line.strip()]
    return EX_SOFTWARE, lines[-1] if lines else "Odoo refused the email"


def main(argv=None):
    arguments = parse_arguments(argv)
    try:
        password = read_password(arguments)
        raw_email = sys.stdin.buffer.read()
        if not raw_email.strip():
            raise Refused(EX_USAGE, "no email on standard input")
        deliver(arguments, password, raw_email)
    except Refused as refused:
        # One line, never a traceback: MTAs quote it in their bounces.
        sys.stderr.write(f"revo_mailgate: {refused}\n")
        return refused.exit_code
    except OSError as error:
        sys.stderr.write(f"revo_mailgate: {error}\n")
        return EX_SOFTWARE
    return EX_OK


if __name__ == "__main__":
    sys.exit(main())
