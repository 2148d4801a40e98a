"""Home in a real browser: the headline charts draw, and their table view opens."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def test_home_renders_headline_charts(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert page.get_by_role(
        "heading", name="Drug and alcohol treatment in Greater Manchester"
    ).is_visible()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() == 2
    assert page.get_by_role("heading", name="Alcohol met need by borough").is_visible()
    page.get_by_text("Show as table").first.click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    no_traceback(page)
    screenshot(page, "home")
