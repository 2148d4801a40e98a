-- funding_allocations: every sourced funding figure for the chosen areas, with its source.
-- Grain: one row per area x financial year x grant x status (gaps are absent rows, never zero).
-- Parameters: $area_codes (list of area codes)
-- Columns: area_code, area_name, financial_year, year_start, grant, amount_gbp, status,
--   source_url, source_note
with final as (
    select f.area_code, a.area_name, f.* exclude (area_code)
    from funding as f
    join areas as a using (area_code)
    where list_contains($area_codes, f.area_code)
)

select * from final
order by area_name, year_start, grant, status
