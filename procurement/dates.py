"""Times as people in London read them, working days, and the database's clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db import connection

LONDON = ZoneInfo("Europe/London")
STANDSTILL_WORKING_DAYS = 8


def london_time(moment: datetime | None) -> str:
    """'12:00pm on 3 March 2027, London time' — GMT or BST as the date requires."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix} on {local.day} {local:%B %Y}, London time"


def end_of_day_london_time(day: date | None) -> str:
    """The last minute of a day in London, as london_time writes it: when a period
    that runs 'to the end of' that day (the standstill, say) ends."""
    if day is None:
        return ""
    return london_time(datetime.combine(day, time(23, 59), tzinfo=LONDON))


def london_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


@lru_cache(maxsize=16)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(start: date, count: int) -> date:
    """The `count`th working day after `start` (start itself not counted)."""
    day, remaining = start, count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def db_now() -> datetime:
    """The database server's clock: the one every deadline is judged by."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement_timestamp()")
        row = cursor.fetchone()
    moment: datetime = row[0]
    return moment
