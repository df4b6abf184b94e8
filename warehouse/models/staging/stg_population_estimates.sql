-- ONS mid-year estimates by single year of age (90 = 90 and over) and sex.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.population_estimates
),

renamed AS (
  SELECT
    load_id,
    mid_year,
    area_code,
    sex,
    age,
    people
  FROM source
)

SELECT * FROM renamed
