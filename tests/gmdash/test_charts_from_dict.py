"""gmdash.charts' shared schema table for Altair's from_dict: same objects, table built once."""

from __future__ import annotations

import altair as alt
import jsonschema
import pytest
from altair.utils import schemapi

import gmdash.charts as charts


def _altairs_own(cls: type[schemapi.SchemaBase], dct: dict) -> schemapi.SchemaBase:
    # What Altair 6.3's from_dict does, with a table built for this call alone.
    return schemapi._FromDict(cls._default_wrapper_classes()).from_dict(dct, cls)


def test_shorthand_encodings_make_the_same_channels_as_altair_does():
    chart = alt.Chart(alt.InlineData(values=[{"a": 1, "b": "x"}])).mark_bar()
    made = chart.encode(x="a:Q", y="b:N", tooltip=["a:Q", alt.Tooltip("b:N", title="B")])
    assert made.to_dict()["encoding"] == {
        "x": {"field": "a", "type": "quantitative"},
        "y": {"field": "b", "type": "nominal"},
        "tooltip": [
            {"field": "a", "type": "quantitative"},
            {"field": "b", "type": "nominal", "title": "B"},
        ],
    }
    for cls, dct in (
        (alt.X, {"shorthand": "a:Q"}),
        (alt.Color, {"field": "c", "type": "nominal", "legend": {"title": "C"}}),
        (alt.TitleParams, {"text": "t", "subtitle": ["s"]}),
    ):
        ours, theirs = cls.from_dict(dct, validate=False), _altairs_own(cls, dct)
        assert type(ours) is type(theirs)
        assert ours.to_dict(validate=False) == theirs.to_dict(validate=False)


def test_the_table_is_built_once_per_class_and_validation_still_runs():
    alt.X.from_dict({"shorthand": "a:Q"}, validate=False)
    table = charts._converters[alt.X]
    alt.X.from_dict({"shorthand": "b:N"}, validate=False)
    assert charts._converters[alt.X] is table
    with pytest.raises(jsonschema.ValidationError):
        alt.X.from_dict({"field": "a", "type": "not a type"})
