"""People in treatment under AppTest with an uploaded ViewIt export: a borough without an export
shows the upload's figures marked as the reader's own; malformed files are listed by row and
change nothing; data/ is never written; a new session sees nothing of the upload.

The export is the real Barnet sample relabelled as Bolton inside the test only (the committed
extracts hold no export). Expected counts are read here from the raw file with the csv module.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from page_support import assert_clean, grid, open_page, open_table_views

PAGE = "pages/people.py"
BOLTON = "E08000001"
BARNET_EXPORT = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"
UPLOAD = "people.upload_file"
USER_LEAD = "Your own uploaded figures, not official statistics: "


@pytest.fixture(autouse=True)
def committed(monkeypatch):
    """The committed extracts, which hold no ViewIt export (caches are keyed by the folder)."""
    monkeypatch.delenv("GMDASH_DATA_DIR", raising=False)


def export(raw_dir: Path, area: str | None = "Bolton", changes=None, drop: str = "") -> bytes:
    """The Barnet export as CSV bytes, relabelled to `area`, with {(file row, column): text}
    changed and one column left out."""
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    if area is not None:
        rows = [[area if c == "Area" else v for c, v in zip(header, r, strict=True)] for r in rows]
    for (row, column), text in (changes or {}).items():
        rows[row - 2][header.index(column)] = text
    keep = [i for i, c in enumerate(header) if c != drop]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in [header, *rows]])
    return out.getvalue().encode("utf-8")


def raw_total(raw_dir: Path, column: str) -> int:
    """A 2021/22 all-substances, persons, all-ages count of the raw export."""
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["ReportingPeriod"] == "2021/22"
            and all(r[k].lower() == "total" for k in ("sex", "age_group", "drug_group"))
        ]
    return int(row[column])


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def upload(at, name: str, content: bytes):
    at.file_uploader(key=UPLOAD).set_value((name, content, "text/csv")).run()
    return at


def texts(at) -> list[str]:
    return [
        str(e.value)
        for e in (*at.markdown, *at.caption, *at.warning, *at.info, *at.success, *at.subheader)
    ]


def no_export_warning(at) -> bool:
    return any("No NDTMS ViewIt export is loaded for Bolton" in w.value for w in at.warning)


def test_an_uploaded_export_shows_for_a_borough_without_one_marked_as_the_users(raw_dir, data_dir):
    before = digest(data_dir)
    at = open_page(PAGE, {"area": BOLTON})
    assert no_export_warning(at)
    assert not any(s.key == "people.measure" for s in at.selectbox)
    at = upload(at, "bolton viewit.csv", export(raw_dir))
    assert_clean(at)
    assert any(s.value.startswith("Your figures passed every check") for s in at.success)
    listed = grid(at, "What it holds")
    assert listed["File"].tolist() == ["bolton viewit.csv"]
    assert "Bolton (E08000001), 2009/10 to 2021/22" in listed["What it holds"].iloc[0]
    # the page now shows the upload as it would a built-in export, and says whose it is
    assert not no_export_warning(at)
    assert (
        "The dashboard's own data hold no NDTMS ViewIt export. Your own uploaded exports, in this "
        "session only: Bolton (E08000001), 2009/10 to 2021/22."
    ) in [i.value for i in at.info]
    treated = raw_total(raw_dir, "intreatment_allintx")
    started = raw_total(raw_dir, "newpresentation_newtx")
    assert (
        f"{USER_LEAD}In 2021/22, {treated:,} adults were in treatment in Bolton for all "
        f"substances, and {started:,} started treatment (new presentations); counts are rounded "
        "to 5."
    ) in " ".join(texts(at))
    assert any(w.value.startswith("**Your own uploaded figures.**") for w in at.warning)
    assert any(c.value.startswith("Your own uploaded figures. Pyramid") for c in at.caption)
    assert any(c.value.startswith("Your own uploaded figures. Bar chart") for c in at.caption)
    assert any("Source of the uploaded values" in m.value for m in at.markdown)
    # the export-only breakdowns are offered and drawn, from the upload
    assert at.selectbox(key="people.measure").value == "exit_reason"
    exits = next(
        d.value
        for d in open_table_views(at).dataframe
        if "Category" in d.value.columns and "Successful completion" in set(d.value["Category"])
    )
    assert set(exits["data_status"]) == {"user"}
    pyramid = grid(at, "Bars")
    mine = pyramid[pyramid["Series"] == "In treatment"]
    assert set(mine["data_status"]) == {"user"}
    assert set(pyramid.loc[pyramid["Series"] == "Residents", "data_status"]) == {"official"}
    assert digest(data_dir) == before
    # a new session knows nothing of this one's upload
    fresh = open_page(PAGE, {"area": BOLTON})
    assert_clean(fresh)
    assert no_export_warning(fresh)
    assert not any("Your own uploaded" in t for t in texts(fresh))


MALFORMED = {
    "missing key column": (dict(drop="drug_group"), "missing key column(s) ['drug_group']"),
    "unknown substance label": (
        dict(changes={(7, "drug_group"): "Cannabis"}),
        "has unknown drug group 'Cannabis'",
    ),
    "text in a count": (
        dict(changes={(5, "exits_died_allintx"): "lots"}),
        "has 'lots' where a whole-number count",
    ),
    "UTF-16": ("utf-16", "saved as UTF-16"),
    "empty": (b"", "The file is empty."),
    "over the cap": (b"ReportingPeriod,Area\n" + b"2021/22,Bolton\n" * 400_000, "5 MB"),
}


def _content(raw_dir: Path, how) -> bytes:
    if isinstance(how, bytes):
        return how
    if how == "utf-16":
        return export(raw_dir).decode("utf-8").encode("utf-16")
    return export(raw_dir, **how)


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_a_malformed_export_gives_a_clear_message_and_changes_nothing(case, raw_dir, data_dir):
    before = digest(data_dir)
    how, message = MALFORMED[case]
    at = upload(open_page(PAGE, {"area": BOLTON}), f"{case}.csv", _content(raw_dir, how))
    assert_clean(at)
    assert any(w.value.startswith("This file was not used") for w in at.warning)
    problems = grid(at, "Problem")
    assert problems["Problem"].str.contains(message, regex=False).any(), problems
    # nothing changed: Bolton still has no export, and nothing is marked as the reader's
    assert no_export_warning(at)
    assert not any(w.value.startswith("**Your own uploaded figures.**") for w in at.warning)
    assert not any("What it holds" in d.value.columns for d in at.dataframe)
    assert digest(data_dir) == before


def test_an_export_outside_gm_is_listed_but_not_shown(raw_dir):
    at = upload(open_page(PAGE, {"area": BOLTON}), "barnet.csv", export(raw_dir, area=None))
    assert_clean(at)
    listed = grid(at, "What it holds")
    assert (
        "Barnet (E09000003, not in Greater Manchester, so listed but not shown"
        in (listed["What it holds"].iloc[0])
    )
    assert any(
        "Your own uploaded exports, in this session only: Barnet (E09000003, not in Greater "
        "Manchester)"
        in i.value
        and "loaded but not shown here" in i.value
        for i in at.info
    )
    assert no_export_warning(at)
    assert not any(w.value.startswith("**Your own uploaded figures.**") for w in at.warning)


def test_forgetting_the_upload_restores_the_page(raw_dir):
    at = upload(open_page(PAGE, {"area": BOLTON}), "bolton.csv", export(raw_dir))
    assert not no_export_warning(at)
    at.button(key="people.upload_forget").click().run()
    assert_clean(at)
    assert no_export_warning(at)
    assert not any("Your own uploaded" in t for t in texts(at))
