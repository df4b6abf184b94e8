-- ONS lookup: CCG to STP/ICB.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_ccg_stps
),

renamed AS (
  SELECT
    load_id,
    vintage,
    ccg_code,
    ccg_ods_code,
    ccg_name,
    stp_code,
    stp_ods_code,
    stp_name
  FROM source
)

SELECT * FROM renamed
