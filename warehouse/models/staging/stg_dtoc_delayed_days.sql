-- Delayed days from the monthly DToC workbooks; area_code is the ONS code the ETL resolved (null for the pseudo-areas).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.dtoc_delayed_days
),

renamed AS (
  SELECT
    load_id,
    period_month,
    sheet_name,
    row_number,
    dh_code,
    published_ons_code,
    area_code,
    area_name,
    breakdown,
    category,
    delayed_days
  FROM source
)

SELECT * FROM renamed
