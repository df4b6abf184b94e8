-- One row per point of each metric's XmR chart (Making Data Count): a metric, an area and a period type at the
-- metric's grain, with its group's mean and process limits, its point type, the plan's target for its period, and
-- the variation and assurance icons of the series' latest point.
WITH spc AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_spc
),

definitions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_definitions
),

areas AS NOT MATERIALIZED (
  SELECT * FROM marts.areas
),

final AS (
  SELECT
    concat_ws('|', s.metric_id, s.area_code, s.period_type, s.period_start) AS metric_spc_id,
    s.metric_id,
    d.metric_name,
    d.unit,
    d.polarity,
    s.area_code,
    COALESCE(a.area_name, s.area_code) AS area_name,
    s.period_type,
    s.period_start,
    s.period_end,
    s.value,
    s.mean,
    s.lower_process_limit,
    s.upper_process_limit,
    s.lower_near_limit,
    s.upper_near_limit,
    s.moving_range,
    s.rebase_group,
    s.special_cause_rule,
    s.point_type,
    s.improvement_direction,
    s.target,
    s.variation_icon,
    s.assurance_icon,
    s.warning
  FROM spc AS s
  LEFT JOIN definitions AS d ON d.metric_id = s.metric_id
  LEFT JOIN areas AS a ON a.area_code = s.area_code
)

SELECT * FROM final
