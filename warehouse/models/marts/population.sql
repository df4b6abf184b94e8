-- ONS mid-year estimates by area, single year of age and sex, as published.
WITH estimates AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_estimates
),

final AS (
  SELECT
    concat_ws('|', mid_year, area_code, sex, age) AS population_id,
    area_code,
    make_date(mid_year, 6, 30) AS mid_year_date,
    mid_year,
    sex,
    age,
    people
  FROM estimates
)

SELECT * FROM final
