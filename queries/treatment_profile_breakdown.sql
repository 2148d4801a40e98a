-- treatment_profile_breakdown: for one area, year, substance group, sex and age group, every
-- ViewIt service-user measure (ethnicity, referral source, housing, waits, exit reasons,
-- parental status...) split into its categories, with the measure's total.
-- Grain: one row per measure x category.
-- Parameters: $area_code, $period, $substance_group, $sex, $age
-- Columns: area_code, period, substance_group, sex, age, measure, category, count, status,
--   denominator (the sum of the measure's categories; null for a single-count measure, or when
--   any category is not published, since the total is then unknown), source
with slice as (
    select *
    from treatment_profile
    where area_code = $area_code
        and period = $period
        and substance_group = $substance_group
        and sex = $sex
        and age = $age
),

totals as (
    select
        measure,
        count(*) as n_categories,
        bool_and(status = 'published') as complete,
        sum(count) as total
    from slice
    group by measure
),

final as (
    select
        s.area_code, s.period, s.substance_group, s.sex, s.age, s.measure, s.category,
        s.count, s.status,
        case when t.n_categories > 1 and t.complete then t.total end as denominator,
        s.source
    from slice as s
    join totals as t using (measure)
)

select * from final
order by measure, category
