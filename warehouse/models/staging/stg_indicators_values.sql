-- Indicator values in long format (Fingertips exports and tidy files).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.indicator_values
),

renamed AS (
  SELECT
    load_id,
    row_number,
    source_format,
    indicator_id,
    indicator_name,
    parent_code,
    parent_name,
    area_code,
    area_name,
    area_type,
    sex,
    age,
    category_type,
    category,
    measure,
    unit,
    period_label,
    period_start,
    period_end,
    period_type,
    value,
    missing_reason,
    lower_ci_95,
    upper_ci_95,
    lower_ci_99_8,
    upper_ci_99_8,
    count,
    denominator,
    value_note,
    recent_trend,
    compared_to_england,
    compared_to_goal
  FROM source
)

SELECT * FROM renamed
