"""People in treatment in a real browser: a borough with an export (its filters, and the link
following them), and one without an export, before and after its own export is uploaded."""

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


def test_a_borough_with_an_export(page, people_export_url):
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
    # The link carries the view; a new session opened on such a link is checked under AppTest
    # (test_people_page: test_sex_substance_year_and_breakdown_reopen_from_a_link).
    link = page.url
    assert "people.substance=alcohol" in link and "people.measure=wait_first_intervention" in link


BARNET_EXPORT = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"


def test_a_borough_without_an_export_then_its_uploaded_one(page, app_url, raw_dir, tmp_path):
    """England's figures beside Bolton's residents; then the real Barnet export, relabelled as
    Bolton here only, uploaded in the browser."""
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

    text = (raw_dir / BARNET_EXPORT).read_text(encoding="utf-8")
    mine = tmp_path / "bolton_viewit_export.csv"
    mine.write_text(text.replace(",Barnet,", ",Bolton,"), encoding="utf-8")
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
