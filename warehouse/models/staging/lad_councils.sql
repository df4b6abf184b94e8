-- Each local authority district's upper-tier council, as the latest lower → upper tier lookup that lists it states.
WITH council_tiers AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_council_tiers
),

final AS (
  SELECT DISTINCT ON (lower_tier_code)
    lower_tier_code AS lad_code,
    upper_tier_code AS council_code
  FROM council_tiers
  ORDER BY lower_tier_code, vintage DESC
)

SELECT * FROM final
