"""REVO's release calendar: releases are usually published on Wednesdays, and
never the day before a weekend or a public holiday."""

import importlib.util
from datetime import date
from pathlib import Path

# The module is pure Python; importing it through the addon package would
# import Odoo.
_SPEC = importlib.util.spec_from_file_location(
    "release_dates",
    Path(__file__).resolve().parent.parent / "revo_helpdesk" / "release_dates.py",
)
release_dates = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(release_dates)

HOLIDAY = date(2026, 11, 26)  # a Thursday


def is_working_day(day):
    return day.weekday() < 5 and day != HOLIDAY


def test_proposes_the_next_wednesday_it_may_ship_on():
    # Monday 23: Wednesday 25 is the day before the holiday, so the 2nd.
    assert release_dates.next_release_date(date(2026, 11, 23), is_working_day) == date(
        2026, 12, 2
    )
    assert release_dates.next_release_date(date(2026, 11, 30), is_working_day) == date(
        2026, 12, 2
    )


def test_another_working_day_is_allowed_but_unusual():
    tuesday = date(2026, 12, 1)
    assert release_dates.can_ship_on(tuesday, is_working_day)
    assert not release_dates.is_usual_release_day(tuesday)
    assert release_dates.is_usual_release_day(date(2026, 12, 2))


def test_never_the_day_before_a_weekend_or_a_holiday():
    assert not release_dates.can_ship_on(date(2026, 12, 4), is_working_day)
    assert not release_dates.can_ship_on(date(2026, 11, 25), is_working_day)
    assert not release_dates.can_ship_on(HOLIDAY, is_working_day)
    assert not release_dates.can_ship_on(date(2026, 12, 5), is_working_day)


def test_a_hotfix_ships_on_any_working_day():
    friday = date(2026, 12, 4)
    assert release_dates.can_ship_on(friday, is_working_day, hotfix=True)
    assert release_dates.is_usual_release_day(friday, hotfix=True)
    assert not release_dates.can_ship_on(HOLIDAY, is_working_day, hotfix=True)
    assert (
        release_dates.next_release_date(date(2026, 12, 3), is_working_day, hotfix=True)
        == friday
    )
