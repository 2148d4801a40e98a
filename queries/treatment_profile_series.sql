-- treatment_profile_series: every ViewIt service-user measure and category over every year
-- loaded for one area, substance group, sex and age group (for trend lines and the trend test).
-- Grain: one row per period x measure x category.
-- Parameters: $area_code, $substance_group, $sex, $age
-- Columns: area_code, period, period_start, substance_group, sex, age, measure, category, count,
--   status, denominator (the sum of the measure's categories that year; null for a
--   single-count measure or when any category is not published), source
with slice as (
    select *
    from treatment_profile
    where area_code = $area_code
        and substance_group = $substance_group
        and sex = $sex
        and age = $age
),

totals as (
    select
        period,
        measure,
        count(*) as n_categories,
        bool_and(status = 'published') as complete,
        sum(count) as total
    from slice
    group by period, measure
),

final as (
    select
        s.area_code, s.period, s.period_start, s.substance_group, s.sex, s.age, s.measure,
        s.category, s.count, s.status,
        case when t.n_categories > 1 and t.complete then t.total end as denominator,
        s.source
    from slice as s
    join totals as t using (period, measure)
)

select * from final
order by period_start, measure, category
