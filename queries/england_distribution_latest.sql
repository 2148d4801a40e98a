-- england_distribution_latest: every indicator's values for all English local authorities in its
-- latest GM period (indicators.latest_gm_period: the spine chart's ranges, one query for all).
-- Grain: one row per indicator x local authority with a value.
-- Parameters: $sex
-- Columns: indicator_id, period, age, area_code, area_name, tier, region_code, is_gm, count,
--   denominator, value, is_illustrative
with latest as (
    -- The period and age band latest_values_gm shows, so each range matches the rug.
    select indicator_id, latest_gm_period as period, latest_gm_age as age
    from indicators
    where latest_gm_period is not null
),

final as (
    select
        v.indicator_id, v.period, v.age, a.area_code, a.area_name, a.tier, a.region_code, a.is_gm,
        v.count, v.denominator, v.value, v.is_illustrative
    from indicator_values as v
    join latest as l using (indicator_id, period, age)
    join areas as a on a.area_code = v.area_code
    where v.sex = $sex and a.area_type = 'local_authority' and v.value is not null
)

select * from final
order by indicator_id, value
