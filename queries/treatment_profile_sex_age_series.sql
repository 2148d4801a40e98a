-- treatment_profile_sex_age_series: people in treatment in one area and substance group by sex
-- and age group, margins included, in every year loaded (for the age and sex trend lines).
-- Grain: one row per period x sex (Persons, Male, Female) x age (18+ yrs and the three groups).
-- Parameters: $area_code, $substance_group
-- Columns: area_code, period, period_start, substance_group, sex, age, count, status, source
with final as (
    select area_code, period, period_start, substance_group, sex, age, count, status, source
    from treatment_profile
    where area_code = $area_code
        and substance_group = $substance_group
        and measure = 'in_treatment'
)

select * from final
order by period_start, sex, age
