"""Plain-English sentences about benchmarks and trends that state their uncertainty and never over-claim.

Every benchmark sentence names the area, the period and the comparator; a significant difference
says at which confidence level; a similar one says the difference could be chance. Sentences on
illustrative indicators say so first, so a sentence copied on its own still carries the warning.
"""

from __future__ import annotations

import math

ILLUSTRATIVE_PREFIX = "Illustrative data, not official statistics: "
NO_JUDGEMENT_NOTE = "Higher is not judged better or worse for this indicator."
TREND_MARKERS = {
    "increasing": "↑",
    "decreasing": "↓",
    "no significant change": "→",
    "could not be calculated": "–",
}
_SUPPRESSED_PREFIX = "suppressed: "
_NOT_COMPARED_PREFIX = "not compared: "


def missing(value: object) -> bool:
    """True for None, NaN and pandas' missing markers."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _decimals(unit: str) -> int:
    # Counts (people, deaths) are whole numbers even when a modelled estimate is not.
    return 1 if unit == "%" or unit.startswith("per ") else 0


def format_number(value: float | None, unit: str) -> str:
    """A value without its unit, at the precision the unit deserves ("13.0", "4,312"); "–" if none."""
    if missing(value):
        return "–"
    return f"{float(value):,.{_decimals(unit)}f}"  # type: ignore[arg-type]


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit: "13.0%", "7.6 per 100,000", "4,312 deaths"; "no value" if missing."""
    if missing(value):
        return "no value"
    number = format_number(value, unit)
    return f"{number}%" if unit == "%" else f"{number} {unit}"


#: Where Greater Manchester has no figure: the sources publish none for GM (an age-standardised
#: rate, for one, cannot be summed from the boroughs' rates), so it is not "no value".
NOT_PUBLISHED_FOR_GM = "not published for GM"


def gm_value(value: float | None, unit: str) -> str:
    """Greater Manchester's value with its unit, or "not published for GM" where it has none."""
    return NOT_PUBLISHED_FOR_GM if missing(value) else format_value(value, unit)


def format_interval(lower: float | None, upper: float | None, unit: str) -> str | None:
    """ "12.1–13.9%" or "7.4–7.9"; None when either limit is missing."""
    if missing(lower) or missing(upper):
        return None
    text = f"{format_number(lower, unit)}–{format_number(upper, unit)}"
    return f"{text}%" if unit == "%" else text


