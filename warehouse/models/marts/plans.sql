-- Baselines and planned values per metric, area, plan type and period.
WITH planned_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_plans_values
),

final AS (
  SELECT
    concat_ws('|', load_id, row_number, metric_id) AS plan_id,
    *
  FROM planned_values
)

SELECT * FROM final
