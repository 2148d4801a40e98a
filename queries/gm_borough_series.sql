-- gm_borough_series: every indicator's series for the ten GM boroughs up to its latest GM period
-- (indicators.latest_gm_period), in that period's age band (the recent-trend test on the rug
-- and the profile).
-- Grain: one row per indicator x borough x period.
-- Parameters: $sex
-- Columns: indicator_id, area_code, area_name, period, period_start, period_type, age, count,
--   denominator, value, lci95, uci95, is_illustrative
with latest as (
    -- The period and age band latest_values_gm shows, so a series ends at the rug's cell.
    select indicator_id, latest_gm_period_start as latest_start, latest_gm_age as age
    from indicators
    where latest_gm_period is not null
),

final as (
    select
        v.indicator_id, a.area_code, a.area_name, v.period, v.period_start, v.period_type, v.age,
        v.count, v.denominator, v.value, v.lci95, v.uci95, v.is_illustrative
    from indicator_values as v
    join latest as l using (indicator_id, age)
    join areas as a on a.area_code = v.area_code
    where v.sex = $sex and a.is_gm and a.area_type = 'local_authority'
        and v.period_start <= l.latest_start
)

select * from final
order by indicator_id, area_code, period_start
