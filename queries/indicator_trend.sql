-- indicator_trend: an indicator over time for a chosen set of areas.
-- Grain: one row per area x period.
-- Parameters: $indicator_id, $sex, $area_codes (list of area codes)
-- Columns: area_code, area_name, area_type, is_gm, period, period_start, period_type, age, count,
--   denominator, value, lci95, uci95, lci998, uci998, note, is_illustrative
with ages as (
    -- One age band per indicator: the band most areas in the selection are published for.
    select v.age
    from indicator_values as v
    where v.indicator_id = $indicator_id and v.sex = $sex
        and list_contains($area_codes, v.area_code)
    group by v.age
    order by count(*) desc, v.age
    limit 1
),

final as (
    select
        a.area_code, a.area_name, a.area_type, a.is_gm, v.period, v.period_start,
        v.period_type, v.age, v.count, v.denominator, v.value, v.lci95, v.uci95, v.lci998,
        v.uci998, v.note, v.is_illustrative
    from indicator_values as v
    join areas as a using (area_code)
    where v.indicator_id = $indicator_id and v.sex = $sex
        and list_contains($area_codes, v.area_code)
        and v.age in (select age from ages)
)

select * from final
order by area_code, period_start
