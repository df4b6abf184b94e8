-- materialized: true
-- index: UNIQUE (vintage, ccg_code, council_code)
-- index: (ccg_ods_code, vintage)
--
-- Share of each CCG's population living in each upper-tier council (method in the README, geography section).
-- Weights: the LSOA count of each CCG × council (LSOAs hold about 1,500 people each) where an LSOA lookup is loaded
-- for the vintage; otherwise, from CCG-LAD pairs, the LAD's population (the mid-year before the vintage, or the
-- nearest loaded) divided equally between the CCGs that share it. Materialised: the lookups and population loads
-- refresh it in their transaction.
WITH lookups_lsoa_ccg_lads AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_lsoa_ccg_lads
),

lookups_ccg_lads AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_ccg_lads
),

council_population AS NOT MATERIALIZED (
  SELECT * FROM marts.council_population
),

upper_tiers AS NOT MATERIALIZED (
  SELECT * FROM staging.lad_councils
),

lsoa_counts AS (
  SELECT
    l.vintage,
    l.ccg_code,
    max(l.ccg_ods_code) AS ccg_ods_code,
    COALESCE(t.council_code, l.lad_code) AS council_code,
    count(*)::numeric AS weight
  FROM lookups_lsoa_ccg_lads AS l
  LEFT JOIN upper_tiers AS t ON t.lad_code = l.lad_code
  WHERE l.lad_code LIKE 'E%'
  GROUP BY l.vintage, l.ccg_code, COALESCE(t.council_code, l.lad_code)
),

pairs AS (
  SELECT
    p.vintage,
    p.ccg_code,
    p.ccg_ods_code,
    p.lad_code,
    count(*) OVER (PARTITION BY p.vintage, p.lad_code) AS ccgs_in_lad
  FROM lookups_ccg_lads AS p
  WHERE p.lad_code LIKE 'E%'
    AND p.vintage NOT IN (SELECT vintage FROM lookups_lsoa_ccg_lads)
),

lad_totals AS (
  SELECT
    area_code,
    mid_year,
    sum(people) AS people
  FROM council_population
  WHERE sex = 'persons'
    AND area_code IN (SELECT lad_code FROM pairs)
  GROUP BY area_code, mid_year
),

lad_people AS (
  SELECT DISTINCT ON (p.vintage, p.lad_code)
    p.vintage,
    p.lad_code,
    t.people
  FROM (SELECT DISTINCT vintage, lad_code FROM pairs) AS p
  LEFT JOIN lad_totals AS t ON t.area_code = p.lad_code
  ORDER BY p.vintage, p.lad_code, abs(t.mid_year - (extract(YEAR FROM p.vintage)::int - 1)), t.mid_year DESC
),

pair_weights AS (
  SELECT
    p.vintage,
    p.ccg_code,
    p.ccg_ods_code,
    COALESCE(t.council_code, p.lad_code) AS council_code,
    CASE
      WHEN bool_and(lp.people IS NOT NULL) OVER (PARTITION BY p.vintage, p.ccg_code) THEN lp.people::numeric / p.ccgs_in_lad
      ELSE 1.0 / p.ccgs_in_lad
    END AS weight
  FROM pairs AS p
  LEFT JOIN lad_people AS lp ON lp.vintage = p.vintage AND lp.lad_code = p.lad_code
  LEFT JOIN upper_tiers AS t ON t.lad_code = p.lad_code
),

weights AS (
  SELECT vintage, ccg_code, ccg_ods_code, council_code, weight
  FROM lsoa_counts
  UNION ALL
  SELECT vintage, ccg_code, max(ccg_ods_code), council_code, sum(weight)
  FROM pair_weights
  GROUP BY vintage, ccg_code, council_code
),

final AS (
  SELECT
    ccg_code,
    max(ccg_ods_code) OVER (PARTITION BY vintage, ccg_code) AS ccg_ods_code,
    council_code,
    weight / sum(weight) OVER (PARTITION BY vintage, ccg_code) AS share,
    vintage
  FROM weights
)

SELECT * FROM final
