-- Baselines and planned values per metric, area and period.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.plans
),

renamed AS (
  SELECT
    load_id,
    row_number,
    source_format,
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
  FROM source
)

SELECT * FROM renamed
