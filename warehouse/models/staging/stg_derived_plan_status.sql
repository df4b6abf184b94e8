-- Each plan's status against its metric, as the metrics refresh computes it (etl/src/metrics/plan-status.ts).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM derived.plan_status
),

renamed AS (
  SELECT
    plan_id,
    status,
    status_note,
    actual_basis,
    actual_through,
    planned_value,
    actual,
    actual_lower_95,
    actual_upper_95,
    baseline_value,
    baseline_source,
    change,
    change_percent,
    change_significance
  FROM source
)

SELECT * FROM renamed
