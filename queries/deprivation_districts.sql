-- deprivation_districts: every English district's deprivation summary for one IoD edition and
-- domain, one column per measure.
-- Grain: one row per district.
-- Parameters: $edition, $domain
-- Columns: area_code, area_name, is_gm, edition, domain, average_score, rank_average_score,
--   average_rank, rank_average_rank, proportion_bottom_decile, rank_proportion_bottom_decile,
--   rank_of
with final as (
    select
        d.area_code,
        a.area_name,
        a.is_gm,
        d.edition,
        d.domain,
        any_value(d.value) filter (where d.measure = 'average_score') as average_score,
        any_value(d.rank) filter (where d.measure = 'average_score') as rank_average_score,
        any_value(d.value) filter (where d.measure = 'average_rank') as average_rank,
        any_value(d.rank) filter (where d.measure = 'average_rank') as rank_average_rank,
        any_value(d.value) filter (where d.measure = 'proportion_bottom_decile')
            as proportion_bottom_decile,
        any_value(d.rank) filter (where d.measure = 'proportion_bottom_decile')
            as rank_proportion_bottom_decile,
        any_value(d.rank_of) as rank_of
    from deprivation as d
    -- Every code is a known area: the build's checks refuse any other.
    join areas as a using (area_code)
    where d.edition = $edition and d.domain = $domain
    group by d.area_code, a.area_name, a.is_gm, d.edition, d.domain
)

select * from final
order by rank_average_score
