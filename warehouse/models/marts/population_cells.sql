-- The population estimates as cells that never overlap, what Cube adds up: ONS publishes persons beside males and
-- females (persons = males + females, checked on load), so the cells are the males and the females of each area,
-- mid-year and age, or the persons where no split is published. marts.population_sexes gives 'persons' back as the
-- sum of the cells. area_partition says which areas may be added up (marts.area_partitions): the estimates have
-- the United Kingdom, its countries, regions, counties and districts side by side.
WITH estimates AS NOT MATERIALIZED (
  SELECT * FROM marts.population
),

area_partitions AS NOT MATERIALIZED (
  SELECT * FROM marts.area_partitions
),

-- A workbook has a persons sheet and, in every edition loaded so far, a males and a females sheet; a mid-year comes
-- from one workbook (a revision replaces it whole).
split_years AS (
  SELECT mid_year
  FROM estimates
  GROUP BY mid_year
  HAVING bool_or(sex = 'male') AND bool_or(sex = 'female')
),

cells AS (
  SELECT *
  FROM estimates
  WHERE sex IN ('male', 'female')
    AND mid_year IN (SELECT mid_year FROM split_years)
  UNION ALL
  SELECT *
  FROM estimates
  WHERE sex = 'persons'
    AND mid_year NOT IN (SELECT mid_year FROM split_years)
),

final AS (
  SELECT
    c.population_id,
    c.area_code,
    COALESCE(p.area_partition, 'other') AS area_partition,
    c.mid_year_date,
    c.mid_year,
    c.sex,
    c.age,
    c.people
  FROM cells AS c
  LEFT JOIN area_partitions AS p ON p.area_code = c.area_code
)

SELECT * FROM final
