"""The test command's log check (scripts/lib/odoo_log.py) on sample logs: each
record is judged whole, continuation lines included."""

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lib" / "odoo_log.py"
_spec = importlib.util.spec_from_file_location("odoo_log", SCRIPT)
odoo_log = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(odoo_log)

TS = "2026-12-07 06:33:35,598 11880"
DB = "revo_test_20261207_demo"

# A view warning as Odoo 19 writes it: the module's name only on the
# continuation lines (the view's file and name).
VIEW_WARNING = f"""\
{TS} WARNING {DB} odoo.addons.base.models.ir_ui_view: <b>Access Rights \
Inconsistency</b><br/>This view may not work for all users: some users may \
have a combination of groups where the elements <b><tt>&lt;div&gt;</tt></b> \
are displayed, but they depend on the field <b><tt>dev_reference</tt></b> that \
is not accessible.
View error context:
{{'file': '/builds/repo/revo_helpdesk/views/helpdesk_ticket_views.xml',
 'line': 1,
 'name': 'helpdesk.ticket.view.kanban.revo',
 'view': ir.ui.view(1234,),
 'view.model': 'helpdesk.ticket'}}
"""

CLEAN_LOG = f"""\
Running as user 'root' is a security risk.
{TS} WARNING ? odoo.tools.config: missing --http-interface/http_interface
{TS} INFO {DB} odoo.modules.loading: loading revo_helpdesk/views/x.xml
{TS} WARNING {DB} odoo.addons.mail.models.mail_thread: a warning elsewhere
<string>:38: (ERROR/3) Unexpected indentation.
{TS} INFO {DB} odoo.addons.revo_helpdesk.tests.test_stages: Starting TestStages
{TS} INFO {DB} odoo.tests.stats: revo_helpdesk: 12 tests 1.2s 3400 queries
{TS} INFO ? odoo.tests.result: 0 failed, 0 error(s) of 12 tests when loading \
database '{DB}'
"""


def judge(text, **kwargs):
    return odoo_log.judge(text.splitlines(keepends=True), **kwargs)


def test_records_keep_their_continuation_lines():
    found = list(odoo_log.records((CLEAN_LOG + VIEW_WARNING).splitlines()))
    assert [r.level for r in found] == [
        "",
        "WARNING",
        "INFO",
        "WARNING",
        "INFO",
        "INFO",
        "INFO",
        "WARNING",
    ]
    assert found[3].lines[1] == "<string>:38: (ERROR/3) Unexpected indentation."
    assert "helpdesk.ticket.view.kanban.revo" in found[-1].text


def test_clean_log_passes_and_counts_its_tests():
    verdict = judge(CLEAN_LOG)
    assert verdict.reports == [(0, 0, 12)]
    assert verdict.problems == []


def test_warning_naming_the_module_only_on_continuation_lines_fails():
    verdict = judge(CLEAN_LOG + VIEW_WARNING)
    assert verdict.problems == [
        "1 WARNING/ERROR/CRITICAL record(s) naming revo_helpdesk "
        "(it must install and upgrade warning-free)"
    ]
    assert "dev_reference" in verdict.faulty[0].text


def test_errors_tracebacks_and_failed_tests():
    log = CLEAN_LOG + (
        f"{TS} ERROR {DB} odoo.addons.mail.models.mail_mail: cannot send\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "ValueError: boom\n"
        f"{TS} CRITICAL {DB} odoo.service.server: Failed to initialize\n"
        f"{TS} ERROR ? odoo.tests.result: 2 failed, 1 error(s) of 30 tests "
        f"when loading database '{DB}'\n"
    )
    verdict = judge(log)
    assert verdict.reports == [(0, 0, 12), (2, 1, 30)]
    # The failed run's report is counted by its numbers, not as an error.
    assert verdict.problems == ["2 ERROR/CRITICAL record(s)", "1 Traceback(s)"]


def test_a_run_without_report_or_tests_fails_unless_no_tests_are_expected():
    no_report = CLEAN_LOG.rsplit(f"{TS} INFO ? odoo.tests.result", 1)[0]
    assert judge(no_report).problems == ["no test report in the log (did Odoo crash?)"]
    assert judge(no_report, expect_tests=False).problems == []
    none_run = (
        no_report + f"{TS} WARNING ? odoo.tests.result: 0 failed, 0 error(s) "
        f"of 0 tests when loading database '{DB}'\n"
    )
    assert judge(none_run).problems == ["Odoo ran no tests"]


def test_command_line_prints_reports_and_problems(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(CLEAN_LOG + VIEW_WARNING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "upgrade", str(log)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == [
        "tests 0 0 12",
        "problem upgrade: 1 WARNING/ERROR/CRITICAL record(s) naming "
        "revo_helpdesk (it must install and upgrade warning-free)",
    ]
    assert "'name': 'helpdesk.ticket.view.kanban.revo'" in done.stderr
