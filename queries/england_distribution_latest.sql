-- england_distribution_latest: every indicator's values for all English local authorities in its
-- latest GM period (indicators.latest_gm_period: the spine chart's ranges, one query for all).
-- Grain: one row per indicator x local authority with a value.
-- Parameters: $sex
-- Columns: indicator_id, period, age, area_code, area_name, tier, region_code, is_gm, count,
--   denominator, value, is_illustrative
-- Reads latest_gm_values, the rows in each indicator's latest GM period and age band (the period
-- and age latest_values_gm shows, so each range matches the rug), which the app's snapshot works
-- out once from indicator_values (gmdash.db): no scan of every period on each call.
with latest as (
    select indicator_id, period, age, area_code, count, denominator, value, is_illustrative
    from latest_gm_values
    where sex = $sex and value is not null
),

final as (
    select
        l.indicator_id, l.period, l.age, a.area_code, a.area_name, a.tier, a.region_code, a.is_gm,
        l.count, l.denominator, l.value, l.is_illustrative
    from latest as l
    join areas as a on a.area_code = l.area_code
    where a.area_type = 'local_authority'
)

select * from final
order by indicator_id, value
