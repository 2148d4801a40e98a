-- deprivation_domains: the IoD domains published in an edition.
-- Grain: one row per domain.
-- Parameters: $edition
-- Columns: domain
select distinct domain
from deprivation
where edition = $edition
order by domain = 'Index of Multiple Deprivation' desc, domain
