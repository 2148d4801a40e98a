-- census_topic: one Census topic for the GM boroughs, in one measure (count or percentage),
-- with each category's share of the borough total computed for counts.
-- Grain: one row per borough x category x sex x census date.
-- Parameters: $topic, $measure
-- Columns: area_code, area_name, topic, table_code, category, sex, measure, unit, period, value,
--   share, source_url
with rows as (
    select c.*, a.area_name
    from census as c
    join areas as a using (area_code)
    where c.topic = $topic and c.measure = $measure
),

final as (
    select
        area_code, area_name, topic, table_code, category, sex, measure, unit, period, value,
        100 * value / sum(value) over (partition by area_code, sex, period) as share,
        source_url
    from rows
)

select * from final
order by area_name, period, sex, category
