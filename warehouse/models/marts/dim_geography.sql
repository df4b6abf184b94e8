-- materialized: true
-- index: UNIQUE (area_code)
--
-- One row per area code ever seen (population estimates, lookups, code history, DToC council codes), with its latest
-- name, its level, its parents as last stated by a lookup, and its code history. Materialised: the lookups and
-- population loads refresh it in their transaction, so Cube's joins to areas cost an index lookup.
WITH geography_names AS NOT MATERIALIZED (
  SELECT * FROM staging.geography_names
),

population_areas AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_areas
),

geography_links AS NOT MATERIALIZED (
  SELECT * FROM staging.geography_links
),

changes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_geography_area_code_changes
),

names AS (
  SELECT DISTINCT ON (area_code)
    area_code,
    area_name
  FROM geography_names
  WHERE area_name IS NOT NULL
    AND area_name != ''
  ORDER BY area_code, source_rank, seen_on DESC NULLS LAST
),

org_codes AS (
  SELECT DISTINCT ON (area_code)
    area_code,
    org_code
  FROM geography_names
  WHERE org_code IS NOT NULL
  ORDER BY area_code, seen_on DESC
),

population_types AS (
  SELECT DISTINCT ON (area_code)
    area_code,
    lower(geography) AS ons_area_type
  FROM population_areas
  WHERE geography != ''
  ORDER BY area_code, mid_year DESC
),

latest_links AS (
  SELECT DISTINCT ON (child_code, link)
    child_code,
    link,
    parent_code
  FROM geography_links
  ORDER BY child_code, link, vintage DESC
),

successors AS (
  SELECT
    old_code AS area_code,
    array_agg(new_code ORDER BY new_code) AS successor_codes,
    max(effective_date) - 1 AS valid_to
  FROM changes
  GROUP BY old_code
),

predecessors AS (
  SELECT
    new_code AS area_code,
    array_agg(old_code ORDER BY old_code) AS predecessor_codes,
    min(effective_date) AS valid_from
  FROM changes
  GROUP BY new_code
),

family_vintages AS (
  SELECT DISTINCT
    family,
    seen_on AS vintage
  FROM geography_names
  WHERE source_rank = 1
),

code_sightings AS (
  SELECT
    area_code,
    family,
    min(seen_on) AS first_seen,
    max(seen_on) AS last_seen
  FROM geography_names
  WHERE source_rank = 1
  GROUP BY area_code, family
),

-- A code missing from a complete lookup of its geography that is older (newer) than its first (last) sighting.
inferred_validity AS (
  SELECT
    s.area_code,
    max(CASE WHEN EXISTS (SELECT 1 FROM family_vintages AS v WHERE v.family = s.family AND v.vintage < s.first_seen) THEN s.first_seen END) AS valid_from,
    min((SELECT min(v.vintage) FROM family_vintages AS v WHERE v.family = s.family AND v.vintage > s.last_seen) - 1) AS valid_to
  FROM code_sightings AS s
  GROUP BY s.area_code
),

district_councils AS (
  SELECT child_code AS area_code, parent_code AS council_code
  FROM latest_links
  WHERE link = 'council'
),

lad_regions AS (
  SELECT child_code AS area_code, parent_code AS region_code
  FROM latest_links
  WHERE link = 'region'
),

county_regions AS (
  SELECT DISTINCT ON (d.council_code)
    d.council_code AS area_code,
    r.region_code
  FROM district_councils AS d
  JOIN lad_regions AS r ON r.area_code = d.area_code
  ORDER BY d.council_code, r.region_code
),

direct_regions AS (
  SELECT area_code, region_code FROM lad_regions
  UNION ALL
  SELECT area_code, region_code FROM county_regions
  WHERE area_code NOT IN (SELECT area_code FROM lad_regions)
),

-- Codes no lookup covers (older or newer than the lookups loaded) take the region of their successor or predecessor.
related_regions AS (
  SELECT DISTINCT ON (r.area_code)
    r.area_code,
    d.region_code
  FROM (
    SELECT old_code AS area_code, new_code AS related_code FROM changes
    UNION ALL
    SELECT new_code, old_code FROM changes
  ) AS r
  JOIN direct_regions AS d ON d.area_code = r.related_code
  WHERE r.area_code NOT IN (SELECT area_code FROM direct_regions)
  ORDER BY r.area_code, d.region_code
),

regions AS (
  SELECT area_code, region_code FROM direct_regions
  UNION ALL
  SELECT area_code, region_code FROM related_regions
),

stp_regions AS (
  SELECT DISTINCT ON (s.parent_code)
    s.parent_code AS area_code,
    r.parent_code AS nhs_region_code
  FROM latest_links AS s
  JOIN latest_links AS r ON r.child_code = s.child_code AND r.link = 'nhs_region'
  WHERE s.link = 'stp'
  GROUP BY s.parent_code, r.parent_code
  ORDER BY s.parent_code, count(*) DESC, r.parent_code
),

