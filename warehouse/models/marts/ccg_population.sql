-- ONS CCG population estimates by broad age band.
WITH estimates AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_ccg_estimates
),

final AS (
  SELECT
    concat_ws('|', boundary_year, mid_year, ccg_code, age_band) AS ccg_population_id,
    ccg_code AS area_code,
    mid_year,
    make_date(mid_year, 6, 30) AS mid_year_date,
    boundary_year,
    age_band,
    min_age,
    max_age,
    people
  FROM estimates
)

SELECT * FROM final
