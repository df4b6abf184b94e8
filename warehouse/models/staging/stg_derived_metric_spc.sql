-- The XmR chart points the metrics refresh computes (etl/src/metrics/spc.ts) with each metric's values.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM derived.metric_spc
),

renamed AS (
  SELECT
    metric_id,
    area_code,
    period_type,
    period_start,
    period_end,
    value,
    mean,
    lower_process_limit,
    upper_process_limit,
    lower_near_limit,
    upper_near_limit,
    moving_range,
    rebase_group,
    special_cause_rule,
    point_type,
    improvement_direction,
    target,
    variation_icon,
    assurance_icon,
    warning
  FROM source
)

SELECT * FROM renamed
