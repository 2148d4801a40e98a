"""A partly real series in a real browser: Salford's published 2017 and 2018 non-opiate
completions (Fingertips 90245, from the walkthrough extracts) beside generated years, told apart
on the chart, in its accessible name, its banner and its table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from browser_support import no_traceback, screenshot, wait_for_app

LINK = "trends?area=E08000006&indicator=completions_non_opiate&areas=E08000006"


def test_real_and_generated_points_are_told_apart(page, app_url):
    page.goto(f"{app_url}/{LINK}")
    wait_for_app(page)
    no_traceback(page)
    banner = page.get_by_text("Partly illustrative data.", exact=False).first
    assert banner.is_visible()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    name = chart.get_attribute("aria-label") or chart.locator("[aria-label]").first.get_attribute(
        "aria-label"
    )
    assert name and name.startswith("Partly illustrative data: hollow marks are generated values")
    screenshot(page, "trends-partly-real-salford")
    # The download says, row by row, which values are published and which generated.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    salford = {r["Period"]: r for r in rows if r["Area"] == "Salford" and r["Value"]}
    assert salford["2017"]["data_status"].startswith("Published")
    assert salford["2018"]["data_status"].startswith("Published")
    assert salford["2019"]["data_status"].startswith("ILLUSTRATIVE")
