-- Baselines and planned values per metric, area, plan type and period.
WITH planned_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_plans_values
),

final AS (
  SELECT
    concat_ws('|', load_id, row_number, metric_id) AS plan_id,
    load_id,
    metric_id,
    metric_name,
    area_code,
    area_name,
    period_start,
    period_end,
    period_type,
    baseline_period_start,
    baseline_period_end,
    baseline_value,
    baseline_missing_reason,
    planned_value,
    planned_missing_reason,
    unit,
    plan_type,
    notes
  FROM planned_values
)

SELECT * FROM final
