-- ONS mid-year estimates: the areas each edition lists, with the geography type as published.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.population_areas
),

renamed AS (
  SELECT
    load_id,
    mid_year,
    area_code,
    area_name,
    geography
  FROM source
)

SELECT * FROM renamed
