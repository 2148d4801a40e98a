-- treatment_profile_england: England's adults in treatment by sex, age group and ethnicity in
-- every year published, for one substance group (NDTMS), for England's profile and its trends.
-- Grain: one row per period x sex (Persons, Male, Female) x age (18+ yrs and the three age
--   groups) x ethnicity ("All" and the five broad groups).
-- Parameters: $substance_group
-- Columns: area_code, period, period_start (1 April of the financial year), substance_group,
--   sex, age, ethnicity, count
with england as (
    select *
    from treatment_demographics
    where area_code = 'E92000001' and substance_group = $substance_group
),

final as (
    select
        area_code,
        period,
        make_date(cast(left(period, 4) as integer), 4, 1) as period_start,
        substance_group, sex, age, ethnicity, count
    from england
)

select * from final
order by period_start, sex, age, ethnicity
