-- england_distribution_latest: every indicator's values for all English local authorities in its
-- latest period with GM borough data (the spine chart's ranges, one query for all indicators).
-- Grain: one row per indicator x local authority with a value.
-- Parameters: $sex
-- Columns: indicator_id, period, age, area_code, area_name, tier, region_code, is_gm, count,
--   denominator, value, is_illustrative
with borough_rows as (
    select v.indicator_id, v.period, v.period_start, v.age
    from indicator_values as v
    join areas as a using (area_code)
    where v.sex = $sex and v.value is not null and a.is_gm and a.area_type = 'local_authority'
),

latest as (
    -- The same period and age band latest_values_gm picks, so each range matches the rug.
    select indicator_id, arg_max(period, period_start) as period, arg_max(age, period_start) as age
    from borough_rows
    group by indicator_id
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
