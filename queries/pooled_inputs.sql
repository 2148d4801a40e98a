-- pooled_inputs: summed numerators and denominators of a group of areas, for a pooled rate.
-- Grain: one row per period in which every area of the group has a value.
-- Parameters: $indicator_id, $sex, $area_codes (list of area codes)
-- Columns: period, period_start, n_areas, count, denominator, is_illustrative
with rows as (
    select v.*
    from indicator_values as v
    where v.indicator_id = $indicator_id and v.sex = $sex
        and list_contains($area_codes, v.area_code)
        and v.count is not null and v.denominator is not null
),

final as (
    select
        period,
        period_start,
        count(distinct area_code) as n_areas,
        sum(count) as count,
        sum(denominator) as denominator,
        bool_or(is_illustrative) as is_illustrative
    from rows
    group by period, period_start
    -- A pooled figure with a member missing would silently describe a different group.
    having count(distinct area_code) = len(list_distinct($area_codes))
)

select * from final
order by period_start
