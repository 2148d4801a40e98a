-- indicator_catalogue: every indicator with the periods and areas it covers.
-- Grain: one row per indicator.
-- Parameters: none.
-- Columns: indicator_id, title, short_title, topic, unit, value_type, polarity, definition,
--   source_name, source_url, licence, fingertips_id, is_illustrative, first_period,
--   latest_period, latest_gm_period (latest period with GM borough values), n_periods, n_areas,
--   has_gm_boroughs, sexes
with coverage as (
    select
        v.indicator_id,
        arg_min(v.period, v.period_start) as first_period,
        arg_max(v.period, v.period_start) as latest_period,
        arg_max(v.period, v.period_start) filter (
            where a.is_gm and a.area_type = 'local_authority' and v.value is not null
        ) as latest_gm_period,
        count(distinct v.period) as n_periods,
        count(distinct v.area_code) as n_areas,
        bool_or(a.is_gm and a.area_type = 'local_authority') as has_gm_boroughs,
        string_agg(distinct v.sex, ', ' order by v.sex) as sexes
    from indicator_values as v
    join areas as a using (area_code)
    group by v.indicator_id
),

final as (
    select i.*, c.* exclude (indicator_id)
    from indicators as i
    join coverage as c using (indicator_id)
)

select * from final
order by topic, indicator_id
