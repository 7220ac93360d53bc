"""How a journey's steps reach the page: with the mouse, with the keyboard only, or with
the mouse in a browser whose JavaScript is switched off (progressive enhancement).

A journey calls `activate`, `fill`, `choose`, `select` and `upload` on a driver instead of
`click()`, `fill()` and `check()` on a locator, and so runs all three ways.

The keyboard driver never clicks: it moves the focus with Tab (or Shift+Tab) until the
control is reached, asserting on the way that the control is in the focus order and
that, once focused, it has GOV.UK's focus style; then it presses Enter, Space or the
arrow keys, and types.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Enough for the longest page a journey visits; a control further than this is, for a
# person on a keyboard, as good as unreachable.
MAX_TABS = 250
CHOOSER_TRIES = 3

# The element's GOV.UK focus style: the focus colour (#fd0) as an outline, a background
# or a box shadow; a radio or checkbox shows it on its label's ::before.
FOCUS_STYLED = """el => {
    const yellow = "rgb(255, 221, 0)";
    const styled = s => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2
                         && s.outlineColor === yellow)
        || s.backgroundColor === yellow || s.boxShadow.includes(yellow);
    if (!el.matches(":focus-visible")) return false;
    if (styled(getComputedStyle(el))) return true;
    return [...(el.labels || [])].some(label =>
        styled(getComputedStyle(label, "::before")) || styled(getComputedStyle(label, "::after")));
}"""

# Whether the focus has reached the element (for a radio: its group, whose checked or
# first radio takes the focus), and which way to Tab to get there.
WHERE = """el => {
    const active = document.activeElement;
    const sameGroup = active && el.type === "radio" && active.type === "radio"
        && active.name === el.name && active.form === el.form;
    if (active === el || sameGroup) return "here";
    if (!active || active === document.body) return "forward";
    return active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
        ? "forward" : "backward";
}"""


class Driver:
    """The mouse: what the journeys did before there were three ways."""

    name = "mouse"
    javascript = True

    def __init__(self, page: Page) -> None:
        self.page = page

    def activate(self, target: Locator) -> None:
        """Follow a link or press a button."""
        target.click()

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)

    def choose(self, target: Locator) -> None:
        """Choose a radio button or tick a checkbox."""
        target.check()

    def select(self, target: Locator, *, label: str) -> None:
        target.select_option(label=label)

    def upload(self, target: Locator, files: Any) -> None:
        target.set_input_files(files)


class NoScriptDriver(Driver):
    """The mouse, in a browser context made with `java_script_enabled=False`."""

    name = "noscript"
    javascript = False


class KeyboardDriver(Driver):
    name = "keyboard"

    def focus(self, target: Locator) -> None:
        """Tab to the control, as a person would, and check they can see where they are."""
        target.wait_for(state="visible")
        where = target.evaluate(WHERE)
        key = "Shift+Tab" if where == "backward" else "Tab"
        for _ in range(MAX_TABS):
            if where == "here":
                break
            self.page.keyboard.press(key)
            where = target.evaluate(WHERE)
        else:
            raise AssertionError(f"{key} never reaches {target} on {self.page.url}")
        styled = self.page.evaluate(f"({FOCUS_STYLED})(document.activeElement)")
        assert styled, f"{target} has focus without GOV.UK's focus style on {self.page.url}"

    def activate(self, target: Locator) -> None:
        self.focus(target)
        self.page.keyboard.press("Enter")

    def fill(self, target: Locator, text: str) -> None:
        self.focus(target)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        if text:
            self.page.keyboard.type(text)

    def choose(self, target: Locator) -> None:
        self.focus(target)
        if target.get_attribute("type") == "radio":
            # The arrow keys move through a group and choose as they go.
            for _ in range(target.evaluate("el => document.getElementsByName(el.name).length")):
                if target.evaluate("el => el === document.activeElement"):
                    break
                self.page.keyboard.press("ArrowDown")
        if not target.is_checked():
            self.page.keyboard.press("Space")
        assert target.is_checked(), f"{target} is not chosen by the keyboard"

    def select(self, target: Locator, *, label: str) -> None:
        self.focus(target)
        labels = target.evaluate("el => [...el.options].map(o => o.label.trim())")
        assert label in labels, f"{label!r} is not an option of {target}"
        self.page.keyboard.press("Home")
        for _ in labels:
            if target.evaluate("el => el.selectedOptions[0].label.trim()") == label:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"the arrow keys never choose {label!r} in {target}")

    def upload(self, target: Locator, files: Any) -> None:
        # Space opens the system's file chooser; Playwright stands in for the person
        # choosing the file in it. Headless Chromium now and then opens no chooser for
        # a key press on a busy machine (microsoft/playwright#19051, #32428), so a person
        # would press again: up to three tries, then the control fails the test.
        for attempt in range(1, CHOOSER_TRIES + 1):
            self.focus(target)
            try:
                with self.page.expect_file_chooser(timeout=5_000) as chooser:
                    self.page.keyboard.press("Space")
            except PlaywrightTimeoutError:
                if attempt == CHOOSER_TRIES:
                    raise
                continue
            chooser.value.set_files(files)
            return


DRIVERS: dict[str, type[Driver]] = {d.name: d for d in (Driver, KeyboardDriver, NoScriptDriver)}
