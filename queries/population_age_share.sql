-- population_age_share: the share of each chosen area's population at or above an age, in the
-- latest year each area has on or before the requested year.
-- Grain: one row per area.
-- Parameters: $area_codes (list of area codes), $year, $min_age
-- Columns: area_code, area_name, year, population, at_or_above, share, source
with years as (
    select area_code, max(year) as year
    from population
    where list_contains($area_codes, area_code) and year <= $year and sex = 'Persons'
    group by area_code
),

final as (
    select
        p.area_code,
        a.area_name,
        p.year,
        sum(p.population) as population,
        sum(p.population) filter (where p.age >= $min_age) as at_or_above,
        100 * sum(p.population) filter (where p.age >= $min_age) / sum(p.population) as share,
        string_agg(distinct p.source, '; ') as source
    from population as p
    join years as y using (area_code, year)
    join areas as a on a.area_code = p.area_code
    where p.sex = 'Persons'
    group by p.area_code, a.area_name, p.year
)

select * from final
order by area_name
