-- MAR admissions: England as published, CCGs and PCTs as published, and upper-tier councils apportioned from CCGs.
-- CCG (ODS) → ONS code and council shares come from staging.ccg_council_shares, falling back to the ONS code of the
-- commissioner reference. The share vintage nearest the month is used; a CCG that had merged away before the lookups'
-- vintages is apportioned with its successor's shares, which is exact for a merger because the successor's area is the
-- union of its predecessors'. One pass over the published rows (no self-joins): the planner cannot estimate these CTEs
-- well, and a nested loop over them took minutes.
WITH published AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_mar_admissions
),

ccg_council_shares AS NOT MATERIALIZED (
  SELECT * FROM staging.ccg_council_shares
),

areas AS NOT MATERIALIZED (
  SELECT * FROM marts.areas
),

shares AS MATERIALIZED (
  SELECT
    ccg_code,
    ccg_ods_code,
    council_code,
    share,
    vintage
  FROM ccg_council_shares
),

share_vintages AS MATERIALIZED (
  SELECT DISTINCT
    ccg_ods_code,
    ccg_code,
    vintage
  FROM shares
),

candidates AS (
  SELECT
    p.*,
    COALESCE(own.ccg_ods_code, successor.ccg_ods_code) AS share_ods_code,
    own.ccg_code AS own_ons_code,
    COALESCE(own.vintage, successor.vintage) AS share_vintage,
    row_number() OVER (
      PARTITION BY p.load_id, p.period_month, p.org_code
      ORDER BY abs(COALESCE(own.vintage, successor.vintage) - p.period_month), COALESCE(own.vintage, successor.vintage) DESC
    ) AS nearest
  FROM published AS p
  LEFT JOIN share_vintages AS own
    ON p.org_type = 'ccg'
    AND own.ccg_ods_code = p.org_code
  LEFT JOIN share_vintages AS successor
    ON p.org_type = 'ccg'
    AND own.ccg_ods_code IS NULL
    AND successor.ccg_ods_code = p.successor_ods_code
),

chosen AS (
  SELECT * FROM candidates WHERE nearest = 1
),

published_areas AS (
  SELECT
    load_id,
    period_month,
    CASE
      WHEN org_type = 'england' THEN 'E92000001'
      WHEN org_type = 'ccg' THEN COALESCE(own_ons_code, reference_ons_code)
    END AS area_code,
    org_code,
    CASE WHEN org_type = 'england' THEN 'England' ELSE org_name END AS area_name,
    org_type AS area_type,
    'published' AS basis,
    FALSE AS is_estimate,
    NULL::date AS share_vintage,
    non_elective_admissions,
    elective_admissions
  FROM chosen
),

council_estimates AS (
  SELECT
    c.period_month,
    sh.council_code,
    max(c.share_vintage) AS share_vintage,
    sum(c.non_elective_admissions * sh.share) AS non_elective_admissions,
    sum(c.elective_admissions * sh.share) AS elective_admissions
  FROM chosen AS c
  INNER JOIN shares AS sh
    ON sh.ccg_ods_code = c.share_ods_code
    AND sh.vintage = c.share_vintage
  GROUP BY c.period_month, sh.council_code
),

council_names AS (
  SELECT
    area_code,
    area_name,
    area_type
  FROM areas
  WHERE area_code IN (SELECT council_code FROM shares)
),

council_areas AS (
  SELECT
    NULL::bigint AS load_id,
    e.period_month,
    e.council_code AS area_code,
    NULL::text AS org_code,
    COALESCE(n.area_name, e.council_code) AS area_name,
    COALESCE(n.area_type, 'council') AS area_type,
    'apportioned from CCGs' AS basis,
    TRUE AS is_estimate,
    e.share_vintage,
    e.non_elective_admissions,
    e.elective_admissions
  FROM council_estimates AS e
  LEFT JOIN council_names AS n ON n.area_code = e.council_code
),

all_areas AS (
  SELECT * FROM published_areas
  UNION ALL
  SELECT * FROM council_areas
),

final AS (
  SELECT
    concat_ws('|', basis, area_type, COALESCE(area_code, org_code), period_month) AS admission_id,
    *
  FROM all_areas
)

SELECT * FROM final
