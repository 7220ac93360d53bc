from __future__ import annotations

from datetime import UTC, datetime

from django.template import Context, Template

from procurement.dates import london_time


def test_winter_times_are_gmt():
    assert london_time(datetime(2027, 3, 3, 12, 0, tzinfo=UTC)) == (
        "12:00pm on 3 March 2027, London time"
    )


def test_summer_times_are_bst_an_hour_ahead_of_utc():
    assert london_time(datetime(2027, 7, 14, 16, 30, tzinfo=UTC)) == (
        "5:30pm on 14 July 2027, London time"
    )


def test_the_morning_after_the_clocks_go_forward():
    # British Summer Time starts at 1am UTC on Sunday 28 March 2027.
    assert london_time(datetime(2027, 3, 28, 0, 59, tzinfo=UTC)) == (
        "12:59am on 28 March 2027, London time"
    )
    assert london_time(datetime(2027, 3, 28, 1, 0, tzinfo=UTC)) == (
        "2:00am on 28 March 2027, London time"
    )


def test_midnight_is_12am_and_late_utc_evening_in_summer_is_the_next_london_day():
    assert london_time(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)) == (
        "12:00am on 1 January 2027, London time"
    )
    assert london_time(datetime(2027, 6, 30, 23, 15, tzinfo=UTC)) == (
        "12:15am on 1 July 2027, London time"
    )


def test_template_filter():
    template = Template("{% load procurement %}Closes {{ moment|london_time }}")
    rendered = template.render(Context({"moment": datetime(2027, 3, 3, 12, tzinfo=UTC)}))
    assert rendered == "Closes 12:00pm on 3 March 2027, London time"
