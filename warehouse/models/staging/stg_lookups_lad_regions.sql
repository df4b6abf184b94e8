-- ONS lookup: local authority district to region.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_lad_regions
),

renamed AS (
  SELECT
    load_id,
    vintage,
    lad_code,
    lad_name,
    region_code,
    region_name
  FROM source
)

SELECT * FROM renamed
