-- population_years: the years an area has a population estimate for, and whether by sex.
-- Grain: one row per year.
-- Parameters: $area_code
-- Columns: year, has_sex_split, total, source
with final as (
    select
        year,
        bool_or(sex <> 'Persons') as has_sex_split,
        sum(population) filter (where sex = 'Persons') as total,
        string_agg(distinct source, '; ') as source
    from population
    where area_code = $area_code
    group by year
)

select * from final
order by year
