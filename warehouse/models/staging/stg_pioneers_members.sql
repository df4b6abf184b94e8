-- Each pioneer's councils, reconciled with the verified footprints.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.pioneer_members
),

renamed AS (
  SELECT
    load_id,
    pioneer_name,
    council_code,
    council_name,
    coverage,
    footprint,
    note,
    source,
    indicative_check,
    is_member
  FROM source
)

SELECT * FROM renamed