def ordinal(n: int) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th", 21 → "21st"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def possessive(name: str) -> str:
    """ "England's", "Greater Manchester's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def running_name(short_title: str) -> str:
    """An indicator's short title as it reads mid-sentence.

    "Alcohol met need" -> "alcohol met need"; "Completions: opiate" -> "opiate completions".
    Acronyms ("OCU", "NDTMS") keep their capitals.
    """
    head, sep, tail = short_title.partition(": ")
    if sep:
        head = head[0].lower() + head[1:] if head[1:2].islower() else head
    name = f"{tail} {head}" if sep else short_title
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _illustrative(text: str, illustrative: bool) -> str:
    return ILLUSTRATIVE_PREFIX + text if illustrative else text


def _value_with_interval(
    value: float | None, lower: float | None, upper: float | None, unit: str
) -> str:
    interval = format_interval(lower, upper, unit)
    shown = format_value(value, unit)
    return f"{shown}, 95% CI {interval}" if interval else shown


def _why_not_compared(reason: str, comparator: str, period: str) -> str:
    why = reason.removeprefix(_NOT_COMPARED_PREFIX)
    if why == "no comparator value":
        return f"{comparator} has no value for {period}"
    if why == "no confidence interval":
        return "no confidence interval is published for it, so chance cannot be ruled out"
    return why


def benchmark_sentence(
    *,
    area: str,
    indicator: str,
    period: str,
    unit: str,
    value: float | None,
    lower95: float | None,
    upper95: float | None,
    comparator: str,
    comparator_value: float | None,
    benchmark: str,
    level: str | None,
    reason: str,
    polarity: str,
    illustrative: bool,
    suppression_note: str | None = None,
) -> str:
    """One or two sentences comparing an area's value with a comparator's.

    `benchmark`, `level` and `reason` are a stats.benchmark result (or the columns
    analysis.add_benchmarks writes); `indicator` is the short title. A suppressed or missing value
    is said to be so, with the reason, and nothing is compared.
    """
    subject = f"{possessive(area)} {running_name(indicator)} in {period}"
    if suppression_note:
        note = suppression_note.strip().rstrip(".")
        if note.lower().startswith(_SUPPRESSED_PREFIX):
            note = note[len(_SUPPRESSED_PREFIX) :]
        text = (
            f"{_sentence_case(subject)} is suppressed to protect confidentiality: {note}. "
            f"It is not shown or compared with {comparator}."
        )
        return _illustrative(text, illustrative)
    if missing(value):
        text = (
            f"{area} has no published value for {running_name(indicator)} in {period}, "
            f"so it is not compared with {comparator}."
        )
        return _illustrative(text, illustrative)

    shown = _value_with_interval(value, lower95, upper95, unit)
    theirs = f"{possessive(comparator)} ({format_value(comparator_value, unit)})"
    if benchmark == "not compared":
        why = _why_not_compared(reason, comparator, period)
        text = f"{_sentence_case(subject)}: {shown}. Not compared with {comparator}: {why}."
    elif benchmark == "similar":
        text = (
            f"{_sentence_case(subject)} ({shown}) is similar to {theirs}: "
            "the difference could be chance."
        )
    else:
        if benchmark in ("higher", "lower"):
            direction = benchmark
        else:
            direction = (
                "higher" if (benchmark == "better") == (polarity == "high_good") else "lower"
            )
        strength = f"at the {level} level" if level else ""
        if level == "95%" and "99.8%" in reason:
            strength += " (though not at the stricter 99.8% level)"
        text = (
            f"{_sentence_case(subject)} ({shown}) is {direction} than {theirs}, and the "
            f"difference is statistically significant {strength}".rstrip()
            + "."
        )
        if benchmark in ("better", "worse"):
            good = "higher" if polarity == "high_good" else "lower"
            text += (
                f" For this indicator {good} is better, so this is {benchmark} than {comparator}."
            )
        else:
            text += f" {NO_JUDGEMENT_NOTE}"
    return _illustrative(text, illustrative)


def _span(first_period: str | None, last_period: str | None) -> str:
    return f" ({first_period} to {last_period})" if first_period and last_period else ""


def trend_sentence(
    *,
    area: str,
    indicator: str,
    direction: str,
    assessment: str,
    reason: str,
    first_period: str | None,
    last_period: str | None,
    illustrative: bool,
) -> str:
    """One sentence on a recent trend (stats.recent_trend's direction, assessment and reason)."""
    span = _span(first_period, last_period)
    subject = f"{possessive(area)} {running_name(indicator)}"
    if direction == "could not be calculated":
        why = reason.removeprefix("could not be calculated: ")
        text = f"Trend could not be calculated: {why}."
    elif direction == "no significant change":
        text = f"No significant change in {subject} over the last five years{span}."
    else:
        move = "rise" if direction == "increasing" else "fall"
        if assessment in ("getting better", "getting worse"):
            text = (
                f"{_sentence_case(subject)}: {assessment} over the last five years{span}, "
                f"a statistically significant {move} at the 99.8% level."
            )
        else:
            text = (
                f"{_sentence_case(subject)}: a statistically significant {move} over the last "
                f"five years{span}, at the 99.8% level. {NO_JUDGEMENT_NOTE}"
            )
    return _illustrative(text, illustrative)


def trend_label(direction: str, assessment: str, reason: str) -> str:
    """A table cell: marker plus words, e.g. "↓ getting worse", "– could not be calculated: …"."""
    marker = TREND_MARKERS.get(direction, "–")
    if direction == "could not be calculated":
        return f"{marker} {reason}"
    return f"{marker} {assessment}"


def needs_attention_sentence(
    *,
    area: str,
    indicator: str,
    period: str,
    unit: str,
    value: float | None,
    comparator: str,
    comparator_value: float | None,
    level: str | None,
    first_period: str | None,
    last_period: str | None,
    illustrative: bool,
) -> str:
    """One line for an area that is significantly worse than the comparator and getting worse."""
    strength = f" at the {level} level" if level else ""
    text = (
        f"{area} — {running_name(indicator)}: {format_value(value, unit)} in {period}, "
        f"significantly worse than {comparator} ({format_value(comparator_value, unit)})"
        f"{strength}, and getting significantly worse over the last five years"
        f"{_span(first_period, last_period)}."
    )
    return _illustrative(text, illustrative)
