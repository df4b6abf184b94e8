-- Indicator values in long format, one row per published figure (Fingertips exports and tidy files).
WITH indicator_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_indicators_values
),

final AS (
  SELECT
    concat_ws('|', load_id, row_number) AS indicator_value_id,
    *
  FROM indicator_values
)

SELECT * FROM final
