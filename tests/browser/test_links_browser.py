"""On every page, a copied link reopens the same view in a fresh browser (no shared state)."""

from __future__ import annotations

import pytest
from browser_support import no_traceback, wait_for_app

# A distinctive view per page: not the defaults, so a link that lost a filter would show.
VIEWS = {
    "": "area=E08000009",
    "overview": "area=E08000004&comparator=E47000001",
    "profile": "area=E08000007",
    "compare": "area=E08000010&indicator=alcohol_met_need&period=2016/17&comparator=E47000001"
    "&compare.view=Funnel+plot",
    "trends": "area=E08000005&indicator=drug_poisoning_death_rate&areas=E08000005&areas=E08000002"
    "&trends.pool=1&trends.baseline=2012",
    "map": "area=E08000006&indicator=alcohol_met_need&period=2017/18&map.scheme=quintiles"
    "&map.domain=Crime",
    "people": "area=E08000005&sex=Female&people.substance=alcohol&people.period=2015/16",
    "demographics": "area=E08000008&demographics.topic=religion",
    # A link made before settings were named <page>.<setting> still opens the same view.
    "funding": "area=E08000010&v.funding_grant=inpatient_detox",
    "methods": "area=E08000003&indicator=alcohol_related_mortality",
}

LEGACY = {"v.funding_grant": "funding.grant"}


def _view(tab) -> dict[str, list[str]]:
    """What a reader sees of the view: the heading, every filter's value and every chart's alt."""
    return {
        "heading": tab.locator("h1").all_inner_texts(),
        "filters": [box.input_value() for box in tab.get_by_role("combobox").all()],
        "chips": tab.locator(
            '[data-testid="stMultiSelect"] [data-baseweb="tag"]'
        ).all_inner_texts(),
        "charts": tab.locator('[data-testid="stCaptionContainer"]').all_inner_texts(),
        "lists": tab.locator('[data-testid="stMarkdownContainer"] li').all_inner_texts(),
    }


@pytest.mark.parametrize("path", list(VIEWS), ids=[p or "home" for p in VIEWS])
def test_a_copied_link_reopens_the_same_view(path, page, browser, app_url):
    page.goto(f"{app_url}/{path}?{VIEWS[path]}")
    wait_for_app(page)
    no_traceback(page)
    shown, link = _view(page), page.url
    # Home has no filters of its own; every other page must show the link's.
    assert shown["filters"] or not path, "the page shows its filters"
    # Page settings named in the link survive the router's rewrite of the URL.
    for setting in (p for p in VIEWS[path].split("&") if "." in p.split("=")[0]):
        name = LEGACY.get(setting.split("=")[0], setting.split("=")[0])
        assert f"{name}=" in link, f"{name} lost from {link}"

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(link)
        wait_for_app(fresh)
        no_traceback(fresh)
        assert _view(fresh) == shown
    finally:
        context.close()
