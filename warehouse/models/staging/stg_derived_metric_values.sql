-- The metric rows the metrics refresh computes (etl/src/metrics) inside each load's transaction.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM derived.metric_values
),

renamed AS (
  SELECT
    metric_id,
    area_code,
    period_start,
    period_end,
    period_type,
    area_basis,
    numerator,
    denominator,
    value,
    lower_95,
    upper_95,
    lower_998,
    upper_998,
    value_note,
    compared_to_england,
    compared_to_england_998,
    compared_to_region,
    trend
  FROM source
)

SELECT * FROM renamed
