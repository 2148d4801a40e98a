-- gm_areas: the ten GM boroughs and the standard comparators, in display order.
-- Grain: one row per area.
-- Parameters: none.
-- Columns: area_code, area_name, area_type, role (borough | gm | region | england), sort_order
with final as (
    select
        area_code,
        area_name,
        area_type,
        case
            when area_type = 'local_authority' then 'borough'
            when area_type = 'combined_authority' then 'gm'
            when area_type = 'region' then 'region'
            else 'england'
        end as role,
        case area_type
            when 'local_authority' then 0
            when 'combined_authority' then 1
            when 'region' then 2
            else 3
        end as sort_order
    from areas
    where is_gm or is_comparator
)

select * from final
order by sort_order, area_name
