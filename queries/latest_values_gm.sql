-- latest_values_gm: every indicator that has GM borough data, in its latest GM period
-- (indicators.latest_gm_period), for the boroughs and the comparators (the "tartan rug").
-- Grain: one row per indicator x area.
-- Parameters: $sex
-- Columns: indicator_id, area_code, area_name, area_type, is_gm, period, period_start, age,
--   count, denominator, value, lci95, uci95, lci998, uci998, note, is_illustrative
with latest as (
    select indicator_id, latest_gm_period as period, latest_gm_age as age
    from indicators
    where latest_gm_period is not null
),

final as (
    select
        v.indicator_id, a.area_code, a.area_name, a.area_type, a.is_gm, v.period,
        v.period_start, v.age, v.count, v.denominator, v.value, v.lci95, v.uci95, v.lci998,
        v.uci998, v.note, v.is_illustrative
    from indicator_values as v
    join latest as l using (indicator_id, period, age)
    join areas as a on a.area_code = v.area_code
    where v.sex = $sex and (a.is_gm or a.is_comparator)
)

select * from final
order by indicator_id, area_type = 'local_authority' desc, area_name
