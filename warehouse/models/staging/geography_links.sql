-- Every child → parent link the lookups state, with the vintage that states it.
WITH population_ccg_estimates AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_ccg_estimates
),

lookups_lad_regions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_lad_regions
),

lookups_council_tiers AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_council_tiers
),

lookups_ccg_stps AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_ccg_stps
),

lookups_ccg_nhs_regions AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_ccg_nhs_regions
),

ccg_population_links AS (
  SELECT DISTINCT
    make_date(boundary_year, 4, 1) AS vintage,
    ccg_code,
    stp_code,
    nhs_region_code
  FROM population_ccg_estimates
),

links AS (
  SELECT vintage, lad_code AS child_code, 'region' AS link, region_code AS parent_code
  FROM lookups_lad_regions
  UNION ALL
  SELECT vintage, lower_tier_code, 'council', upper_tier_code
  FROM lookups_council_tiers
  WHERE lower_tier_code != upper_tier_code
  UNION ALL
  SELECT vintage, ccg_code, 'stp', stp_code
  FROM lookups_ccg_stps
  UNION ALL
  SELECT vintage, ccg_code, 'nhs_region', nhs_region_code
  FROM lookups_ccg_nhs_regions
  UNION ALL
  SELECT vintage, ccg_code, 'nhs_local_office', local_office_code
  FROM lookups_ccg_nhs_regions
  WHERE local_office_code IS NOT NULL
  UNION ALL
  SELECT DISTINCT vintage, local_office_code, 'nhs_region', nhs_region_code
  FROM lookups_ccg_nhs_regions
  WHERE local_office_code IS NOT NULL
  UNION ALL
  SELECT vintage, ccg_code, 'stp', stp_code
  FROM ccg_population_links
  WHERE stp_code IS NOT NULL
  UNION ALL
  SELECT vintage, ccg_code, 'nhs_region', nhs_region_code
  FROM ccg_population_links
  WHERE nhs_region_code IS NOT NULL
)

SELECT * FROM links
