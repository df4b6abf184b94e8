-- Populations for every ONS area and mid-year loaded, plus the areas that did not exist in that year (or no longer
-- did) where the code history allows an exact sum: a new code from a same-area predecessor or from all the areas
-- merged into it; an old code from a same-area successor or from the areas it was split into.
WITH population_areas AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_areas
),

changes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_geography_area_code_changes
),

population_estimates AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_estimates
),

area_years AS (
  SELECT DISTINCT area_code, mid_year
  FROM population_areas
),

years AS (
  SELECT DISTINCT mid_year
  FROM population_areas
),

old_relationships AS (
  SELECT
    old_code,
    bool_and(relationship = 'split_into') AS is_partitioned
  FROM changes
  GROUP BY old_code
),

candidates AS (
  SELECT c.new_code AS area_code, y.mid_year, array_agg(c.old_code ORDER BY c.old_code) AS derived_from, 1 AS priority
  FROM changes AS c
  CROSS JOIN years AS y
  LEFT JOIN area_years AS a ON a.area_code = c.old_code AND a.mid_year = y.mid_year
  WHERE c.relationship = 'same_area'
  GROUP BY c.new_code, y.mid_year
  HAVING bool_and(a.area_code IS NOT NULL)
  UNION ALL
  SELECT c.new_code, y.mid_year, array_agg(c.old_code ORDER BY c.old_code), 2
  FROM changes AS c
  CROSS JOIN years AS y
  LEFT JOIN area_years AS a ON a.area_code = c.old_code AND a.mid_year = y.mid_year
  WHERE c.relationship = 'merged_into'
  GROUP BY c.new_code, y.mid_year
  HAVING bool_and(a.area_code IS NOT NULL)
  UNION ALL
  SELECT c.old_code, y.mid_year, array_agg(c.new_code ORDER BY c.new_code), 1
  FROM changes AS c
  CROSS JOIN years AS y
  LEFT JOIN area_years AS a ON a.area_code = c.new_code AND a.mid_year = y.mid_year
  WHERE c.relationship = 'same_area'
  GROUP BY c.old_code, y.mid_year
  HAVING bool_and(a.area_code IS NOT NULL)
  UNION ALL
  SELECT c.old_code, y.mid_year, array_agg(c.new_code ORDER BY c.new_code), 2
  FROM changes AS c
  JOIN old_relationships AS o ON o.old_code = c.old_code AND o.is_partitioned
  CROSS JOIN years AS y
  LEFT JOIN area_years AS a ON a.area_code = c.new_code AND a.mid_year = y.mid_year
  GROUP BY c.old_code, y.mid_year
  HAVING bool_and(a.area_code IS NOT NULL)
),

derivations AS (
  SELECT DISTINCT ON (c.area_code, c.mid_year)
    c.area_code,
    c.mid_year,
    c.derived_from
  FROM candidates AS c
  LEFT JOIN area_years AS a ON a.area_code = c.area_code AND a.mid_year = c.mid_year
  WHERE a.area_code IS NULL
  ORDER BY c.area_code, c.mid_year, c.priority
),

derived AS (
  SELECT
    d.area_code,
    d.mid_year,
    e.sex,
    e.age,
    sum(e.people)::bigint AS people,
    d.derived_from
  FROM derivations AS d
  JOIN population_estimates AS e ON e.mid_year = d.mid_year AND e.area_code = ANY (d.derived_from)
  GROUP BY d.area_code, d.mid_year, e.sex, e.age, d.derived_from
),

final AS (
  SELECT
    area_code,
    mid_year,
    sex,
    age,
    people::bigint AS people,
    FALSE AS is_derived,
    NULL::text[] AS derived_from
  FROM population_estimates
  UNION ALL
  SELECT
    area_code,
    mid_year,
    sex,
    age,
    people,
    TRUE AS is_derived,
    derived_from
  FROM derived
)

SELECT * FROM final
