"""A link straight to a page, as the first request a new server sees, opens that exact view."""

from __future__ import annotations

from browser_support import no_traceback, screenshot, wait_for_app


def test_first_request_to_a_new_server_can_be_a_deep_link(page, fresh_app_url):
    page.goto(
        f"{fresh_app_url}/compare?area=E08000004&comparator=E12000002"
        "&indicator=alcohol_met_need&period=2015/16"
    )
    wait_for_app(page)
    no_traceback(page)
    assert page.get_by_role("heading", name="Compare boroughs").is_visible()
    # The router ran: its sidebar navigation and footer are there, with the link's filters.
    assert page.get_by_role("link", name="Borough profile").is_visible()
    assert "Extracts version" in page.inner_text("body")
    assert "period=2015%2F16" in page.url and "comparator=E12000002" in page.url
    compare_with = page.locator('[data-testid="stSelectbox"]').filter(has_text="Compare with")
    assert compare_with.get_by_role("combobox").input_value() == "North West"
    screenshot(page, "deep-link-first-request")


def test_an_unknown_borough_in_a_link_is_ignored_with_a_notice(page, app_url):
    page.goto(f"{app_url}/trends?area=Narnia")
    wait_for_app(page)
    no_traceback(page)
    assert "Narnia" in page.inner_text("body") and "not a GM borough" in page.inner_text("body")
    assert "area=E08000001" in page.url
