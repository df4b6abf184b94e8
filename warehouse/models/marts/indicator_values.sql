-- Indicator values in long format, one row per published figure (Fingertips exports and tidy files).
WITH indicators_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_indicators_values
),

final AS (
  SELECT
    concat_ws('|', load_id, row_number) AS indicator_value_id,
    load_id,
    indicator_id,
    indicator_name,
    area_code,
    area_name,
    area_type,
    parent_code,
    parent_name,
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
  FROM indicators_values
)

SELECT * FROM final
