-- treatment_profile_areas: the areas with an NDTMS ViewIt LA export loaded, the years it covers
-- and the files it came from (the page's honest-coverage list).
-- Grain: one row per area.
-- Parameters: none
-- Columns: area_code, area_name, is_gm, first_period, latest_period, n_periods, sources
with loaded as (
    select distinct area_code, period, period_start, source
    from treatment_profile
),

final as (
    select
        l.area_code,
        a.area_name,
        a.is_gm,
        arg_min(l.period, l.period_start) as first_period,
        arg_max(l.period, l.period_start) as latest_period,
        count(distinct l.period) as n_periods,
        string_agg(distinct l.source, '; ' order by l.source) as sources
    from loaded as l
    join areas as a using (area_code)
    group by l.area_code, a.area_name, a.is_gm
)

select * from final
order by is_gm desc, area_name
