-- ONS lookup: LSOA to CCG to local authority district.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_lsoa_ccg_lads
),

renamed AS (
  SELECT
    load_id,
    vintage,
    lsoa_code,
    lsoa_name,
    ccg_code,
    ccg_ods_code,
    ccg_name,
    lad_code,
    lad_name
  FROM source
)

SELECT * FROM renamed
