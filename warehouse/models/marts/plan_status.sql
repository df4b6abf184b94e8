-- One row per plan with a planned value (marts.plans): the metric's actual for the plan's period (year to date
-- while it runs), the baseline, the change since it, and the status in the Better Care Fund's words.
WITH plans AS NOT MATERIALIZED (
  SELECT * FROM marts.plans
),

statuses AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_plan_status
),

definitions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_definitions
),

areas AS NOT MATERIALIZED (
  SELECT * FROM marts.areas
),

final AS (
  SELECT
    p.plan_id,
    p.metric_id,
    COALESCE(d.metric_name, p.metric_name, p.metric_id) AS metric_name,
    d.unit,
    d.polarity,
    p.area_code,
    COALESCE(a.area_name, p.area_name, p.area_code) AS area_name,
    p.plan_type,
    p.period_start,
    p.period_end,
    p.baseline_period_start,
    p.baseline_period_end,
    s.status,
    s.status_note,
    s.actual_basis,
    s.actual_through,
    s.planned_value,
    s.actual,
    s.actual_lower_95,
    s.actual_upper_95,
    s.baseline_value,
    s.baseline_source,
    s.change,
    s.change_percent,
    s.change_significance
  FROM plans AS p
  INNER JOIN statuses AS s ON s.plan_id = p.plan_id
  LEFT JOIN definitions AS d ON d.metric_id = p.metric_id
  LEFT JOIN areas AS a ON a.area_code = p.area_code
)

SELECT * FROM final
