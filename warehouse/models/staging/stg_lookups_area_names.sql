-- ONS names and codes files, one area type per file.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_area_names
),

renamed AS (
  SELECT
    load_id,
    vintage,
    area_type,
    area_code,
    org_code,
    area_name
  FROM source
)

SELECT * FROM renamed
