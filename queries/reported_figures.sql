-- reported_figures: single figures quoted in council reports (not a time series).
-- Grain: one row per area x indicator x source page.
-- Parameters: none.
-- Columns: area_code, area_name, indicator_id, period, value, count, denominator, source_url,
--   quote_location
select r.area_code, a.area_name, r.* exclude (area_code)
from reported_figures as r
join areas as a using (area_code)
order by a.area_name, r.indicator_id
