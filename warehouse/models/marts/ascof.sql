-- One row per year × area × measure code × disaggregation, with its measure types side by side.
WITH ascof_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_ascof_values
),

keyed AS (
  SELECT
    *,
    regexp_replace(lower(measure_type), '[^a-z]+', '_', 'g') AS measure_type_key
  FROM ascof_values
),

final AS (
  SELECT
    concat_ws('|', financial_year, geographical_level, dh_code, measure_code, disaggregation) AS ascof_id,
    financial_year,
    period_start,
    period_end,
    dh_code,
    area_code,
    area_name,
    geographical_level,
    measure_code,
    max(measure_group) AS measure_group,
    max(measure_group_description) AS measure_group_description,
    disaggregation,
    max(value) FILTER (WHERE measure_type_key = 'outcome') AS outcome,
    max(missing_reason) FILTER (WHERE measure_type_key = 'outcome') AS outcome_missing_reason,
    max(value) FILTER (WHERE measure_type_key = 'numerator') AS numerator,
    max(value) FILTER (WHERE measure_type_key = 'denominator') AS denominator,
    max(value) FILTER (WHERE measure_type_key = 'base') AS base,
    max(value) FILTER (WHERE measure_type_key = 'margin_of_error') AS margin_of_error
  FROM keyed
  GROUP BY
    financial_year, period_start, period_end, geographical_level, dh_code, area_code, area_name, measure_code,
    disaggregation
)

SELECT * FROM final
