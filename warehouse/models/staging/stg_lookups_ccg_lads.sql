-- ONS lookup: CCG to local authority district pairs.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_ccg_lads
),

renamed AS (
  SELECT
    load_id,
    vintage,
    ccg_code,
    ccg_ods_code,
    ccg_name,
    lad_code,
    lad_name
  FROM source
)

SELECT * FROM renamed
