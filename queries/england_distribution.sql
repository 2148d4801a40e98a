-- england_distribution: one indicator in one period for every English local authority that has
-- a value, with the England value alongside (spine charts, quintiles and funnel plots).
-- Grain: one row per local authority.
-- Parameters: $indicator_id, $period, $sex
-- Columns: area_code, area_name, tier, is_gm, count, denominator, value, lci95, uci95, lci998,
--   uci998, is_illustrative, england_value
with england as (
    select any_value(value) as england_value
    from indicator_values
    where indicator_id = $indicator_id and period = $period and sex = $sex
        and area_code = 'E92000001'
),

final as (
    select
        a.area_code, a.area_name, a.tier, a.is_gm, v.count, v.denominator, v.value, v.lci95,
        v.uci95, v.lci998, v.uci998, v.is_illustrative, e.england_value
    from indicator_values as v
    join areas as a using (area_code)
    cross join england as e
    where v.indicator_id = $indicator_id and v.period = $period and v.sex = $sex
        and a.area_type = 'local_authority' and v.value is not null
)

select * from final
order by value
