-- latest_values_gm: every indicator that has GM borough data, in its latest GM period
-- (indicators.latest_gm_period), for the boroughs and the comparators (the "tartan rug").
-- Grain: one row per indicator x area.
-- Parameters: $sex
-- Columns: indicator_id, area_code, area_name, area_type, is_gm, period, period_start, age,
--   count, denominator, value, lci95, uci95, lci998, uci998, note, is_illustrative
-- Reads latest_gm_values, the rows in each indicator's latest GM period and age band, which the
-- app's snapshot works out once from indicator_values (gmdash.db): no scan of every period.
with latest as (
    select
        indicator_id, area_code, period, period_start, age, count, denominator, value, lci95,
        uci95, lci998, uci998, note, is_illustrative
    from latest_gm_values
    where sex = $sex
),

final as (
    select
        l.indicator_id, a.area_code, a.area_name, a.area_type, a.is_gm, l.period,
        l.period_start, l.age, l.count, l.denominator, l.value, l.lci95, l.uci95, l.lci998,
        l.uci998, l.note, l.is_illustrative
    from latest as l
    join areas as a on a.area_code = l.area_code
    where a.is_gm or a.is_comparator
)

select * from final
order by indicator_id, area_type = 'local_authority' desc, area_name