typed AS (
  SELECT
    n.area_code,
    CASE WHEN n.area_name = upper(n.area_name) THEN initcap(n.area_name) ELSE n.area_name END AS area_name,
    CASE
      WHEN n.area_code = 'E92000001' THEN 'england'
      WHEN n.area_code ~ '^(K0[2-4]|[WSN]92)' THEN 'country'
      WHEN n.area_code LIKE 'E12%' THEN 'region'
      WHEN n.area_code ~ '^(E0[689]|E10|W06|S12|N09)' THEN 'council'
      WHEN n.area_code LIKE 'E07%' THEN 'district'
      WHEN n.area_code LIKE 'E11%' THEN 'metropolitan_county'
      WHEN n.area_code LIKE 'E38%' THEN 'ccg'
      WHEN n.area_code LIKE 'E54%' THEN 'stp'
      WHEN n.area_code LIKE 'E40%' THEN 'nhs_region'
      WHEN n.area_code LIKE 'E39%' THEN 'nhs_local_office'
      ELSE 'other'
    END AS area_type,
    COALESCE(
      p.ons_area_type,
      CASE substr(n.area_code, 1, 3)
        WHEN 'E06' THEN 'unitary authority'
        WHEN 'W06' THEN 'unitary authority'
        WHEN 'E07' THEN 'non-metropolitan district'
        WHEN 'E08' THEN 'metropolitan district'
        WHEN 'E09' THEN 'london borough'
        WHEN 'E10' THEN 'county'
        WHEN 'E11' THEN 'metropolitan county'
        WHEN 'E12' THEN 'region'
        WHEN 'S12' THEN 'council area'
        WHEN 'N09' THEN 'local government district'
        WHEN 'E38' THEN 'ccg'
        WHEN 'E54' THEN 'stp'
        WHEN 'E40' THEN 'nhs_region'
        WHEN 'E39' THEN 'nhs_local_office'
      END,
      CASE WHEN n.area_code ~ '^(K0[2-4]|[EWSN]92)' THEN 'country' ELSE 'other' END
    ) AS ons_area_type
  FROM names AS n
  LEFT JOIN population_types AS p ON p.area_code = n.area_code
),

hierarchy AS (
  SELECT
    t.*,
    o.org_code,
    CASE WHEN t.area_type IN ('council', 'district') THEN r.region_code END AS region_code,
    CASE WHEN t.area_type = 'district' THEN dc.council_code END AS council_code,
    CASE WHEN t.area_type = 'ccg' THEN cs.parent_code END AS stp_code,
    CASE
      WHEN t.area_type IN ('ccg', 'nhs_local_office') THEN COALESCE(cr.parent_code, sr_via_stp.nhs_region_code)
      WHEN t.area_type = 'stp' THEN sr.nhs_region_code
    END AS nhs_region_code
  FROM typed AS t
  LEFT JOIN org_codes AS o ON o.area_code = t.area_code
  LEFT JOIN regions AS r ON r.area_code = t.area_code
  LEFT JOIN district_councils AS dc ON dc.area_code = t.area_code
  LEFT JOIN latest_links AS cs ON cs.child_code = t.area_code AND cs.link = 'stp'
  LEFT JOIN latest_links AS cr ON cr.child_code = t.area_code AND cr.link = 'nhs_region'
  LEFT JOIN stp_regions AS sr ON sr.area_code = t.area_code
  LEFT JOIN stp_regions AS sr_via_stp ON sr_via_stp.area_code = cs.parent_code
),

final AS (
  SELECT
    h.area_code,
    h.area_name,
    h.area_type,
    h.ons_area_type,
    h.org_code,
    CASE
      WHEN h.area_type IN ('region', 'nhs_region') THEN 'E92000001'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'E%' THEN h.region_code
      WHEN h.area_type = 'council' AND h.area_code LIKE 'W%' THEN 'W92000004'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'S%' THEN 'S92000003'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'N%' THEN 'N92000002'
      WHEN h.area_type = 'district' THEN h.council_code
      WHEN h.area_type = 'ccg' THEN h.stp_code
      WHEN h.area_type IN ('stp', 'nhs_local_office') THEN h.nhs_region_code
    END AS parent_code,
    h.region_code,
    h.council_code,
    h.stp_code,
    h.nhs_region_code,
    COALESCE(p.valid_from, i.valid_from) AS valid_from,
    COALESCE(s.valid_to, i.valid_to) AS valid_to,
    COALESCE(s.valid_to, i.valid_to) IS NULL AS is_current,
    s.successor_codes,
    p.predecessor_codes
  FROM hierarchy AS h
  LEFT JOIN successors AS s ON s.area_code = h.area_code
  LEFT JOIN predecessors AS p ON p.area_code = h.area_code
  LEFT JOIN inferred_validity AS i ON i.area_code = h.area_code
)

SELECT * FROM final
