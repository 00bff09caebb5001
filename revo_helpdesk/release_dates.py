# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""REVO's release calendar, free of Odoo so that it can be reasoned about
(and tested) on its own."""

from datetime import timedelta

WEDNESDAY = 2
SEARCH_HORIZON_DAYS = 366


def can_ship_on(day, is_working_day, hotfix=False):
    """Whether a release may ship on `day`.

    A regular version never ships the day before a weekend or a public
    holiday, so that a faulty version is never left alone over a day off.
    Hotfixes ship on any working day, since waiting over a weekend would leave
    the fault itself alone instead.
    """
    if not is_working_day(day):
        return False
    return hotfix or is_working_day(day + timedelta(days=1))


def is_usual_release_day(day, hotfix=False):
    """Regular versions are usually published on Wednesdays (the guide's
    word): another allowed day is the developer's choice, with a warning."""
    return hotfix or day.weekday() == WEDNESDAY


def next_release_date(after, is_working_day, hotfix=False):
    """The first day strictly after `after` to propose for a release: a
    Wednesday it may ship on for a regular version, any working day for a
    hotfix.

    `is_working_day(date) -> bool` says whether the company works that day
    (weekends and public holidays are not working days).
    """
    day = after + timedelta(days=1)
    for _offset in range(SEARCH_HORIZON_DAYS):
        if is_usual_release_day(day, hotfix) and can_ship_on(
            day, is_working_day, hotfix
        ):
            return day
        day += timedelta(days=1)
    raise ValueError(
        f"no day to ship a release within {SEARCH_HORIZON_DAYS} days after {after}"
    )
