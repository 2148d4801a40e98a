"""Map and Demographics in a real browser: maps draw, filters change them, links follow them."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def _settle(tab, charts: int) -> None:
    """Wait for the app, then for this page's charts (its first run reads boundaries)."""
    wait_for_app(tab)
    tab.wait_for_function(
        f'() => document.querySelectorAll(\'[data-testid="stVegaLiteChart"] canvas, '
        f'[data-testid="stVegaLiteChart"] svg\').length >= {charts}',
        timeout=90_000,
    )
    wait_for_app(tab)


def _captions(tab) -> list[str]:
    return tab.locator('[data-testid="stCaptionContainer"]').all_inner_texts()


def test_map_switches_to_quintiles_and_the_link_follows(page, app_url):
    page.goto(f"{app_url}/map?indicator=alcohol_met_need&comparator=E92000001")
    _settle(page, 2)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 2
    before = _captions(page)[0]
    assert "Compared with England" in before
    screenshot(page, "map-benchmark")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Quintiles", exact=True).click()
    page.wait_for_function("() => document.body.innerText.includes('Quintile among')")
    _settle(page, 2)
    after = _captions(page)[0]
    assert "Quintile among 147 English upper-tier local authorities" in after
    no_traceback(page)
    screenshot(page, "map-quintiles")
    # The link carries the view; that such a link reopens it is test_every_page_browser's.
    assert "indicator=alcohol_met_need" in page.url and "map.scheme=quintiles" in page.url


def test_demographics_borough_change_and_the_link_follows(page, app_url):
    page.goto(f"{app_url}/demographics?area=E08000010")
    _settle(page, 3)
    assert "Wigan 19.3% (Census 2021), England 18.6%" in " ".join(_captions(page))
    screenshot(page, "demographics-wigan")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Borough").click()
    page.get_by_role("option", name="Oldham").click()
    page.wait_for_function("() => document.body.innerText.includes('Population pyramid of Oldham')")
    _settle(page, 3)
    assert "Population pyramid of Oldham" in " ".join(_captions(page))
    no_traceback(page)
    screenshot(page, "demographics-oldham")
    assert "area=E08000004" in page.url
