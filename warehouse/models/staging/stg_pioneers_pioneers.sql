-- The Integrated Care and Support Pioneers as listed in the loaded file.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.pioneers
),

renamed AS (
  SELECT
    load_id,
    row_number,
    pioneer_name,
    wave,
    announced_date,
    announced_precision,
    name_variants,
    la_codes_indicative,
    source_urls
  FROM source
)

SELECT * FROM renamed
