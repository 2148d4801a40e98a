"""The committee pack: built from the command line for every borough and a pooled group, the
PowerPoint opened with python-pptx, the PDF read back with poppler (pdftoppm, pdftotext)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from gmcore.schema import GM_BOROUGHS
from gmdash import db
from gmdash.pack import PackError, content
from gmdash.pack.__main__ import main

REPO = Path(__file__).resolve().parents[2]
WATERMARK = "ILLUSTRATIVE – not official statistics"
DAY = "2026-11-26"
# The default views' chart slides, in order: the catalogue's short titles with the view's words.
FULL_CHART_TITLES = [
    "Bury compared with England and other areas",
    "Alcohol met need: the boroughs compared",
    "Alcohol met need over time",
    "Drug-poisoning death rate: the boroughs compared",
    "Drug-poisoning death rate over time",
    "Completions: opiate: the boroughs compared",
    "Completions: opiate over time",
]
# Catalogue source names (data/indicators.parquet, from each raw folder's PROVENANCE.md).
MET_NEED_SOURCE = "Source: ONS UK SDG data platform, indicator 3.5.1 (from NDTMS and OHID)."
GENERATOR_SOURCE = "Source: this project's illustrative generator (gmdata/illustrative.py)"


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return out


def _title(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "title")


def _pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _watermarked(slide) -> bool:
    return any(s.name == "watermark" and s.text_frame.text == WATERMARK for s in slide.shapes)


def _descr(picture) -> str:
    return picture._element.nvPicPr.cNvPr.get("descr", "")


def _version() -> str:
    return db.load_manifest(db.DEFAULT_DATA_DIR).version


@pytest.fixture(scope="module")
def bury(tmp_path_factory) -> tuple[Presentation, Path]:
    """Bury's full pack (the default views), PowerPoint and PDF, built by the command line."""
    out = tmp_path_factory.mktemp("pack")
    code = main(
        ["--area", "E08000002", "--out", str(out / "bury.pptx"), "--pdf", str(out / "bury.pdf")]
        + ["--date", DAY, "--quiet"]
    )
    assert code == 0
    return Presentation(str(out / "bury.pptx")), out / "bury.pdf"


def test_full_pack_is_16_by_9_with_a_title_slide(bury):
    deck, _ = bury
    assert (Emu(deck.slide_width).inches, round(Emu(deck.slide_height).inches, 2)) == (
        pytest.approx(13.333, abs=0.001),
        7.5,
    )
    first = deck.slides[0]
    assert _title(first) == "Drug and alcohol treatment: Bury"
    details = " ".join(_texts(first))
    assert "Committee pack · 26 November 2026" in details
    assert f"Extracts version {_version()}" in details
    assert "OHID Fingertips (Public Health Profiles)" in details
    # The default views include generated completions: the title slide says so.
    assert "Some figures in this pack are illustrative" in details


def test_one_slide_per_figure_with_its_chart_title_source_and_alt_text(bury):
    deck, _ = bury
    charts = [s for s in deck.slides if _pictures(s)]
    assert [_title(s) for s in charts] == FULL_CHART_TITLES
    version = _version()
    for slide in charts:
        footer = next(s.text_frame.text for s in slide.shapes if s.name == "footer")
        assert f"Extracts {version}." in footer
        assert "Disclosure control:" in footer
        (picture,) = _pictures(slide)
        assert _descr(picture), _title(slide)
    met_need = charts[1]
    assert MET_NEED_SOURCE.removesuffix(".") in " ".join(_texts(met_need))
    assert _descr(_pictures(met_need)[0]).startswith("Bar chart of Alcohol met need for 10 areas")
    # Bury's own "what would it take" sentence travels with the comparison.
    assert any("Bury" in t for t in _texts(met_need) if "What would it take?" in t)


