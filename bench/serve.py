# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Start Odoo's server for the load benchmark, as odoo-bin does. The
benchmark measures HTTP requests, not the websocket: the websocket process
the server starts again through this file (`serve.py gevent ...`) only
waits, so that the benchmark needs no working gevent and that process does
not take the machine's time."""

import signal
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["gevent"]:
        signal.pause()  # until the server stops it
    else:
        del sys.path[0]  # this folder: its modules are no Odoo's
        import odoo.cli

        odoo.cli.main()
