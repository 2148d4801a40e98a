"""gmdash.charts' LayerChart and FacetChart without Altair's copies: the same specs as Altair's own."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import altair as alt
import pandas as pd
import pytest
from altair.vegalite.v6 import api as altair_api

import gmdash.charts as charts

FRAME = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.0, 3.0, 2.0], "panel": list("aab")})


@pytest.fixture
def altairs_own() -> Iterator[None]:
    """Altair's own parameter functions in place for the duration of a test."""
    ours = altair_api._remove_duplicate_params, altair_api._combine_subchart_params
    altair_api._remove_duplicate_params = charts._remove_duplicate_params
    altair_api._combine_subchart_params = charts._combine_subchart_params
    try:
        yield
    finally:
        altair_api._remove_duplicate_params, altair_api._combine_subchart_params = ours


def _line() -> alt.Chart:
    return alt.Chart(FRAME).mark_line().encode(x="year:O", y="value:Q")


def _layered() -> alt.LayerChart:
    return alt.LayerChart(
        layer=[_line(), _line().mark_point(), alt.Chart(FRAME).mark_rule().encode(y="mean(value)")],
        title="t",
        width=200,
    )


def _faceted() -> alt.FacetChart:
    return _layered().facet(facet=alt.Facet("panel:N"), columns=2)


def _with_selection() -> alt.LayerChart:
    pick = alt.selection_point(fields=["panel"], name="pick")
    return alt.layer(_line().add_params(pick), _line().mark_point().add_params(pick))


def _nested() -> alt.LayerChart:
    return alt.layer(alt.layer(_line().properties(name="inner"), _line().mark_point()), _line())


def _spec(make: Callable[[], Any]) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec: dict[str, Any] = make().to_dict()
    return spec


@pytest.mark.parametrize("make", [_layered, _faceted, _with_selection, _nested])
def test_specs_are_altairs_own(make: Callable[[], Any], request: pytest.FixtureRequest) -> None:
    ours = _spec(make)
    request.getfixturevalue("altairs_own")
    assert ours == _spec(make)


def test_the_functions_in_use_are_ours_and_skip_copies_only_without_params() -> None:
    assert altair_api._remove_duplicate_params is charts._layers_without_params
    assert altair_api._combine_subchart_params is charts._subcharts_without_params
    layers = [_line(), _line().mark_point()]
    assert all(a is b for a, b in zip(charts._layers_without_params(layers), layers, strict=True))
    params, kept = charts._subcharts_without_params(alt.Undefined, layers)
    assert params is alt.Undefined and all(a is b for a, b in zip(kept, layers, strict=True))
    # A facet's one layered subchart is kept as it is; layered subcharts concatenated are copied.
    layered = _layered()
    params, kept = charts._subcharts_without_params(alt.Undefined, [layered])
    assert params is alt.Undefined and kept[0] is layered
    params, copied = charts._subcharts_without_params(alt.Undefined, [layered, _layered()])
    assert copied[0] is not layered
    pick = alt.selection_point(fields=["panel"], name="pick")
    chosen = [_line().add_params(pick), _line()]
    params, copied = charts._subcharts_without_params(alt.Undefined, chosen)
    assert [p.name for p in params] == ["pick"]
    assert copied[0] is not chosen[0]
