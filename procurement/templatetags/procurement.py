from __future__ import annotations

from datetime import datetime

from django import template

from procurement import dates

register = template.Library()


@register.filter
def london_time(moment: datetime | None) -> str:
    """{{ tender.closes_at|london_time }} → 12:00pm on 3 March 2027, London time"""
    return dates.london_time(moment)
