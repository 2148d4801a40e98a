"""Compare boroughs and Trends in a real browser: a filter change redraws, the link follows."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def _shows(tab, *texts: str) -> None:
    """Wait (up to 30 s) until one of the texts is on the page: reruns finish in their own time."""
    locator = tab.get_by_text(texts[0])
    for text in texts[1:]:
        locator = locator.or_(tab.get_by_text(text))
    locator.first.wait_for()


def _choose(page, label: str, option: str, testid: str = "stSelectbox") -> None:
    widget = page.locator(f'[data-testid="{testid}"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    widget.locator("input").first.click()
    page.keyboard.type(option)  # long lists only render the options in view
    page.get_by_role("option", name=option).click()
    wait_for_app(page)


def test_compare_borough_change_and_funnel_in_the_link(page, app_url):
    page.goto(f"{app_url}/compare?area=E08000004&indicator=completions_opiate")
    wait_for_app(page)
    # Generated values: the sentence opens with the status, then the borough.
    _shows(page, "statistics): Oldham (")
    _choose(page, "Compare with", "North West")
    _shows(page, "Against North West")
    _choose(page, "Borough", "Wigan")
    _shows(page, "statistics): Wigan (")
    no_traceback(page)
    screenshot(page, "compare-bars")
    page.get_by_text("Funnel plot", exact=True).click()
    wait_for_app(page)
    _shows(page, "Funnel plot of Completions: opiate")
    screenshot(page, "compare-funnel")
    link = page.url
    assert "comparator=E12000002" in link and "area=E08000010" in link
    # The link carries the view; that such a link reopens it is test_every_page_browser's.
    assert "compare.view=Funnel+plot" in link or "compare.view=Funnel%20plot" in link


def test_trends_add_area_and_pool(page, app_url):
    page.goto(f"{app_url}/trends?area=E08000004&indicator=completions_opiate")
    wait_for_app(page)
    _choose(page, "Boroughs", "Bolton", testid="stMultiSelect")
    page.keyboard.press("Escape")
    page.get_by_text("Pool the chosen boroughs as one series").click()
    wait_for_app(page)
    page.get_by_text("Oldham + Bolton (pooled)").first.wait_for()
    screenshot(page, "trends-pooled")
    no_traceback(page)
