"""People in treatment in a real browser: with an export, without one, a filter, a copied link."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app

CHARTS_WITH_EXPORT = 7  # counts, pyramid, age-sex trend, ethnicity, its trend, breakdown, trend
CHARTS_WITHOUT = 5  # counts, pyramid, age-sex trend, ethnicity, its trend (all England's)


def _open(tab, base: str, path: str) -> None:
    tab.goto(f"{base}/{path}")
    wait_for_app(tab)


def _charts_drawn(tab, count: int) -> None:
    tab.wait_for_function(
        f'() => document.querySelectorAll(\'[data-testid="stVegaLiteChart"] canvas, '
        f'[data-testid="stVegaLiteChart"] svg\').length >= {count}',
        timeout=90_000,
    )
    wait_for_app(tab)


def _captions(tab) -> str:
    return " ".join(tab.locator('[data-testid="stCaptionContainer"]').all_inner_texts())


def _choose(tab, label: str, option: str) -> None:
    widget = tab.locator('[data-testid="stSelectbox"]').filter(
        has=tab.get_by_text(label, exact=True)
    )
    widget.locator("input").first.click()
    tab.keyboard.type(option)
    tab.get_by_role("option", name=option).click()
    wait_for_app(tab)


def test_a_borough_with_an_export(page, browser, people_export_url):
    _open(page, people_export_url, "people?area=E08000002")
    _charts_drawn(page, CHARTS_WITH_EXPORT)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == CHARTS_WITH_EXPORT
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "1,465 adults were in treatment in Bury" in text
    assert "Pyramid of People in treatment in Bury, 2021/22" in _captions(page)
    no_traceback(page)
    screenshot(page, "people-bury-export")

    _choose(page, "Substance group", "Alcohol only")
    page.get_by_text("adults were in treatment in Bury for alcohol only").wait_for()
    _choose(page, "Breakdown", "Wait for the first intervention")
    page.get_by_text("Wait for the first intervention over time, Bury").first.wait_for()
    _charts_drawn(page, CHARTS_WITH_EXPORT)
    no_traceback(page)
    screenshot(page, "people-bury-alcohol-waits")
    link = page.url
    assert "people.substance=alcohol" in link and "people.measure=wait_first_intervention" in link

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.goto(link)
    wait_for_app(fresh)
    _charts_drawn(fresh, CHARTS_WITH_EXPORT)
    assert "Bar chart of Wait for the first intervention, adults in Bury" in _captions(fresh)
    assert (
        "adults were in treatment in Bury for alcohol only"
        in fresh.locator('[data-testid="stMain"]').inner_text()
    )
    fresh.context.close()


def test_a_borough_without_an_export(page, app_url):
    _open(page, app_url, "people?area=E08000001")
    _charts_drawn(page, CHARTS_WITHOUT)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "No NDTMS ViewIt export is loaded for Bolton" in text
    assert "make data VIEWIT=" in text
    assert (
        "Pyramid of People in treatment in England, 2021/22 beside Adult residents of Bolton"
        in (_captions(page))
    )
    no_traceback(page)
    screenshot(page, "people-bolton-no-export")
    _choose(page, "Sex", "Female")
    page.get_by_text("Ethnicity of women in treatment in England").first.wait_for()
    _charts_drawn(page, CHARTS_WITHOUT)
    no_traceback(page)
    screenshot(page, "people-bolton-women")


BARNET_EXPORT = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"


def test_an_uploaded_export_for_a_borough_without_one(page, app_url, raw_dir, tmp_path):
    """The real Barnet export, relabelled as Bolton here only, uploaded in the browser."""
    text = (raw_dir / BARNET_EXPORT).read_text(encoding="utf-8")
    mine = tmp_path / "bolton_viewit_export.csv"
    mine.write_text(text.replace(",Barnet,", ",Bolton,"), encoding="utf-8")
    _open(page, app_url, "people?area=E08000001")
    _charts_drawn(page, CHARTS_WITHOUT)
    page.get_by_text("Bring your own ViewIt export").first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(mine))
    page.get_by_text("Your figures passed every check").wait_for(timeout=90_000)
    _charts_drawn(page, CHARTS_WITH_EXPORT)
    main = page.locator('[data-testid="stMain"]').inner_text()
    # Barnet 2021/22, all substances, persons, all ages: intreatment_allintx 1465
    assert (
        "Your own uploaded figures, not official statistics: In 2021/22, 1,465 adults were in "
        "treatment in Bolton" in main
    )
    assert "No NDTMS ViewIt export is loaded for Bolton" not in main
    assert "Your own uploaded figures. Pyramid of People in treatment in Bolton" in _captions(page)
    no_traceback(page)
    screenshot(page, "people-upload")
