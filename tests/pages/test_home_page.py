"""Home under AppTest: real headline figures, no errors, and bad links handled politely."""

from __future__ import annotations

from page_support import assert_clean, open_page

# The sidebar's pages (gmdash/ui/shell.py) other than Home, by URL path.
OTHER_PAGES = {
    "overview", "profile", "compare", "trends", "map", "whatif", "funding_split",
    "whatif_scenarios", "pack", "people", "demographics", "funding", "methods",
}  # fmt: skip


def test_home_shows_real_gm_headlines():
    at = open_page("pages/home.py")
    assert_clean(at)
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    # GM = the ten boroughs summed (SDG 3.5.1 file); England from the same file.
    assert tiles["Greater Manchester · Alcohol met need · 2018/19"] == ("19.2%", "England 17.6%")
    # 245 GM deaths (ONS) over 2,848,286 residents (ONS mid-2020) = 8.6 per 100,000.
    assert tiles["Greater Manchester · Drug-poisoning death rate · 2020"][0] == "8.6 per 100,000"
    captions = " ".join(c.value for c in at.caption)
    assert "Bar chart of Alcohol met need for 10 areas, 2018/19" in captions
    assert not at.warning, "no illustrative banner: the home page shows only real data"


def test_unknown_url_values_give_a_notice_not_an_error():
    at = open_page(
        "pages/home.py",
        {"area": "Narnia", "indicator": "'; drop table areas; --", "comparator": "Mars"},
    )
    assert_clean(at)
    notices = " ".join(w.value for w in at.warning)
    assert "Narnia" in notices and "not a GM borough" in notices
    assert "does not have" in notices and "Mars" in notices


def test_a_known_borough_in_the_url_is_kept():
    at = open_page("pages/home.py", {"area": "oldham"})
    assert_clean(at)
    assert at.query_params["area"] == "E08000004"


def test_the_guide_links_every_other_page_once():
    at = open_page("pages/home.py")
    linked = [link.proto.page for link in at.get("page_link")]
    assert sorted(linked) == sorted(OTHER_PAGES)
    assert {"Explore", "Ask what if", "Take it further"} <= {s.value for s in at.subheader}
