"""Overview and Borough profile in a real browser: the rug and spine draw, filters redraw them."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def _shows(tab, text: str) -> None:
    """Wait (up to 30 s) for the text: a rerun finishes in its own time."""
    tab.get_by_text(text).first.wait_for()


def _choose(page, label: str, option: str) -> None:
    widget = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    widget.locator("input").first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).click()
    wait_for_app(page)


def _chart_text(page) -> str:
    """The one chart's drawn text (Streamlit draws Vega as SVG), once it is at a readable size."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    drawing = charts.first.locator("canvas, svg").first
    drawing.wait_for()
    assert charts.count() == 1
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 400
    return " ".join(drawing.locator("text").all_text_contents())


def test_overview_rug_and_comparator(page, app_url):
    page.goto(f"{app_url}/overview")
    wait_for_app(page)
    _shows(page, "Grid of 10 indicators for 10 GM boroughs, each compared with England")
    drawn = _chart_text(page)
    assert "Compared with England (95% / 99.8% where published)" in drawn
    assert "England (comparator)" in drawn and "not compared:" in drawn
    assert page.get_by_role("heading", name="Needs attention").is_visible()
    _shows(page, "Manchester — alcohol met need")
    no_traceback(page)
    screenshot(page, "overview-england")
    _choose(page, "Compare with", "North West")
    _shows(page, "each compared with North West")
    assert "no comparator value" in _chart_text(page)
    _shows(page, "No borough figure is both significantly worse than North West")
    assert "comparator=E12000002" in page.url
    no_traceback(page)
    screenshot(page, "overview-north-west")


def test_profile_spine_table_and_borough_change(page, app_url):
    page.goto(f"{app_url}/profile?area=E08000004")
    wait_for_app(page)
    _shows(page, "Spine chart of 7 indicators for Oldham")
    drawn = _chart_text(page)
    assert "range: GM boroughs" in drawn and "Greater Manchester" in drawn
    _shows(page, "Oldham's alcohol met need in 2018/19 (13.0%, 95% CI 11.9–14.3%)")
    assert page.locator('[data-testid="stTable"]').count() == 1
    no_traceback(page)
    screenshot(page, "profile-oldham")
    _choose(page, "Borough", "Wigan")
    _shows(page, "Spine chart of 7 indicators for Wigan")
    _shows(page, "Wigan's alcohol met need in 2018/19")
    assert "area=E08000010" in page.url
    no_traceback(page)
    screenshot(page, "profile-wigan")
