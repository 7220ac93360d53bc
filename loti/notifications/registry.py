"""The events producers may notify about, and how each one reads.

A producer registers its events in its app's events.py (see loti/accounts/events.py),
which NotificationsConfig.ready imports in every process, and then calls
notify(event=...) with the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.template import Context, Template
from django.template.loader import render_to_string

GENERIC_TEXT_TEMPLATE = "notifications/email/generic.txt"
GENERIC_HTML_TEMPLATE = "notifications/email/generic.html"


@dataclass(frozen=True)
class EventType:
    """title is a one-line Django template string, used in the list of notifications and
    (unless subject is given) as the e-mail's subject. The e-mail bodies are template
    names; the generic pair shows the title, context["message"] and the link."""

    name: str
    title: str
    subject: str = ""
    text_template: str = GENERIC_TEXT_TEMPLATE
    html_template: str = GENERIC_HTML_TEMPLATE
    _compiled: dict[str, Template] = field(default_factory=dict, compare=False, repr=False)

    def render_title(self, context: Mapping[str, Any]) -> str:
        return self._render_line(self.title, context)

    def render_subject(self, context: Mapping[str, Any]) -> str:
        return self._render_line(self.subject or self.title, context)

    def render_text(self, context: Mapping[str, Any]) -> str:
        return render_to_string(self.text_template, dict(context))

    def render_html(self, context: Mapping[str, Any]) -> str:
        return render_to_string(self.html_template, dict(context))

    def _render_line(self, source: str, context: Mapping[str, Any]) -> str:
        if source not in self._compiled:
            self._compiled[source] = Template(source)
        # Plain text: a subject line is not HTML, so nothing is escaped.
        text = self._compiled[source].render(Context(dict(context), autoescape=False))
        return " ".join(text.split())[:300]


_EVENTS: dict[str, EventType] = {}


def event_register(event: EventType) -> EventType:
    """Add an event. Registering the same name again replaces it (module reloads)."""
    _EVENTS[event.name] = event
    return event


def event_get(name: str) -> EventType:
    try:
        return _EVENTS[name]
    except KeyError:
        raise LookupError(
            f"No notification event called {name!r}: register it with event_register()."
        ) from None
