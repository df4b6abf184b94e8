-- The sexes each population cell (marts.population_cells) counts towards: a male cell towards 'male' and
-- 'persons', a female cell towards 'female' and 'persons', a persons cell (no split published) towards 'persons'
-- only. Cube joins it one-to-many and adds each cell up once per sex grouped or filtered, so 'persons' is the males
-- and females added up, and a query without a sex counts every person once.
WITH sexes AS NOT MATERIALIZED (
  SELECT * FROM marts.dim_sex
),

final AS (
  SELECT
    concat_ws('|', cell.sex, total.sex) AS population_sex_id,
    cell.sex AS cell_sex,
    total.sex,
    total.label
  FROM sexes AS cell
  INNER JOIN sexes AS total ON total.sex = cell.sex OR total.sex = 'persons'
)

SELECT * FROM final
