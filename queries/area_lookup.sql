-- area_lookup: every area the extracts know, with the years it existed, to check and resolve
-- the area codes and names in a file a user uploads.
-- Grain: one row per area.
-- Parameters: none.
-- Columns: area_code, area_name, area_type, is_gm, start_year, end_year
with final as (
    select area_code, area_name, area_type, is_gm, start_year, end_year
    from areas
)

select * from final
order by area_code
