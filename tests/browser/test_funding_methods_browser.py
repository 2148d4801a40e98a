"""Funding and Data and methods in a real browser: grid draws, filters work, links follow."""

from __future__ import annotations

from browser_support import SCREENSHOTS, no_traceback, screenshot, wait_for_app


def _open(page, url: str, last_text: str) -> None:
    """Open a deep link and wait for its last part."""
    page.goto(url)
    page.get_by_text(last_text).first.wait_for(timeout=90_000)
    wait_for_app(page)


def _pick(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_funding_grant_and_borough_in_the_link(page, app_url):
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
    # The grid and England's chart on their own, beside the whole page's shot above.
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(0).screenshot(path=str(SCREENSHOTS / "funding-grid-chart.png"))
    charts.nth(charts.count() - 1).screenshot(path=str(SCREENSHOTS / "funding-england-chart.png"))
    # The link carries the view; that such a link reopens it is test_every_page_browser's.
    assert "area=E08000004" in page.url and "funding.grant=inpatient_detox" in page.url


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
