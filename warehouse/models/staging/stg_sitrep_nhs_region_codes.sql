-- ONS codes of the NHS England regions over time (reference data).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.sitrep_nhs_region_codes
),

renamed AS (
  SELECT
    ods_code,
    region_name,
    ons_code,
    valid_from,
    valid_to
  FROM source
)

SELECT * FROM renamed
