-- DH council codes of the DToC workbooks and the ONS codes they stand for (reference data).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.dtoc_council_codes
),

renamed AS (
  SELECT
    dh_code,
    ons_code,
    area_name,
    valid_from,
    valid_to
  FROM source
)

SELECT * FROM renamed
