-- One row per metric × area × period type × period (long format, as Fingertips publishes): the value, its
-- limits and comparisons, with the names of the metric and the area.
WITH metric_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_values
),

definitions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_definitions
),

areas AS NOT MATERIALIZED (
  SELECT * FROM marts.areas
),

final AS (
  SELECT
    concat_ws('|', v.metric_id, v.area_code, v.period_type, v.period_start, v.period_end) AS metric_value_id,
    v.metric_id,
    d.metric_name,
    d.unit,
    d.polarity,
    d.method,
    v.area_code,
    COALESCE(a.area_name, v.area_code) AS area_name,
    CASE
      WHEN v.area_code = 'E92000001' THEN 'england'
      WHEN v.area_code LIKE 'E12%' THEN 'region'
      ELSE COALESCE(a.area_level, 'other')
    END AS area_type,
    CASE WHEN v.area_code LIKE 'E12%' THEN v.area_code ELSE a.region_code END AS region_code,
    v.period_start,
    v.period_end,
    v.period_type,
    v.area_basis,
    v.value_note,
    v.compared_to_england,
    v.compared_to_england_998,
    v.compared_to_region,
    v.trend,
    v.value,
    v.numerator,
    v.denominator,
    v.lower_95,
    v.upper_95,
    v.lower_998,
    v.upper_998
  FROM metric_values AS v
  LEFT JOIN definitions AS d ON d.metric_id = v.metric_id
  LEFT JOIN areas AS a ON a.area_code = v.area_code
)

SELECT * FROM final
