-- gm_lsoa_deprivation: every GM 2011 LSOA's national rank and decile on an IoD 2019 domain.
-- Grain: one row per LSOA.
-- Parameters: $domain
-- Columns: lsoa_code, lsoa_name, area_code, area_name, rank, decile, population_2015
with final as (
    select l.lsoa_code, l.lsoa_name, l.area_code, a.area_name, l.rank, l.decile,
        l.population_2015
    from lsoa_deprivation as l
    join areas as a using (area_code)
    where l.domain = $domain and a.is_gm
)

select * from final
order by lsoa_code
