-- ONS lookup: lower-tier to upper-tier local authority.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_council_tiers
),

renamed AS (
  SELECT
    load_id,
    vintage,
    lower_tier_code,
    lower_tier_name,
    upper_tier_code,
    upper_tier_name
  FROM source
)

SELECT * FROM renamed
