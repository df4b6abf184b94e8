-- Commissioners the MAR files name, with their ONS codes (reference data).
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.mar_commissioner_codes
),

renamed AS (
  SELECT
    org_code,
    org_name,
    org_type,
    ons_code,
    first_seen,
    last_seen,
    source
  FROM source
)

SELECT * FROM renamed
