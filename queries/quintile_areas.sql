-- quintile_areas: the English local authorities with a value for one indicator in one period,
-- with their tier and region, so a map's quintiles can say which set of areas they rank among.
-- Grain: one row per local authority with a value.
-- Parameters: $indicator_id, $period, $sex
-- Columns: area_code, area_name, tier, region_code, region_name, is_gm, count, denominator,
--   value, is_illustrative
with regions as (
    select area_code as region_code, area_name as region_name
    from areas
    where area_type = 'region'
),

final as (
    select
        a.area_code, a.area_name, a.tier, a.region_code, r.region_name, a.is_gm, v.count,
        v.denominator, v.value, v.is_illustrative
    from indicator_values as v
    join areas as a using (area_code)
    left join regions as r using (region_code)
    where v.indicator_id = $indicator_id and v.period = $period and v.sex = $sex
        and a.area_type = 'local_authority' and v.value is not null
)

select * from final
order by area_code