def test_generated_data_is_watermarked_on_every_slide_that_uses_it(bury):
    deck, _ = bury
    by_title = {_title(s): s for s in deck.slides}
    opiate = by_title["Completions: opiate: the boroughs compared"]
    assert _watermarked(opiate)
    assert GENERATOR_SOURCE in " ".join(_texts(opiate))
    assert not _watermarked(by_title["Alcohol met need: the boroughs compared"])
    assert not _watermarked(by_title["Drug-poisoning death rate over time"])
    appendix = [s for s in deck.slides if _title(s).startswith("Appendix: Completions: opiate")]
    assert appendix and all(_watermarked(s) for s in appendix)
    met_need_tables = [s for s in deck.slides if _title(s).startswith("Appendix: Alcohol met")]
    assert met_need_tables and not any(_watermarked(s) for s in met_need_tables)


def test_appendix_tables_and_methods_follow_the_charts(bury):
    deck, _ = bury
    titles = [_title(s) for s in deck.slides]
    first_appendix = next(i for i, t in enumerate(titles) if t.startswith("Appendix: "))
    last_chart = max(i for i, s in enumerate(deck.slides) if _pictures(s))
    assert first_appendix > last_chart
    assert titles[-1].startswith("Methods and sources")
    tables = [s for s in list(deck.slides)[first_appendix:] if any(x.has_table for x in s.shapes)]
    assert tables
    ranks = next(s for s in deck.slides if _title(s).startswith("Appendix: Rank among"))
    (table,) = [x.table for x in ranks.shapes if x.has_table]
    assert len(table.rows) == 11  # the header and the ten boroughs
    n = len(deck.slides)
    for i, slide in enumerate(deck.slides, 1):
        assert f"{i} of {n}" in _texts(slide)


def test_pdf_holds_the_same_slides(bury, tmp_path):
    deck, pdf = bury
    pages = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(pages)], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(deck.slides)
    with Image.open(pngs[0]) as first:
        assert first.size == (400, 225)  # 13.333 × 7.5 inches at 30 dpi: 16:9
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    assert "Drug and alcohol treatment: Bury" in text[0]
    for i, slide in enumerate(deck.slides):
        assert _title(slide)[:30] in text[i].replace("\n", " ")
        assert (WATERMARK in text[i]) == _watermarked(slide), _title(slide)


# Boroughs differ here only in their name and figures (every borough's profile is built from the
# real extracts in test_profile): the first, the last, and Manchester, whose name is also part of
# "Greater Manchester".
@pytest.mark.parametrize("code", ["E08000001", "E08000003", "E08000010"])
def test_a_borough_builds_from_the_command_line(code, tmp_path):
    out = tmp_path / f"{code}.pptx"
    assert (
        main(
            ["--area", code, "--views", "compare:alcohol_met_need", "--out", str(out)]
            + ["--date", DAY, "--quiet"]
        )
        == 0
    )
    deck = Presentation(str(out))
    name = GM_BOROUGHS[code]
    assert _title(deck.slides[0]) == f"Drug and alcohol treatment: {name}"
    (chart,) = [s for s in deck.slides if _pictures(s)]
    assert _title(chart) == "Alcohol met need: the boroughs compared"
    assert not _watermarked(chart)
    assert any(f"{name} (" in t for t in _texts(chart) if "What would it take?" in t)


