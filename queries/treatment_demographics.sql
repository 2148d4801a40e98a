-- treatment_demographics: adults in treatment in England by sex, age band and ethnicity for one
-- period and substance group (NDTMS).
-- Grain: one row per sex x age x ethnicity.
-- Parameters: $period, $substance_group
-- Columns: period, substance_group, sex, age, ethnicity, count
select period, substance_group, sex, age, ethnicity, count
from treatment_demographics
where period = $period and substance_group = $substance_group and area_code = 'E92000001'
order by sex, age, ethnicity
