-- The metric definitions as cube/metrics/definitions states them, written by each metrics refresh.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM derived.metric_definitions
),

renamed AS (
  SELECT
    metric_id,
    metric_name,
    short_name,
    description,
    method,
    multiplier,
    unit,
    polarity,
    benchmark,
    grain,
    source,
    licence,
    source_url,
    valid_from,
    valid_to,
    codes,
    policy_periods,
    standard_population,
    small_numbers,
    file
  FROM source
)

SELECT * FROM renamed
