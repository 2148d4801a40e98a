"""What-if views and their plumbing outside the app: blocks built with `Direct`, the user's
data status, uploads laid over the dashboard's figures, and text made safe for Markdown."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from extracts_support import committed

from gmcore import stats
from gmdash import queries
from gmdash.figure import Figure, Notice, Sentences, Table
from gmdash.provenance import DataStatus, Provenance, labelled, status_of
from gmdash.views import whatif, whatif_scenarios, whatif_split
from gmdash.whatif import plain_markdown, uploads
from gmdash.whatif.groups import GroupError, make_group
from gmdash.whatif.split import SplitMethod

META = pd.Series(
    {
        "short_title": "Completions: opiate",
        "unit": "%",
        "value_type": "proportion",
        "polarity": "high_good",
        "source_name": "s",
        "source_url": "https://example.invalid/",
        "definition": "d",
    },
    name="completions_opiate",
)


def test_whatif_blocks_on_the_fixture_extracts(fixture_con):
    ask = queries.Direct(fixture_con)
    choice = whatif.Choice("completions_opiate", "2019/20", "percent", "E08000004", 10.0)
    blocks = whatif.blocks(ask, META, choice, "fixture")
    kinds = [type(b) for b in blocks]
    assert kinds == [Sentences, Figure, Table]
    table = blocks[2].frame.set_index("Borough")
    # Oldham in 2019/20: 13 of 230 (fixture: 10 + i, 200 + 10 i with i = 3), worse than 10%.
    # 13 is not a multiple of 5, so this row is not rounded: the engine's answers stand as they
    # are, in single completions.
    similar, match = stats.what_would_it_take(13, 230, 0.10)
    oldham = table.loc["Oldham"]
    assert oldham["Now, against the target"].startswith("worse")
    assert (oldham["Change to be similar"], oldham["Change to match"]) == (
        f"+{similar:,}",
        f"+{match:,}",
    )
    assert oldham["Value (95% CI)"].startswith("5.7% (")
    assert oldham["Count of total"] == "13 of 230"
    assert "Rating if matched" not in table.columns  # the page's table fits the page
    assert blocks[1].table.set_index("Borough").loc["Oldham", "Counts in steps of"] == 1
    assert blocks[0].title == "What would it take for Oldham?"
    assert blocks[2].status is DataStatus.ILLUSTRATIVE  # the fixture's completions are generated
    assert blocks[1].provenance.status is DataStatus.ILLUSTRATIVE


def test_a_pooled_group_targets_caption_reads_cleanly(fixture_con):
    group = make_group("West", ["Bolton", "Salford", "Trafford"])
    choice = whatif.Choice("completions_opiate", "2019/20", "group", "E08000004", None, group)
    blocks = whatif.blocks(queries.Direct(fixture_con), META, choice, "fixture")
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.title.startswith("Every borough against West (pooled, ")
    assert "Target: Pooled group of Bolton, Salford and Trafford" in table.caption
    assert ".." not in table.caption and table.caption.endswith(".")


def test_whatif_blocks_say_why_when_the_target_cannot_be_set(fixture_con):
    ask = queries.Direct(fixture_con)
    for choice, words in (
        (
            whatif.Choice("completions_opiate", "2019/20", "percent", "E08000004", 140.0),
            "0 and 100",
        ),
        (whatif.Choice("completions_opiate", "2019/20", "group", "E08000004"), "pooled group"),
        (whatif.Choice("completions_opiate", "2019/20", "north_west", "E08000004"), "North West"),
    ):
        blocks = whatif.blocks(ask, META, choice, "fixture")
        assert len(blocks) == 1 and isinstance(blocks[0], Notice) and words in blocks[0].text


def test_a_suppressed_member_is_said_and_left_out(fixture_con):
    ask = queries.Direct(fixture_con)
    group = make_group("Pair", ["Bolton", "Bury"])
    choice = whatif.Choice("completions_opiate", "2021/22", "group", "E08000001", group=group)
    blocks = whatif.blocks(ask, META, choice, "fixture")
    # Bury's 2021/22 count is 3: hidden, so the pair has no pooled figure to aim at
    assert isinstance(blocks[0], Notice) and "secondary suppression" in blocks[0].text


def test_the_users_status_outranks_generated_and_has_its_own_words():
    frame = pd.DataFrame(
        {
            "value": [1.0, 2.0, None],
            "is_illustrative": [True, False, False],
            "data_status": ["illustrative", "official", "user"],
        }
    )
    assert status_of(frame) is DataStatus.MIXED  # the user row has no value yet
    frame.loc[2, "value"] = 3.0
    assert status_of(frame) is DataStatus.USER
    assert labelled("x", DataStatus.USER) == "Your own uploaded figures, not official statistics: x"
    provenance = Provenance((("Pub", "https://p.invalid"),), "v1", "m", status=DataStatus.USER)
    assert provenance.source_line().startswith(
        "Source of the uploaded values: your own uploaded file"
    )
    assert "Source of the other values: Pub" in provenance.source_line()
    assert provenance.licence.startswith("Uploaded values: your own figures")
    assert DataStatus.USER.has_generated and not DataStatus.USER.is_generated


def test_overlay_replaces_only_the_areas_uploaded():
    frame = pd.DataFrame(
        {
            "area_code": ["E08000001", "E08000002", "E92000001"],
            "value": [1.0, 2.0, 3.0],
            "is_illustrative": [True, True, False],
        }
    )
    mine = pd.DataFrame({"area_code": ["E08000002"], "value": [9.0], "is_illustrative": [False]})
    out = uploads.overlay(frame, mine)
    assert out["area_code"].tolist() == ["E08000001", "E08000002", "E92000001"]
    assert out["value"].tolist() == [1.0, 9.0, 3.0]
    assert out["data_status"].tolist() == ["illustrative", "user", "official"]


def test_markdown_is_escaped_and_group_names_refuse_it():
    assert plain_markdown("![x](http://e.invalid) *b* $y$") == (
        "\\!\\[x\\](http\\://e.invalid) \\*b\\* \\$y\\$"
    )
    for name in ("![x](y)", "a_b", "<b>", ":red[x]", "=SUM(A1)"):
        with pytest.raises(GroupError, match="can use letters"):
            make_group(name, ["Bolton", "Bury"])
    assert make_group("Bolton, Bury & Wigan (west) + 1", ["Bolton", "Bury"]).name


def test_split_blocks_add_up_to_the_pot():
    con = committed()
    ask = queries.Direct(con)
    pot = next(iter(whatif_split.published_pots(ask).values()))
    choice = whatif_split.SplitChoice(
        f"{pot.amount:.2f}", 2020, SplitMethod(equal=1.0), pot.label, pot.grant,
        pot.financial_year,
    )  # fmt: skip
    blocks = whatif_split.blocks(ask, choice, "v")
    figure = next(b for b in blocks if isinstance(b, Figure))
    assert round(figure.table["Allocation (£)"].sum() * 100) == round(pot.amount * 100)
    assert not any(isinstance(b, Notice) for b in blocks)  # no need measure, so no range note
    assert (
        whatif_split.kind_of(SplitMethod(per_head=0.5, need=0.5, need_weights={"imd_score": 1}))
        == "blend"
    )


def test_the_split_pages_table_reads_as_money_and_fits_the_page():
    con = committed()
    ask = queries.Direct(con)
    pot = whatif_split.published_pots(ask)["Inpatient detox, 2021/22"]
    method = SplitMethod(per_head=1.0, population="adults")
    choice = whatif_split.SplitChoice(
        f"{pot.amount:.2f}", 2020, method, pot.label, pot.grant, pot.financial_year,
        {"Oldham": 52453.0},
    )  # fmt: skip
    blocks = whatif_split.blocks(ask, choice, "v")
    table = next(b for b in blocks if isinstance(b, Table)).frame.set_index("Borough")
    assert len(table.columns) == 6
    # METHODS.md "Splitting a fixed pot": mid-2020 adults give Wigan £77,221.22 and Oldham
    # £52,650.78; Wigan £74,000 published (funding PROVENANCE), Oldham £52,453 typed
    assert table.loc["Wigan", "Allocation"] == "£77,221.22"
    assert table.loc["Wigan", "Actual"] == "£74,000.00 (published)"
    assert table.loc["Wigan", "Allocation minus actual"] == "+£3,221.22"
    assert table.loc["Oldham", "Actual"] == "£52,453.00 (typed by you)"
    assert table.loc["Oldham", "Allocation minus actual"] == "+£197.78"
    assert table.loc["Bury", "Actual"] == "" and table.loc["Bury", "Allocation minus actual"] == ""
    assert re.fullmatch(r"\d+\.\d\d%", table.loc["Bury", "Share (range)"])  # per head: no range


def test_scenario_list_view():
    assert isinstance(whatif_scenarios.blocks([], lambda s, k: s)[0], Notice)


def test_a_download_of_uploaded_rows_says_they_are_the_users():
    from gmdash.export import download_frame

    frame = pd.DataFrame(
        {
            "area_name": ["Bolton", "Bury", "England"],
            "is_illustrative": [False, True, False],
            "data_status": ["user", "illustrative", "official"],
        }
    )
    out = download_frame(frame, {"period": "2018/19"})
    assert out["data_status"].tolist() == [
        "YOUR OWN UPLOADED FIGURES – not official statistics",
        "ILLUSTRATIVE – generated by this project, not official statistics",
        "Published statistics (see source)",
    ]
