-- treatment_profile_sex_age: people in treatment in one area, year and substance group by sex
-- and age group, margins included (Persons, and all adults "18+ yrs"), for the age-sex pyramid
-- and the sex and age shares.
-- Grain: one row per sex (Persons, Male, Female) x age (18+ yrs and the three age groups).
-- Parameters: $area_code, $period, $substance_group
-- Columns: area_code, period, substance_group, sex, age, count, status, source
with final as (
    select area_code, period, substance_group, sex, age, count, status, source
    from treatment_profile
    where area_code = $area_code
        and period = $period
        and substance_group = $substance_group
        and measure = 'in_treatment'
)

select * from final
order by sex, age
