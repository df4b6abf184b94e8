-- ASCOF open data, one row per published cell.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.ascof_values
),

renamed AS (
  SELECT
    load_id,
    row_number,
    financial_year,
    period_start,
    period_end,
    dh_code,
    area_name,
    geographical_level,
    area_code,
    measure_code,
    disaggregation,
    measure_type,
    value,
    missing_reason,
    measure_group,
    measure_group_description
  FROM source
)

SELECT * FROM renamed
