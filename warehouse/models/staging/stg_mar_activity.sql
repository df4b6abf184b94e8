-- Monthly Activity Return (commissioner basis), one row per published cell.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.mar_activity
),

renamed AS (
  SELECT
    load_id,
    period_month,
    sheet_name,
    row_number,
    parent_type,
    parent_code,
    parent_name,
    org_code,
    org_type,
    org_name,
    measure,
    measure_label,
    value
  FROM source
)

SELECT * FROM renamed
