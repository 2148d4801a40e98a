"""What-if views in a real browser: every view renders (screenshots), an upload is refused by
row, and a scenario saved on an app server opens by its link in another instance of the app
sharing its PostgreSQL database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser_support import no_traceback, screenshot, wait_for_app
from page_support import open_page

WEST = "group=Bolton,Salford,Trafford&group_name=West"
# The funding split is not here: test_every_page_browser opens its blended split.
VIEWS = {
    "whatif": "whatif?area=E08000003&indicator=alcohol_met_need&period=2018/19",
    "whatif-group-target": f"whatif?area=E08000005&indicator=completions_opiate&{WEST}"
    "&whatif.target=group",
    "whatif-typed-target": "whatif?area=E08000001&whatif.target=percent&whatif.percent=25",
    "compare-group": f"compare?area=E08000001&indicator=alcohol_met_need&{WEST}",
    "trends-group": f"trends?area=E08000001&indicator=alcohol_met_need&{WEST}&trends.pool=1",
    "profile-group": f"profile?{WEST}&area=E08000001&profile.group=1",
    "map-group": f"map?area=E08000001&indicator=alcohol_met_need&{WEST}&comparator=group:west",
}
EXPECTED = {
    "whatif": "What would it take for Manchester?",
    "whatif-group-target": "Every borough against West (pooled",
    "whatif-typed-target": "Every borough against the target of 25.0%",
    "compare-group": "West (pooled group)",
    "trends-group": "Recent trend",
    "profile-group": "West (pooled group) pools Bolton, Salford and Trafford",
    "map-group": "Outlined: the pooled group West",
}


def _open(tab, url: str) -> None:
    tab.goto(url)
    wait_for_app(tab)


@pytest.fixture(scope="module")
def opened(browser_context, app_url) -> Iterator[Callable[[str], Any]]:
    """Each view opened once in its own tab (its own session): the tests that act on a view
    after it has rendered take its tab over, rather than loading the page again."""
    tabs: dict[str, Any] = {}

    def open_view(name: str) -> Any:
        if name not in tabs:
            tabs[name] = browser_context.new_page()
            _open(tabs[name], f"{app_url}/{VIEWS[name]}")
        return tabs[name]

    yield open_view
    for tab in tabs.values():
        tab.close()


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_whatif_view_renders(opened, name):
    page = opened(name)
    page.get_by_text(EXPECTED[name]).first.wait_for()
    assert page.get_by_text("Page not found").count() == 0
    no_traceback(page)
    screenshot(page, f"whatif-{name}")


def test_an_out_of_range_target_is_refused_in_the_browser(opened):
    page = opened("whatif-typed-target")
    box = page.get_by_label("Target percentage (0 to 100)")
    box.fill("140")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text("A target percentage must be between 0 and 100, not 140").wait_for()
    page.get_by_text("Every borough against the target of 25.0%").wait_for()
    assert "whatif.percent=25" in page.url
    no_traceback(page)
    screenshot(page, "whatif-refused-target")


def test_a_malformed_upload_is_listed_by_row_and_never_rendered(opened, tmp_path):
    page = opened("whatif")
    page.get_by_text("Bring your own numbers").click()
    page.get_by_text("local figures (area_code, period, count, denominator)").click()
    wait_for_app(page)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "area_code,period,count,denominator\n"
        '"<img src=x onerror=alert(1)>",2018/19,700,3600\n'
        'E08000001,2018/19,"=HYPERLINK(""http://x.invalid"",""y"")",3600\n'
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    wait_for_app(page)
    # the formula is found first, and a file with a formula is read no further
    page.get_by_text("This file was not used: 1 problem(s)").wait_for(timeout=90_000)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href='http://x.invalid']").count() == 0
    no_traceback(page)
    screenshot(page, "whatif-upload-refused")


def _save(tab, name: str) -> str:
    tab.get_by_text("Save this what-if as a scenario").click()
    tab.get_by_label("Scenario name").fill(name)
    tab.get_by_role("button", name="Save").click()
    wait_for_app(tab)
    tab.get_by_text(f"Saved as “{name}”").wait_for()
    code = tab.locator('[data-testid="stCode"]').last.inner_text()
    match = re.search(r"\?scenario=([a-z0-9-]+)", code)
    assert match, code
    return match.group(1)


def test_a_scenario_saved_on_one_server_opens_by_its_link_on_another(
    browser_context, app_server, postgres, monkeypatch
):
    """Saved in the browser on an app server whose store is PostgreSQL; opened by its link in
    another instance of the app on the same database: this test's own process, under AppTest,
    where a second server and browser would show the same script's output."""
    url = postgres.url(postgres.create_database())
    first = app_server({"GMDASH_SCENARIOS_URL": url})
    saving = browser_context.new_page()
    _open(
        saving,
        f"{first}/whatif?area=E08000004&indicator=completions_opiate&period=2022"
        f"&whatif.target=north_west&{WEST}",
    )
    slug = _save(saving, "Oldham against the North West")
    screenshot(saving, "whatif-scenario-saved")
    saving.close()

    monkeypatch.setenv("GMDASH_SCENARIOS_URL", url)
    # Another instance of the app, sharing nothing with the server's memory: a new session in
    # this test's own process.
    opened = open_page("pages/whatif.py", {"scenario": slug})
    assert not opened.exception, [e.value for e in opened.exception]
    assert [i.value for i in opened.info] == [
        "Opened the scenario “Oldham against the North West”."
    ]
    assert any(h.value.startswith("Every borough against North West (") for h in opened.subheader)
    assert any(h.value == "What would it take for Oldham?" for h in opened.subheader)
    assert opened.radio(key="whatif.target").value == "north_west"
    assert opened.query_params["group"] == "Bolton,Salford,Trafford"
    listed = open_page("pages/whatif_scenarios.py")
    assert listed.selectbox(key="scenarios.chosen").value == slug
