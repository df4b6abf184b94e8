-- One row per metric: its definition (cube/metrics/definitions/<metric_id>.yml; an indicator family's members).
WITH definitions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_derived_metric_definitions
),

final AS (
  SELECT * FROM definitions
)

SELECT * FROM final
