-- census_topics: the Census topics held for the GM boroughs.
-- Grain: one row per topic.
-- Parameters: none.
-- Columns: topic, table_code, measures, periods, source_url
with final as (
    select
        topic,
        any_value(table_code) as table_code,
        string_agg(distinct measure, ', ' order by measure) as measures,
        count(distinct period) as periods,
        any_value(source_url) as source_url
    from census
    group by topic
)

select * from final
order by topic
