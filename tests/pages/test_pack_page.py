"""The Committee pack page under AppTest: choose a borough or a pooled group, build, download."""

from __future__ import annotations

from page_support import assert_clean, open_page

PAGE = "pages/pack.py"


def _downloads(at) -> dict[str, object]:
    return {b.proto.label: b for b in at.get("download_button")}


def test_page_offers_the_default_views_and_builds_nothing_until_asked():
    at = open_page(PAGE, {"area": "E08000002"})
    assert_clean(at)
    assert at.title[0].value == "Committee pack"
    assert at.multiselect(key="pack.views").value[:2] == ["profile", "compare:alcohol_met_need"]
    assert "Download PowerPoint" not in _downloads(at)


def test_building_a_borough_pack_shows_progress_and_offers_both_files():
    at = open_page(PAGE, {"area": "E08000010"})
    at.multiselect(key="pack.views").set_value(["compare:alcohol_met_need"]).run()
    at.button(key="pack.build").click().run(timeout=300)
    assert_clean(at)
    (status,) = at.get("status")
    # Wigan's pack of one comparison: title; the chart; its table (two column groups) and the
    # rank table in the appendix; the methods.
    assert status.proto.label == "Pack built: 6 slides"
    assert status.proto.state == status.proto.State.COMPLETE
    (bar,) = status.get("progress")
    assert bar.proto.value == 100
    downloads = _downloads(at)
    assert {"Download PowerPoint", "Download PDF"} <= set(downloads)
    names = {d.proto.label: d.proto.url.rsplit(".", 1)[-1] for d in downloads.values()}
    assert names["Download PowerPoint"] == "pptx" and names["Download PDF"] == "pdf"


def test_a_pooled_group_needs_two_boroughs_and_says_so():
    at = open_page(PAGE)
    at.segmented_control(key="pack.for").set_value("A pooled group").run()
    at.multiselect(key="pack.members").set_value(["E08000001"]).run()
    assert_clean(at)
    assert any("at least 2 different boroughs" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "pack.build"]
