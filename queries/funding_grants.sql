-- funding_grants: the grants in the funding extract, with the years and areas each covers.
-- Grain: one row per grant.
-- Parameters: none.
-- Columns: grant, first_year, latest_year, n_rows, n_areas, n_gm_rows
with final as (
    select
        f.grant,
        min(f.financial_year) as first_year,
        max(f.financial_year) as latest_year,
        count(*) as n_rows,
        count(distinct f.area_code) as n_areas,
        count(*) filter (where a.is_gm) as n_gm_rows
    from funding as f
    join areas as a using (area_code)
    group by f.grant
)

select * from final
order by grant
