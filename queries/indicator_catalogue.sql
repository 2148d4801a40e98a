-- indicator_catalogue: every indicator with its metadata and the periods and areas it covers.
-- Grain: one row per indicator with values.
-- Parameters: none.
-- Columns: indicator_id, title, short_title, topic, unit, value_type, polarity, definition,
--   source_name, source_url, licence, fingertips_id, is_illustrative, first_period,
--   latest_period, latest_gm_period (latest period with GM borough values),
--   latest_gm_period_start, latest_gm_age, n_periods, n_areas, has_gm_boroughs, sexes
-- The coverage columns are worked out once by the data build (gmdata/derived.py).
with final as (
    select *
    from indicators
    where latest_period is not null
)

select * from final
order by topic, indicator_id
