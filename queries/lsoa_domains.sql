-- lsoa_domains: the IoD 2019 domains available at LSOA level.
-- Grain: one row per domain.
-- Parameters: none.
-- Columns: domain
select distinct domain
from lsoa_deprivation
order by domain
