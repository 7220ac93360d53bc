"""Reading a rendered page the way a person (or a screen reader) would."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

TEXT_TAGS = {"title", "h1", "a", "p", "th", "td"}


@dataclass
class Page:
    title: str = ""
    h1: list[str] = field(default_factory=list)
    # (href, text) of each link in the GOV.UK error summary.
    summary: list[tuple[str, str]] = field(default_factory=list)
    # The error message shown at each field, by the field's id.
    field_errors: dict[str, str] = field(default_factory=dict)
    # The text of each cell of each body row of the page's tables.
    rows: list[list[str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    inline_scripts: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        # Each element whose text is wanted, with its attributes and text so far.
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self._in_summary = False
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if tag == "script" and "src" not in attributes:
            self.page.inline_scripts += 1
        if tag == "ul" and "govuk-error-summary__list" in attributes.get("class", ""):
            self._in_summary = True
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.page.rows.append([])
        if tag in TEXT_TAGS:
            self._open.append((tag, attributes, []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_summary = False
        if tag == "tbody":
            self._in_body = False
        if not self._open or self._open[-1][0] != tag:
            return
        _, attributes, parts = self._open.pop()
        text = " ".join("".join(parts).split())
        if tag == "title":
            # The document's own title comes first; an SVG chart's follows in the body.
            self.page.title = self.page.title or text
        elif tag == "h1":
            self.page.h1.append(text)
        elif tag == "a" and self._in_summary:
            self.page.summary.append((attributes.get("href", ""), text))
        elif tag == "p" and "govuk-error-message" in attributes.get("class", ""):
            self.page.field_errors[attributes["id"].removesuffix("-error")] = text
        elif tag in {"th", "td"} and self._in_body:
            self.page.rows[-1].append(text)


def title(name: str) -> str:
    """A page's <title>: its own name, then the service's."""
    return f"{name} \N{EN DASH} LOTI Workspace"


def text(response: HttpResponse) -> str:
    """The page's HTML, entities decoded and runs of white space made one space, for
    finding phrases in it (a name such as O'Brien is escaped in the HTML)."""
    return html.unescape(" ".join(response.content.decode().split()))


def read(response: HttpResponse) -> Page:
    reader = _Reader()
    reader.feed(response.content.decode())
    return reader.page
