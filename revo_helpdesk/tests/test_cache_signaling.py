# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools.cache import get_cache_key_counter


@tagged("post_install", "-at_install")
class TestCacheSignaling(TransactionCase):
    """A change of the move table, a stage or a setting made by one worker is
    seen by the other workers on their next request. Each worker process has
    its own registry caches; Odoo clears them when a request starts after
    another worker signaled a change through the database (signal_changes at
    the end of the changing request, check_signaling at the start of the
    next one). The other worker is simulated as Odoo's own signaling tests
    do: the cache and sequences it held before the change are put back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The real signaling: it writes to the database's signaling tables.
        cls._signal_changes_patcher.stop()

    def setUp(self):
        super().setUp()
        self.registry.cache_invalidated.clear()

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _assert_next_request_sees(self, read, args, change, undo):
        """`read(env)(*args)`, a method kept in the registry's caches, no
        longer answers what it did once `change(env)` was committed by another
        worker; `undo(env)` puts things back after the test."""
        registry = self.registry
        with registry.cursor() as cr:
            method = read(self._env(cr))
            before = method(*args)
            cache, key, _counter = get_cache_key_counter(method, *args)
            held = cache[key]
        seen_sequences = dict(registry.cache_sequences)

        def put_back():
            with registry.cursor() as cr:
                undo(self._env(cr))
            registry.signal_changes()

        self.addCleanup(put_back)
        with registry.cursor() as cr:  # the changing worker's request...
            change(self._env(cr))
        registry.signal_changes()  # ...and its end
        # The other worker: what it held before, under the sequences it saw.
        cache[key] = held
        registry.cache_sequences.update(seen_sequences)
        with registry.cursor() as cr:  # its next request
            registry.check_signaling(cr)
            after = read(self._env(cr))(*args)
        self.assertNotEqual(after, before)

    def _table(self, env):
        return env["revo.helpdesk.transition"]._get_transition_table

    def _group_ids(self):
        return (self.env.ref("revo_helpdesk.group_reseller").id,)

    def test_a_changed_move(self):
        def from_stages(stage_xmlid):
            def write(env):
                env.ref(
                    "revo_helpdesk.transition_reseller_works"
                ).stage_from_ids = env.ref(stage_xmlid)

            return write

        self._assert_next_request_sees(
            self._table,
            [self._group_ids()],
            from_stages("revo_helpdesk.stage_in_progress_reseller"),
            from_stages("revo_helpdesk.stage_confirmation_reseller"),
        )

    def test_an_archived_stage(self):
        def set_active(active):
            def write(env):
                env.ref("revo_helpdesk.stage_confirmation_reseller").active = active

            return write

        self._assert_next_request_sees(
            self._table, [self._group_ids()], set_active(False), set_active(True)
        )

    def test_a_changed_setting(self):
        key = "revo_helpdesk.reminder_days"
        old = self.env["ir.config_parameter"].sudo().get_param(key)

        def set_days(days):
            def write(env):
                env["ir.config_parameter"].set_param(key, days)

            return write

        self._assert_next_request_sees(
            lambda env: env["ir.config_parameter"]._get_param,
            [key],
            set_days(int(old or 7) + 1),
            set_days(old),
        )
        with self.registry.cursor() as cr:
            settings = self._env(cr)["res.config.settings"]
            self.assertEqual(
                settings._get_revo_setting("revo_reminder_days"), int(old or 7) + 1
            )
