-- Delayed days from the analyst's collated DToC series (reasons; responsible organisation).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.dtoc_collated_delayed_days
),

renamed AS (
  SELECT
    load_id,
    collated_kind,
    period_month,
    line_number,
    published_code,
    area_code,
    area_name,
    category,
    delayed_days
  FROM source
)

SELECT * FROM renamed
