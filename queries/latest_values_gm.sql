-- latest_values_gm: every indicator that has GM borough data, in its latest such period, for the
-- boroughs and the comparators (the "tartan rug").
-- Grain: one row per indicator x area.
-- Parameters: $sex
-- Columns: indicator_id, area_code, area_name, area_type, is_gm, period, period_start, age,
--   count, denominator, value, lci95, uci95, lci998, uci998, note, is_illustrative
with borough_rows as (
    select v.indicator_id, v.period, v.period_start, v.age
    from indicator_values as v
    join areas as a using (area_code)
    where v.sex = $sex and v.value is not null and a.is_gm and a.area_type = 'local_authority'
),

latest as (
    select indicator_id, arg_max(period, period_start) as period, arg_max(age, period_start) as age
    from borough_rows
    group by indicator_id
),

final as (
    select
        v.indicator_id, a.area_code, a.area_name, a.area_type, a.is_gm, v.period,
        v.period_start, v.age, v.count, v.denominator, v.value, v.lci95, v.uci95, v.lci998,
        v.uci998, v.note, v.is_illustrative
    from indicator_values as v
    join latest as l using (indicator_id, period, age)
    join areas as a on a.area_code = v.area_code
    where v.sex = $sex and (a.is_gm or a.area_code in ('E12000002', 'E92000001'))
)

select * from final
order by indicator_id, area_type = 'local_authority' desc, area_name
