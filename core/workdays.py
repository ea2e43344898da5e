"""Working days (arkipäivät) in Finland: the one place a deadline in working days is counted.

Seed 001 promises an answer to questions and feedback "viimeistään 20 arkipäivän kuluessa"; the
register's setting (`clients.Register.question_answer_working_days`) says how many, and
`add_working_days` says which date that is.
"""

import datetime
from functools import lru_cache

import holidays

COUNTRY = "FI"


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[datetime.date]:
    """Finland's public holidays of `year` as the `holidays` library keeps them (its default,
    public category): New Year's Day, Epiphany, Good Friday, Easter Sunday and Monday, May Day,
    Ascension Day, Whit Sunday, Midsummer Eve and Day, All Saints' Day, Independence Day,
    Christmas Eve, Christmas Day and Boxing Day."""
    return frozenset(holidays.country_holidays(COUNTRY, years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not one of Finland's public holidays (see `add_working_days`)."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The `n`th working day after `start`: the deadline of something received on `start` and to
    be answered within `n` working days.

    Which days count. The day of receipt never counts: counting starts the day after (as in the
    Act on Calculating Statutory Time Limits, 150/1930, § 2), and something received on a
    Saturday, a Sunday or a holiday is counted from the next working day all the same. A working
    day is Monday to Friday that is not one of Finland's public holidays as the maintained
    `holidays` library lists them for "FI" (`holidays.country_holidays("FI")`, never a table of
    our own): New Year's Day, Epiphany, Good Friday, Easter Monday, May Day, Ascension Day,
    Midsummer Eve, Independence Day, Christmas Eve, Christmas Day and Boxing Day when they fall
    on a weekday (Easter Sunday, Whit Sunday, Midsummer Day and All Saints' Day are always on a
    weekend). Midsummer Eve and Christmas Eve are no church or national holidays, but Act
    150/1930 § 5 treats them like holidays (a time limit ending on one moves to the next working
    day), the general collective agreements make them days off and offices are closed: a
    promise to answer within working days cannot count a day nobody is at work. New Year's Eve
    and the eve of May Day are ordinary working days. `n` of 0 is `start` itself.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    left = n
    while left:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
