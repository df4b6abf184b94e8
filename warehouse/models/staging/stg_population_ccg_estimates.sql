-- ONS CCG population estimates by broad age band, keyed by the CCG boundary year.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.population_ccg_estimates
),

renamed AS (
  SELECT
    load_id,
    mid_year,
    boundary_year,
    ccg_code,
    ccg_name,
    stp_code,
    stp_name,
    nhs_region_code,
    nhs_region_name,
    age_band,
    min_age,
    max_age,
    people
  FROM source
)

SELECT * FROM renamed
