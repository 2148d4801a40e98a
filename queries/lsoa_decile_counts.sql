-- lsoa_decile_counts: how each chosen borough's 2011 LSOAs spread across the national deciles
-- of an IoD 2019 domain (decile 1 = most deprived 10% of LSOAs in England).
-- Grain: one row per area x decile (deciles with no LSOAs included as zero).
-- Parameters: $area_codes (list of area codes), $domain
-- Columns: area_code, area_name, decile, lsoas, share, population_2015
with grid as (
    select a.area_code, a.area_name, d.decile
    from areas as a
    cross join range(1, 11) as d(decile)
    where list_contains($area_codes, a.area_code)
),

counts as (
    select area_code, decile, count(*) as lsoas, sum(population_2015) as population_2015
    from lsoa_deprivation
    where domain = $domain and list_contains($area_codes, area_code)
    group by area_code, decile
),

final as (
    select
        g.area_code,
        g.area_name,
        g.decile,
        coalesce(c.lsoas, 0) as lsoas,
        100 * coalesce(c.lsoas, 0) / sum(coalesce(c.lsoas, 0)) over (partition by g.area_code)
            as share,
        coalesce(c.population_2015, 0) as population_2015
    from grid as g
    left join counts as c using (area_code, decile)
)

select * from final
order by area_name, decile
