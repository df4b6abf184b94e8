-- CCG mergers: each merged CCG and its successor (reference data).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.ccg_successors
),

renamed AS (
  SELECT
    old_ods_code,
    old_name,
    new_ods_code,
    new_name,
    effective_date,
    evidence
  FROM source
)

SELECT * FROM renamed
