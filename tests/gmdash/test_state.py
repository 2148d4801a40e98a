"""URL parameters -> shared filters: valid values kept, unknown ones ignored with a notice."""

from __future__ import annotations

from gmdash.ui.state import Filters, Options, parse_params, period_or_latest

OPTIONS = Options(
    boroughs={"E08000001": "Bolton", "E08000004": "Oldham"},
    indicators=["completions_opiate", "alcohol_met_need"],
)
DEFAULT = Filters(area="E08000001")


def test_valid_parameters_are_kept():
    filters, notices = parse_params(
        {
            "area": "Oldham",
            "indicator": "alcohol_met_need",
            "comparator": "E12000002",
            "sex": "Female",
            "period": "2018/19",
            "areas": ["E08000001", "oldham"],
        },
        OPTIONS,
        DEFAULT,
    )
    assert notices == []
    assert filters == Filters(
        area="E08000004",
        indicator="alcohol_met_need",
        period="2018/19",
        comparator="E12000002",
        sex="Female",
        areas=("E08000001", "E08000004"),
    )


def test_unknown_values_fall_back_with_a_notice_each():
    filters, notices = parse_params(
        {
            "area": "E09000001",
            "indicator": "x",
            "comparator": "y",
            "sex": "z",
            "areas": ["Bolton", "Atlantis"],
        },
        OPTIONS,
        DEFAULT,
    )
    assert filters.area == "E08000001" and filters.indicator == DEFAULT.indicator
    assert filters.areas == ("E08000001",)
    assert len(notices) == 5 and "Atlantis" in notices[-1]


def test_overlong_values_are_cut_in_notices():
    _, notices = parse_params({"area": "A" * 5000}, OPTIONS, DEFAULT)
    assert len(notices[0]) < 200


def test_period_or_latest():
    assert period_or_latest(None, ["2019/20", "2020/21"]) == ("2020/21", None)
    assert period_or_latest("2019/20", ["2019/20", "2020/21"]) == ("2019/20", None)
    chosen, notice = period_or_latest("1066", ["2019/20", "2020/21"])
    assert chosen == "2020/21" and notice is not None and "1066" in notice


def test_filters_round_trip_through_params():
    filters = Filters(
        area="E08000004",
        indicator="alcohol_met_need",
        period="2018/19",
        areas=("E08000001", "E08000004"),
    )
    parsed, notices = parse_params(filters.to_params(), OPTIONS, DEFAULT)
    assert parsed == filters and notices == []


def test_page_choices_travel_in_the_url_and_are_bounded():
    filters, notices = parse_params(
        {
            "area": "Oldham",
            "compare.view": "Funnel plot",
            "trends.pool": "1",
            "trends." + "k" * 100: "x" * 500,
            "unrelated": "ignored",
            "Not.A_setting": "ignored",
        },
        OPTIONS,
        DEFAULT,
    )
    assert notices == []
    assert filters.choice("compare.view") == "Funnel plot"
    assert filters.choice("trends.pool") == "1"
    assert filters.choice("trends." + "k" * 100) == "x" * 80
    params = filters.to_params()
    assert params["compare.view"] == "Funnel plot"
    assert "unrelated" not in params and "Not.A_setting" not in params
    assert parse_params(params, OPTIONS, DEFAULT)[0] == filters


def test_old_links_settings_keep_working_under_their_new_names():
    filters, _ = parse_params(
        {"v.compare:view": "Funnel plot", "v.funding_grant": "inpatient_detox", "v.x": "1"},
        OPTIONS,
        DEFAULT,
    )
    assert dict(filters.choices) == {
        "compare.view": "Funnel plot",
        "funding.grant": "inpatient_detox",
    }
    assert filters.to_params()["funding.grant"] == "inpatient_detox"


def test_a_pooled_group_in_a_link_is_validated_and_round_trips():
    filters, notices = parse_params(
        {"group": "bolton, Oldham", "group_name": "Pair", "comparator": "group:pair"},
        OPTIONS,
        DEFAULT,
    )
    assert notices == []
    assert (filters.group, filters.group_name) == (("E08000001", "E08000004"), "Pair")
    assert filters.comparator == "group:pair"
    params = filters.to_params()
    assert (params["group"], params["group_name"]) == ("Bolton,Oldham", "Pair")
    unnamed, _ = parse_params({"group": "Bolton,Oldham"}, OPTIONS, DEFAULT)
    assert unnamed.group_name == "Bolton and Oldham"


def test_a_bad_group_or_a_comparator_naming_no_group_is_ignored_with_a_notice():
    filters, notices = parse_params(
        {"group": "Bolton,![x](http://e.invalid)", "comparator": "group:pair"}, OPTIONS, DEFAULT
    )
    assert filters.group == () and filters.comparator == DEFAULT.comparator
    assert len(notices) == 2
    assert "pooled group was ignored" in notices[0] and "\\!\\[x\\]" in notices[0]
