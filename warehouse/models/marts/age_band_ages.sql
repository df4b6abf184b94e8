-- Every age 0-90 (90 = 90 and over) with each band of marts.dim_age_band that contains it.
WITH age_bands AS NOT MATERIALIZED (
  SELECT * FROM marts.dim_age_band
),

ages AS (
  SELECT age::smallint AS age
  FROM generate_series(0, 90) AS age
),

final AS (
  SELECT
    concat_ws('|', b.age_band, a.age) AS age_band_age_id,
    a.age,
    b.age_band,
    b.band_set,
    b.min_age,
    b.max_age,
    b.sort_order
  FROM age_bands AS b
  INNER JOIN ages AS a ON a.age >= b.min_age AND (b.max_age IS NULL OR a.age <= b.max_age)
)

SELECT * FROM final
