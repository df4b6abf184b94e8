-- Every sighting of a code with its name: lookups first (rank 1), then population files, then the reference files.
WITH lookups_lad_regions AS NOT MATERIALIZED (
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

lookups_lsoa_ccg_lads AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_lsoa_ccg_lads
),

lookups_ccg_lads AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_ccg_lads
),

lookups_area_names AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_area_names
),

population_ccg_estimates AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_ccg_estimates
),

population_areas AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_areas
),

geography_area_code_changes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_geography_area_code_changes
),

dtoc_council_codes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_dtoc_council_codes
),

lookup_names AS (
  SELECT vintage, 'lad' AS family, lad_code AS area_code, lad_name AS area_name, NULL AS org_code FROM lookups_lad_regions
  UNION ALL SELECT vintage, 'region', region_code, region_name, NULL FROM lookups_lad_regions
  UNION ALL SELECT vintage, 'lad', lower_tier_code, lower_tier_name, NULL FROM lookups_council_tiers
  UNION ALL SELECT vintage, 'utla', upper_tier_code, upper_tier_name, NULL FROM lookups_council_tiers
  UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM lookups_ccg_stps
  UNION ALL SELECT vintage, 'stp', stp_code, stp_name, stp_ods_code FROM lookups_ccg_stps
  UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM lookups_ccg_nhs_regions
  UNION ALL SELECT vintage, 'nhs_local_office', local_office_code, local_office_name, local_office_ods_code FROM lookups_ccg_nhs_regions WHERE local_office_code IS NOT NULL
  UNION ALL SELECT vintage, 'nhs_region', nhs_region_code, nhs_region_name, nhs_region_ods_code FROM lookups_ccg_nhs_regions
  UNION ALL SELECT DISTINCT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM lookups_lsoa_ccg_lads
  UNION ALL SELECT DISTINCT vintage, 'lad', lad_code, lad_name, NULL FROM lookups_lsoa_ccg_lads
  UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM lookups_ccg_lads
  UNION ALL SELECT vintage, 'lad', lad_code, lad_name, NULL FROM lookups_ccg_lads
  UNION ALL SELECT vintage, area_type, area_code, area_name, org_code FROM lookups_area_names
),

ccg_population_names AS (
  SELECT DISTINCT make_date(boundary_year, 4, 1) AS vintage, 'ccg' AS family, ccg_code AS area_code, ccg_name AS area_name FROM population_ccg_estimates
  UNION SELECT DISTINCT make_date(boundary_year, 4, 1), 'stp', stp_code, stp_name FROM population_ccg_estimates WHERE stp_code IS NOT NULL
  UNION SELECT DISTINCT make_date(boundary_year, 4, 1), 'nhs_region', nhs_region_code, nhs_region_name FROM population_ccg_estimates WHERE nhs_region_code IS NOT NULL
),

sightings AS (
  SELECT area_code, area_name, org_code, vintage AS seen_on, family, 1 AS source_rank FROM lookup_names
  UNION ALL
  SELECT area_code, area_name, NULL, vintage, family, 2 FROM ccg_population_names
  UNION ALL
  SELECT area_code, area_name, NULL, make_date(mid_year, 6, 30), NULL, 2 FROM population_areas
  UNION ALL
  SELECT old_code, old_name, NULL, effective_date - 1, NULL, 3 FROM geography_area_code_changes
  UNION ALL
  SELECT new_code, new_name, NULL, effective_date, NULL, 3 FROM geography_area_code_changes
  UNION ALL
  SELECT ons_code, area_name, NULL, valid_from, NULL, 4 FROM dtoc_council_codes
  UNION ALL
  SELECT 'E92000001', 'England', NULL, NULL, NULL, 5
)

SELECT * FROM sightings
