-- indicator_periods: the periods an indicator has values for, oldest first.
-- Grain: one row per period.
-- Parameters: $indicator_id, $sex
-- Columns: period, period_start, period_type, n_areas, has_gm_boroughs
with final as (
    select
        v.period,
        v.period_start,
        any_value(v.period_type) as period_type,
        count(distinct v.area_code) as n_areas,
        bool_or(a.is_gm and a.area_type = 'local_authority') as has_gm_boroughs
    from indicator_values as v
    join areas as a using (area_code)
    where v.indicator_id = $indicator_id and v.sex = $sex and v.value is not null
    group by v.period, v.period_start
)

select * from final
order by period_start
