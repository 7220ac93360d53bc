"""Standstill: 8 working days, weekends and England-and-Wales bank holidays excluded.
The expected dates are worked out by hand from the published bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from procurement.dates import STANDSTILL_WORKING_DAYS, is_working_day, working_days_after


@pytest.mark.parametrize(
    ("decided", "ends"),
    [
        # An ordinary fortnight: Wed 4 Nov 2026 → Thu 5 … Fri 13, 8th working day Mon 16.
        (date(2026, 11, 4), date(2026, 11, 16)),
        # Christmas 2026: Thu 24 (1); Fri 25 Christmas Day; Sat 26, Sun 27; Mon 28 Boxing
        # Day (substitute); Tue 29 (2), Wed 30 (3), Thu 31 (4); Fri 1 Jan New Year's Day;
        # Mon 4 (5), Tue 5 (6), Wed 6 (7), Thu 7 January 2027 (8).
        (date(2026, 12, 23), date(2027, 1, 7)),
        # Christmas 2027: Christmas Day and Boxing Day fall at the weekend, so Mon 27 and
        # Tue 28 Dec are bank holidays. Fri 24 (1); Wed 29 (2), Thu 30 (3), Fri 31 (4);
        # Mon 3 Jan 2028 is the New Year substitute; Tue 4 (5) … Fri 7 (8).
        (date(2027, 12, 23), date(2028, 1, 7)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March. Thu 25 (1);
        # Tue 30 (2), Wed 31 (3), Thu 1 Apr (4), Fri 2 (5), Mon 5 (6), Tue 6 (7), Wed 7 (8).
        (date(2027, 3, 24), date(2027, 4, 7)),
        # Decided on a Saturday: counting starts on Monday.
        (date(2027, 1, 9), date(2027, 1, 20)),
    ],
)
def test_standstill_ends_on_the_eighth_working_day(decided, ends):
    assert working_days_after(decided, STANDSTILL_WORKING_DAYS) == ends


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day, substitute
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 5, 3))  # Early May bank holiday
    assert not is_working_day(date(2027, 1, 9))  # Saturday
    assert is_working_day(date(2027, 1, 8))