def test_a_pooled_group_gets_its_pooled_figures(tmp_path):
    # PowerPoint only: the PDF is drawn from the same slides (test_pdf_holds_the_same_slides).
    out = tmp_path / "group.pptx"
    args = ["--group", "Bolton,Salford,Trafford", "--out", str(out)]
    views = "profile,compare:alcohol_met_need,trends:completions_opiate"
    assert main([*args, "--views", views, "--date", DAY, "--quiet"]) == 0
    deck = Presentation(str(out))
    assert _title(deck.slides[0]) == (
        "Drug and alcohol treatment: Bolton, Salford and Trafford (pooled group)"
    )
    charts = [s for s in deck.slides if _pictures(s)]
    assert [_title(s) for s in charts] == [
        "Bolton, Salford and Trafford compared with England and other areas",
        "Alcohol met need: the boroughs compared",
        "Completions: opiate over time",
    ]
    # The profile's notes say which indicator cannot be pooled (a standardised rate).
    assert any(
        "Alcohol-related mortality is not shown for the pooled group" in t
        for t in _texts(charts[0])
    )
    compared = " ".join(_texts(charts[1]))
    assert "Bolton, Salford and Trafford, pooled," in compared
    assert "counts and denominators summed" in compared
    trend = charts[2]
    assert _watermarked(trend)
    # the Trends page's pooled series, named for the group (gmdash.whatif.groups.pool)
    assert re.search(r"Bolton, Salford and Trafford [\d.]+% in", _descr(_pictures(trend)[0]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "Nowhere"], "'Nowhere' is not a Greater Manchester borough"),
        (["--group", "Bolton,Atlantis"], "Not a Greater Manchester borough: 'Atlantis'"),
        (["--group", "Bolton"], "A group needs at least 2 different boroughs"),
        (
            ["--area", "Bury", "--views", "profile,compare:nope"],
            "'compare:nope' needs an indicator",
        ),
        (["--area", "Bury", "--views", "budget"], "Unknown view 'budget'"),
        (["--area", "Bury", "--comparator", "Mars"], "Unknown comparator 'Mars'"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_exit_code_2(args, message, tmp_path, capsys):
    out = tmp_path / "x.pptx"
    with pytest.raises(SystemExit) as stop:
        main([*args, "--out", str(out)])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_module_runs_as_a_command(tmp_path):
    out = tmp_path / "wigan.pptx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gmdash.pack",
            "--area",
            "Wigan",
            "--views",
            "trends:alcohol_met_need",
        ]
        + ["--out", str(out), "--date", DAY],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "slides:" in done.stdout and out.exists()


def test_missing_extracts_are_refused_with_how_to_rebuild(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--area", "Wigan", "--out", str(tmp_path / "w.pptx")]
             + ["--data-dir", str(tmp_path / "nothing")])  # fmt: skip
    assert stop.value.code == 2
    assert "Rebuild them with `make data`" in capsys.readouterr().err


def test_views_are_parsed_and_checked():
    indicators = ["alcohol_met_need", "completions_opiate"]
    specs = content.parse_views(" profile , compare:alcohol_met_need,profile", indicators)
    assert [s.label for s in specs] == ["profile", "compare:alcohol_met_need"]
    with pytest.raises(PackError, match="takes no indicator"):
        content.parse_views("profile:alcohol_met_need", indicators)
    with pytest.raises(PackError, match="at least one view"):
        content.parse_views(" , ", indicators)
    assert content.borough("bury").code == "E08000002"
    assert content.pooled(["E08000009", "Bolton"]).members == ("E08000001", "E08000009")


def test_pdftoppm_is_installed():
    # make pack-deps installs poppler-utils; the PDF tests above need it.
    assert shutil.which("pdftoppm") and shutil.which("pdftotext")


def test_pptx_pictures_are_presentation_pngs(bury):
    deck, _ = bury
    picture = _pictures(next(s for s in deck.slides if _pictures(s)))[0]
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        assert image.size == (1600, 900)


def test_a_long_wide_table_continues_with_its_header_and_first_column():
    import pandas as pd

    from gmdash.pack import deck as layout

    frame = pd.DataFrame(
        {"Area": [f"Area {i}" for i in range(60)]}
        | {f"Measure {j}": [i * (j + 1) + 0.5 for i in range(60)] for j in range(12)}
        | {"is_illustrative": [i % 2 == 0 for i in range(60)], "Constant": "same"}
    )
    builder = layout._Builder("label")
    layout.table_slides(
        builder, "A long table", frame, "Read me.", layout.status_of(frame), "Source: test."
    )
    pages = builder.appendix
    assert len(pages) >= 4  # more rows than one page holds, more columns than one page shows
    tables = [next(s for s in p.shapes if isinstance(s, layout.TableShape)) for p in pages]
    assert all(t.header[0] == "Area" for t in tables)
    shown = {c for t in tables for c in t.header}
    assert {f"Measure {j}" for j in range(12)} <= shown and "Constant" not in shown
    rows = [r[0] for t in tables if "Measure 0" in t.header for r in t.rows]
    assert rows == [f"Area {i}" for i in range(60)]  # every row once, in order
    assert all(p.generated for p in pages)  # half the rows are generated: every page says so
    captions = [s for s in pages[0].shapes if getattr(s, "name", "") == "caption"]
    assert "Constant: same" in captions[0].paras[0].text
    assert all(t.box.y + t.box.h <= 6.5 for t in tables), "a table page ends above its source line"
