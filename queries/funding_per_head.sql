-- funding_per_head: funding per resident where a same-year mid-year population estimate exists.
-- Grain: one row per area x financial year x grant x status that has a population.
-- Parameters: $area_codes (list of area codes)
-- Columns: area_code, area_name, financial_year, grant, status, amount_gbp, population,
--   population_year, per_head_gbp, source_url
with residents as (
    select area_code, year, sum(population) as population
    from population
    where sex = 'Persons' and source like 'mye%' and list_contains($area_codes, area_code)
    group by area_code, year
),

final as (
    select
        f.area_code, a.area_name, f.financial_year, f.grant, f.status, f.amount_gbp,
        r.population, r.year as population_year, f.amount_gbp / r.population as per_head_gbp,
        f.source_url
    from funding as f
    join areas as a using (area_code)
    -- A financial year starting in April is matched to the mid-year estimate of that year.
    join residents as r on r.area_code = f.area_code and r.year = f.year_start
    where list_contains($area_codes, f.area_code)
)

select * from final
order by area_name, financial_year, grant
