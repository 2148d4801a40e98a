-- gm_indicator_values: every indicator's values in every period for the GM boroughs and the
-- comparators (Greater Manchester, North West, England), for download.
-- Grain: one row per indicator x area x period x sex x age.
-- Parameters: none.
-- Columns: indicator_id, indicator_title, unit, value_type, area_code, area_name, area_type,
--   is_gm, period, period_start, sex, age, count, denominator, value, lci95, uci95, lci998,
--   uci998, note, source, is_illustrative
with gm_and_comparators as (
    select area_code, area_name, area_type, is_gm
    from areas
    where is_gm or is_comparator
),

final as (
    select
        v.indicator_id, i.title as indicator_title, i.unit, i.value_type,
        a.area_code, a.area_name, a.area_type, a.is_gm,
        v.period, v.period_start, v.sex, v.age, v.count, v.denominator, v.value,
        v.lci95, v.uci95, v.lci998, v.uci998, v.note, v.source, v.is_illustrative
    from indicator_values as v
    join gm_and_comparators as a using (area_code)
    join indicators as i using (indicator_id)
)

select * from final
order by indicator_id, period_start, sex, age, area_type = 'local_authority' desc, area_type,
    area_name
