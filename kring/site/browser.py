"""Helpers for browser tests: log in through the real form, and check a page with axe-core."""
from __future__ import annotations

from typing import Any

from kring.site.testing import PASSWORD


def login(page: Any, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def assert_accessible(page: Any) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page: zero violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = results.response.get("violations", [])
    assert not violations, "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×) e.g. {v['nodes'][0]['html'][:200]}" for v in violations
    )
