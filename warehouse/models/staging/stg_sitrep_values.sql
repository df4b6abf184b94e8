-- Acute discharge sitrep figures in long form.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.sitrep_values
),

renamed AS (
  SELECT
    load_id,
    publication,
    table_name,
    sheet_name,
    row_number,
    column_letter,
    org_level,
    org_code,
    org_name,
    region_name,
    metric,
    category,
    grain,
    period_date,
    value
  FROM source
)

SELECT * FROM renamed
