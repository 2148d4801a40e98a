-- indicator_values_gm: one indicator in one period for the GM boroughs and the comparators
-- (Greater Manchester, North West, England) where the source has them.
-- Grain: one row per area (and age band, when the indicator is published by age).
-- Parameters: $indicator_id, $period, $sex
-- Columns: area_code, area_name, area_type, is_gm, indicator_id, period, period_start, sex, age,
--   count, denominator, value, lci95, uci95, lci998, uci998, note, source, is_illustrative
with gm_ages as (
    -- The age band published for the boroughs, so comparators line up with them.
    select distinct v.age
    from indicator_values as v
    join areas as a using (area_code)
    where v.indicator_id = $indicator_id and v.period = $period and v.sex = $sex
        and a.is_gm and a.area_type = 'local_authority'
),

final as (
    select a.area_code, a.area_name, a.area_type, a.is_gm, v.* exclude (area_code)
    from indicator_values as v
    join areas as a using (area_code)
    where v.indicator_id = $indicator_id and v.period = $period and v.sex = $sex
        and (a.is_gm or a.is_comparator)
        and v.age in (select age from gm_ages)
)

select * from final
order by area_type = 'local_authority' desc, area_type, area_name
