-- population_pyramid: an area's population by sex and single year of age, with each cell's share
-- of the area's total (pyramids compare shapes, so shares, not counts).
-- Grain: one row per sex (Male, Female) x age.
-- Parameters: $area_code, $year
-- Columns: area_code, year, sex, age, is_top_band, population, share, source
with cells as (
    select *
    from population
    where area_code = $area_code and year = $year and sex in ('Male', 'Female')
),

final as (
    select
        area_code, year, sex, age, is_top_band, population,
        100 * population / sum(population) over () as share,
        source
    from cells
)

select * from final
order by sex, age
