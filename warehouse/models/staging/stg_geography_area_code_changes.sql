-- Code changes of English councils (reference data, warehouse/reference/area-code-changes.csv).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.area_code_changes
),

renamed AS (
  SELECT
    old_code,
    old_name,
    new_code,
    new_name,
    effective_date,
    relationship,
    note
  FROM source
)

SELECT * FROM renamed
