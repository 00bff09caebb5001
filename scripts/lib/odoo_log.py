"""Judge one Odoo log for scripts/test: the test reports it holds and the
records that fail the run.

A log record is its first line (timestamp, pid, level, database, logger) and
every line up to the next record: Odoo writes a view warning's file and view
name, and a traceback, on the lines after the first. Each record is judged
whole.

Command line: odoo_log.py [--no-tests] [--module NAME] LABEL LOG
prints, for scripts/test to read:
    tests FAILED ERRORS TESTS   one line per test report in the log
    problem TEXT                one line per reason the run fails
and the records at fault on stderr, for the person reading the output.
"""

import argparse
import html
import re
import sys
from dataclasses import dataclass

RECORD_START = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|\w+) "
)
TEST_REPORT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
PROBLEM_LEVELS = ("WARNING", "ERROR", "CRITICAL")
# How much of a record at fault is shown: enough to read a view warning's
# field and the view's file and name.
SHOWN_LINES = 5
SHOWN_CHARS = 400
MARKUP = re.compile(r"<[^>]+>")


@dataclass
class Record:
    level: str  # '' for lines before the first record
    lines: list

    @property
    def text(self):
        return "\n".join(self.lines)


@dataclass
class Verdict:
    reports: list  # (failed, errors, tests) per test report
    problems: list  # one sentence per reason the run fails
    faulty: list  # the records the problems are about


def records(lines):
    """Group the log's lines into records (a first line and its continuation)."""
    current = None
    for line in lines:
        line = line.rstrip("\n")
        match = RECORD_START.match(line)
        if match:
            if current is not None:
                yield current
            current = Record(match["level"], [line])
        elif current is None:
            current = Record("", [line])
        else:
            current.lines.append(line)
    if current is not None:
        yield current


def judge(lines, module="revo_helpdesk", expect_tests=True):
    """What the log says: its test reports and what fails the run."""
    reports, problems, faulty = [], [], []
    about_module, other_errors, tracebacks = [], [], 0
    for record in records(lines):
        match = TEST_REPORT.search(record.lines[0])
        if match:
            reports.append(tuple(int(n) for n in match.groups()))
        tracebacks += sum("Traceback" in line for line in record.lines)
        if record.level not in PROBLEM_LEVELS:
            continue
        if module in record.text:
            about_module.append(record)
        elif record.level != "WARNING" and not match:
            # A failed test run's report is an ERROR record too: its counts
            # already fail the run.
            other_errors.append(record)
    if expect_tests:
        if not reports:
            problems.append("no test report in the log (did Odoo crash?)")
        elif any(tests == 0 for _failed, _errors, tests in reports):
            problems.append("Odoo ran no tests")
    if about_module:
        problems.append(
            f"{len(about_module)} WARNING/ERROR/CRITICAL record(s) naming "
            f"{module} (it must install and upgrade warning-free)"
        )
    if other_errors:
        problems.append(f"{len(other_errors)} ERROR/CRITICAL record(s)")
    if tracebacks:
        problems.append(f"{tracebacks} Traceback(s)")
    faulty = about_module + other_errors
    return Verdict(reports, problems, faulty)


def shown(record):
    """The head of a record at fault, cut to a readable size (Odoo writes view
    warnings in HTML)."""
    head = [
        re.sub(r"\s{2,}", " ", html.unescape(MARKUP.sub(" ", line)))[:SHOWN_CHARS]
        for line in record.lines[:SHOWN_LINES]
    ]
    if len(record.lines) > SHOWN_LINES:
        head.append(f"    ... ({len(record.lines) - SHOWN_LINES} more lines)")
    return "\n".join(head)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("label", help="the run's name, prefixed to problems")
    parser.add_argument("log", help="the Odoo log file")
    parser.add_argument(
        "--no-tests",
        action="store_true",
        help="the run ran no tests (an update only): none expected",
    )
    parser.add_argument("--module", default="revo_helpdesk")
    args = parser.parse_args(argv)
    with open(args.log, encoding="utf-8", errors="replace") as log:
        verdict = judge(log, module=args.module, expect_tests=not args.no_tests)
    for failed, errors, tests in verdict.reports:
        print(f"tests {failed} {errors} {tests}")
    for problem in verdict.problems:
        print(f"problem {args.label}: {problem}")
    for record in verdict.faulty:
        print(f"[{args.label}] {shown(record)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
