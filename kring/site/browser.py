"""Helpers for browser tests: log in through the real form, and check a page.

`assert_accessible(page)` is called on every page a browser test visits. It checks three
things a person would meet: axe-core (WCAG 2.1 AA), no horizontal scrolling (at the page's
own width and at a phone's 375 px), and no error in the browser console (a CSP violation,
an uncaught exception, a failed request). The `new_page` fixture watches the console of
every page it makes and fails the test at its end on anything not yet reported."""
from __future__ import annotations

import re
import weakref
from typing import Any

from kring.site.testing import PASSWORD

PHONE_WIDTH = 375

# Finds the elements that stick out past the right edge of the viewport, deepest first,
# skipping those inside a container that scrolls or clips (a wide table in an
# `overflow-x: auto` wrapper is the accepted way to show it on a phone).
_OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return [];
  const sticking = [], inside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let up = el.parentElement, contained = false;
    while (up && up !== document.body) {
      if (getComputedStyle(up).overflowX !== 'visible') { contained = true; break; }
      up = up.parentElement;
    }
    (contained ? inside : sticking).push(el);
  }
  // Positioned content escapes a scrolling frame that is not its containing block: name
  // those too when nothing else sticks out.
  const found = sticking.length ? sticking : inside;
  const deepest = found.filter(el => !found.some(other => other !== el && el.contains(other)));
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const described = deepest.slice(0, 6).map(el => {
    const path = [];
    for (let at = el; at && at !== document.body && path.length < 4; at = at.parentElement) path.unshift(name(at));
    return path.join(' > ') + ' ends at ' + Math.round(el.getBoundingClientRect().right) + 'px: ' +
      (el.textContent || '').trim().slice(0, 60);
  });
  return [`the page is ${root.scrollWidth}px wide in a ${width}px viewport`, ...described];
}
"""


_CLIENT_ERROR = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")


class ConsoleWatch:
    """Collects what the browser reports as an error on one page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.expected: list[re.Pattern[str]] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if where == self.page.url and _CLIENT_ERROR.match(message.text):
            # The page itself answered 4xx on purpose (a form with errors is a 422, a page
            # outside one's reach a 404): Chromium logs that, but it is the answer, not a fault.
            return
        self.errors.append(f"{message.text} [{where}]")

    def _on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught error: {error}")

    def take(self) -> list[str]:
        """The errors so far that no test said to expect; forgets them all."""
        found = [e for e in self.errors if not any(p.search(e) for p in self.expected)]
        self.errors.clear()
        return found


_watches: weakref.WeakKeyDictionary[Any, ConsoleWatch] = weakref.WeakKeyDictionary()


def watch_console(page: Any) -> ConsoleWatch:
    """Start collecting console errors of a page (the `new_page` fixture does this)."""
    watch = _watches.get(page)
    if watch is None:
        watch = _watches[page] = ConsoleWatch(page)
    return watch


def expect_console_error(page: Any, pattern: str) -> None:
    """A test that means to make the browser log an error (say, a page it may not see
    answers 404) names that error here; any other error still fails the test."""
    watch_console(page).expected.append(re.compile(pattern))


def assert_no_console_errors(page: Any) -> None:
    watch = _watches.get(page)
    errors = watch.take() if watch else []
    assert not errors, f"the browser console reported errors on {page.url}:\n" + "\n".join(errors)


def assert_no_horizontal_overflow(page: Any, width: int | None = None) -> None:
    """Nothing on the page makes it scroll sideways, at its own width and, given `width`,
    at that width too (the viewport is put back afterwards)."""
    problems = page.evaluate(_OVERFLOW_JS)
    assert not problems, f"{page.url} scrolls sideways:\n" + "\n".join(problems)
    size = page.viewport_size
    if width is None or size is None or size["width"] == width:
        return
    page.set_viewport_size({"width": width, "height": size["height"]})
    try:
        problems = page.evaluate(_OVERFLOW_JS)
    finally:
        page.set_viewport_size(size)
    assert not problems, f"{page.url} scrolls sideways at {width}px:\n" + "\n".join(problems)


def login(page: Any, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def assert_accessible(page: Any) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page: zero violations; the page
    fits a phone's width; and the console has reported no error."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = results.response.get("violations", [])
    assert not violations, "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×) e.g. {v['nodes'][0]['html'][:200]}" for v in violations
    )
    assert_no_horizontal_overflow(page, PHONE_WIDTH)
    assert_no_console_errors(page)


def bring_case(page: Any, meeting_url: str, title: str, question: str) -> None:
    """A member brings a case from the meeting's page, as the browser walks do."""
    response = page.goto(meeting_url)
    assert response is not None and response.status == 200, meeting_url
    assert_accessible(page)
    page.get_by_role("link", name="Casus inbrengen").click()
    assert_accessible(page)
    page.fill("input[name=title]", title)
    page.fill("textarea[name=situation]", "Wat er gebeurde, zonder namen.")
    page.fill("textarea[name=question]", question)
    page.get_by_role("button", name="Casus inbrengen").click()
    page.get_by_text("Je casus is ingebracht").wait_for()
    assert_accessible(page)
