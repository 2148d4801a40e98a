"""The Funding split view: a fixed pot split across the ten boroughs, and how it compares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from gmcore.schema import GM_BOROUGHS
from gmdash import queries
from gmdash.analysis import num
from gmdash.charts.whatif import split_chart
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.provenance import Provenance, status_of
from gmdash.queries import Ask
from gmdash.whatif import ILLUSTRATIVE, split
from gmdash.whatif.split import NEED_MEASURES, SplitError, SplitMethod

TYPED = "typed"
METHODS = {
    "equal": "equally",
    "per_head": "per head",
    "need": "by need",
    "blend": "by a blend of methods",
}
BLEND_PARTS = {"equal": "Equal", "per_head": "Per head", "need": "By need"}
NEED_LABELS = {k: m.label for k, m in NEED_MEASURES.items()}
# Where the reader starts (whole percents): every need measure alike; half per head, half need.
DEFAULT_WEIGHTS = {
    "split.need": dict.fromkeys(NEED_LABELS, 25),
    "split.blend": {"equal": 0, "per_head": 50, "need": 50},
}
POPULATION_SOURCE = ("ONS mid-year population estimates and Census 2021", "https://www.ons.gov.uk/")
IMD_SOURCE = (
    "English Indices of Deprivation 2019 (MHCLG)",
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
)


@dataclass(frozen=True)
class Pot:
    """A published GM-wide award that can prefill the pot, as the funding extract holds it."""

    label: str
    grant: str
    financial_year: str
    year: int
    amount: float
    source_url: str


def published_pots(ask: Ask) -> dict[str, Pot]:
    """Published Greater Manchester-wide awards by label, latest first."""
    rows = split.published_pots(ask).sort_values("year_start", ascending=False)
    out = {}
    for row in rows.to_dict("records"):
        label = f"{str(row['grant']).replace('_', ' ').capitalize()}, {row['financial_year']}"
        year, amount = num(row["year_start"]), num(row["amount_gbp"])
        if year is None or amount is None:
            continue  # a pot without a year or an amount cannot prefill anything
        out[label] = Pot(
            label,
            str(row["grant"]),
            str(row["financial_year"]),
            int(year),
            amount,
            str(row["source_url"]),
        )
    return out


def population_years(ask: Ask) -> list[int]:
    """Years with population estimates for the boroughs (the first borough's, oldest first)."""
    years = ask(queries.population_years, next(iter(GM_BOROUGHS)))
    return sorted(int(y) for y in years["year"])


def method_for(
    kind: str, population: str, need: Mapping[str, float], blend: Mapping[str, float]
) -> SplitMethod:
    """The SplitMethod for the page's choice; weights are fractions that add up to 1."""
    if kind == "equal":
        return SplitMethod(equal=1.0, population=population)
    if kind == "per_head":
        return SplitMethod(per_head=1.0, population=population)
    if kind == "need":
        return SplitMethod(need=1.0, population=population, need_weights=dict(need))
    return SplitMethod(
        equal=blend.get("equal", 0.0),
        per_head=blend.get("per_head", 0.0),
        need=blend.get("need", 0.0),
        population=population,
        need_weights=dict(need),
    )


def kind_of(method: SplitMethod) -> str:
    """The page's method choice for a saved SplitMethod."""
    parts = [k for k in ("equal", "per_head", "need") if getattr(method, k) > 0]
    return parts[0] if len(parts) == 1 else "blend"


@dataclass(frozen=True)
class SplitChoice:
    """What the reader chose: the pot (pounds, as typed or published), year, method, actuals."""

    pot: str
    year: int
    method: SplitMethod
    pot_label: str
    grant: str = ""
    financial_year: str = ""
    typed_actuals: Mapping[str, float] = field(default_factory=dict)


def split_table(frame: pd.DataFrame) -> pd.DataFrame:
    """split_pot output as a reader's table (money to the penny, shares in %)."""
    return pd.DataFrame(
        {
            "Borough": frame["area_name"],
            "Allocation (£)": frame["amount_gbp"].round(2),
            "Share (%)": (100 * frame["share"]).round(2),
            "Share range from (%)": (100 * frame["share_low"]).round(2),
            "Share range to (%)": (100 * frame["share_high"]).round(2),
            "£ per head": frame["gbp_per_head"].round(2),
            "£ per person in treatment": frame["gbp_per_person_in_treatment"].round(2),
            "Actual (£)": frame["actual_gbp"],
            "Actual from": frame["actual_source"].replace({"typed": "typed by you"}),
            "Difference from actual (£)": frame["difference_gbp"],
            "is_illustrative": frame["data_status"] == ILLUSTRATIVE,
        }
    )


def _money(value: object, sign: bool = False) -> str:
    amount = num(value)
    if amount is None:
        return ""
    text = f"£{abs(amount):,.2f}"
    if sign and amount:
        return ("+" if amount > 0 else "−") + text
    return text


def reader_split_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The page's table: money to the penny with £ and thousands, each share with its range in
    one column, the actual with where it came from. split_table (numbers) is the download."""

    def share(row: pd.Series) -> str:
        low, mid, high = (100 * float(row[c]) for c in ("share_low", "share", "share_high"))
        spread = f" ({low:.2f}–{high:.2f}%)" if round(high - low, 2) > 0 else ""
        return f"{mid:.2f}%{spread}"

    def actual(row: pd.Series) -> str:
        words = {"published": "published", TYPED: "typed by you"}.get(str(row["actual_source"]))
        shown = _money(row["actual_gbp"])
        return f"{shown} ({words})" if shown and words else shown

    return pd.DataFrame(
        {
            "Borough": frame["area_name"],
            "Allocation": frame["amount_gbp"].map(_money),
            "Share (range)": frame.apply(share, axis=1),
            "£ per head": frame["gbp_per_head"].map(_money),
            "£ per person in treatment": frame["gbp_per_person_in_treatment"].map(_money),
            "Actual": frame.apply(actual, axis=1),
            "Allocation minus actual": frame["difference_gbp"].map(lambda v: _money(v, sign=True)),
        }
    )


def _sources(ask: Ask, inputs: split.SplitInputs, method: SplitMethod) -> list[tuple[str, str]]:
    sources = [POPULATION_SOURCE]
    if "imd_score" in method.used_measures:
        sources.append(IMD_SOURCE)
    catalogue = ask(queries.indicator_catalogue).set_index("indicator_id")
    used = set(inputs.need.loc[inputs.need["measure"].isin(method.used_measures), "indicator_id"])
    used |= set(inputs.need.loc[inputs.need["measure"] == "in_treatment", "indicator_id"])
    for indicator_id in sorted(i for i in used if i in catalogue.index):
        row = catalogue.loc[indicator_id]
        sources.append((str(row["source_name"]), str(row["source_url"] or "")))
    return list(dict.fromkeys(sources))


def blocks(ask: Ask, choice: SplitChoice, version: str) -> list[Block]:
    """The split as a chart with its table, the check that it adds up, and what it rests on."""
    try:
        # The same for every pot, method and grant of a year: read and derived once per year.
        inputs = ask.memo(split.load_inputs, choice.year)
        published = (
            split.published_actuals(ask, choice.grant, choice.financial_year)
            if choice.grant
            else None
        )
        result = split.split_pot(
            inputs,
            choice.method,
            choice.pot,
            published=published,
            typed_actuals=dict(choice.typed_actuals),
        )
    except SplitError as exc:
        return [Notice(f"The pot was not split: {exc}", "warning")]
    frame = result.frame
    table = split_table(frame)
    method_words = choice.method.describe()
    shown = frame.assign(is_illustrative=table["is_illustrative"])
    provenance = Provenance.for_sources(
        _sources(ask, inputs, choice.method),
        version,
        "METHODS.md, 'Splitting a fixed pot': shares by the chosen method, money split in "
        "pennies by the largest-remainder method so the allocations add up to the pot exactly; "
        "share ranges from 1,000 seeded draws of each need measure within its 95% interval. "
        f"Method: {method_words}. Inputs: "
        + "; ".join(f"{NEED_MEASURES[k].label}: {v}" for k, v in inputs.sources.items())
        + f"; population {sorted(set(inputs.boroughs['population_year']))[0]}.",
        shown,
    )
    total = result.total_pence / 100
    # Without a need measure there is no range to speak of, so that note would only puzzle.
    notes = [n for n in result.notes if choice.method.used_measures or "interval" not in n]
    out: list[Block] = [Notice(note) for note in notes]
    out.append(
        Sentences(
            key="split.check",
            title="Does it add up?",
            lines=(
                f"The ten allocations add up to £{total:,.2f}: the pot of "
                f"£{result.pot_pence / 100:,.2f}, to the penny.",
            ),
        )
    )
    out.append(
        Figure(
            key="split.chart",
            chart=split_chart(
                frame,
                pot_label=f"{choice.pot_label} (£{result.pot_pence / 100:,.2f})",
                method=method_words,
                illustrative=status_of(shown).is_generated,
            ),
            table=table,
            provenance=provenance,
            name=f"gm-boroughs_{slug(choice.pot_label)}_split_{slug(kind_of(choice.method))}",
            context={"pot_gbp": f"{result.pot_pence / 100:.2f}", "method": method_words},
        )
    )
    out.append(
        Table(
            key="split.table",
            title="Each borough's allocation",
            frame=reader_split_table(frame),
            static=True,
            caption="Share (range): the share of the pot, with the range implied by the "
            "uncertainty in the need measures where they have one. Actual amounts are the "
            "published ones where the funding extract has them for this grant and year, and the "
            "ones you typed for the rest.",
            status=status_of(shown),
        )
    )
    return out
