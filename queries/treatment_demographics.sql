-- treatment_demographics: adults in treatment in England by sex, age band and ethnicity for one
-- period and substance group (NDTMS).
-- Grain: one row per sex x age x ethnicity.
-- Parameters: $period, $substance_group
-- Columns: period, substance_group, sex, age, ethnicity, count
with final as (
    select t.period, t.substance_group, t.sex, t.age, t.ethnicity, t.count
    from treatment_demographics as t
    join areas as a using (area_code)
    where t.period = $period and t.substance_group = $substance_group
        and a.area_type = 'country'
)

select * from final
order by sex, age, ethnicity
