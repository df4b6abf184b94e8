-- Baselines and planned values per metric, area, plan type and period. area_partition says which areas may be added
-- up (marts.area_partitions): the BCF file's England row stands beside its councils.
WITH planned_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_plans_values
),

area_partitions AS NOT MATERIALIZED (
  SELECT * FROM marts.area_partitions
),

final AS (
  SELECT
    concat_ws('|', v.load_id, v.row_number, v.metric_id) AS plan_id,
    v.*,
    COALESCE(p.area_partition, 'other') AS area_partition
  FROM planned_values AS v
  LEFT JOIN area_partitions AS p ON p.area_code = v.area_code
)

SELECT * FROM final
