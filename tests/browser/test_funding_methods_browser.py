"""Funding and Data and methods in a real browser: grid draws, filters work, links reopen views."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def _open(page, url: str, last_text: str) -> None:
    """Open a deep link and wait for its last part."""
    page.goto(url)
    page.get_by_text(last_text).first.wait_for(timeout=90_000)
    wait_for_app(page)


def _pick(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_funding_grant_and_borough_and_link(page, browser, app_url):
    _open(page, f"{app_url}/funding?area=E08000010", "Every sourced figure")
    assert page.get_by_role("heading", name="Funding", exact=True).is_visible()
    assert page.get_by_text("Every figure found for Wigan").is_visible()
    screenshot(page, "funding-wigan")
    # The picker lists grants grouped, each led by its family.
    _pick(page, "Grant", "Drug and alcohol treatment grants › Inpatient detoxification grant")
    page.get_by_text("Inpatient detoxification grant by area and financial year").first.wait_for()
    _pick(page, "Borough", "Oldham")
    assert page.get_by_text("Every figure found for Oldham").is_visible()
    no_traceback(page)
    screenshot(page, "funding-detox-oldham")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(0).screenshot(
        path=str(screenshot(page, "funding-grid").with_name("funding-grid-chart.png"))
    )
    charts.nth(charts.count() - 1).screenshot(
        path=str(screenshot(page, "funding-england").with_name("funding-england-chart.png"))
    )
    link = page.url
    assert "area=E08000004" in link
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(link)
        fresh.get_by_text("Every sourced figure").first.wait_for(timeout=90_000)
        wait_for_app(fresh)
        assert fresh.get_by_text("Every figure found for Oldham").is_visible()
        no_traceback(fresh)
    finally:
        context.close()


def test_methods_search_and_indicator(page, app_url):
    _open(
        page,
        f"{app_url}/methods?area=E08000003&indicator=alcohol_met_need",
        "Download the indicator catalogue (CSV)",
    )
    assert page.get_by_role("heading", name="Data and methods").is_visible()
    page.get_by_label("Search the indicators").fill("deaths")
    page.get_by_label("Search the indicators").press("Enter")
    wait_for_app(page)
    _pick(page, "Indicator", "Drug-poisoning deaths")
    assert page.get_by_role(
        "heading", name="Deaths related to drug poisoning (registrations)"
    ).is_visible()
    assert "indicator=drug_poisoning_deaths" in page.url
    no_traceback(page)
    screenshot(page, "methods")
