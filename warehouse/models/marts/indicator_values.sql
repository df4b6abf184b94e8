-- Indicator values in long format, one row per published figure (Fingertips exports and tidy files). area_partition
-- says which areas may be added up: a Fingertips file's own area type (its areas of one type never overlap), else the
-- partition of the area code (marts.area_partitions); tidy files have England, regions and councils side by side.
WITH indicator_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_indicators_values
),

area_partitions AS NOT MATERIALIZED (
  SELECT * FROM marts.area_partitions
),

final AS (
  SELECT
    concat_ws('|', v.load_id, v.row_number) AS indicator_value_id,
    v.*,
    COALESCE(v.area_type, p.area_partition, 'other') AS area_partition
  FROM indicator_values AS v
  LEFT JOIN area_partitions AS p ON p.area_code = v.area_code
)

SELECT * FROM final
