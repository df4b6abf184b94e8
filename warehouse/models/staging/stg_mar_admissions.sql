-- MAR commissioner rows with their two admission measures side by side, the reference name and ONS code of each
-- commissioner, and the successor of a merged CCG.
WITH mar_activity AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_mar_activity
),

mar_commissioner_codes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_mar_commissioner_codes
),

mar_ccg_successors AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_mar_ccg_successors
),

activity AS (
  SELECT
    load_id,
    period_month,
    row_number,
    org_code,
    org_type,
    org_name,
    measure,
    value
  FROM mar_activity
  WHERE measure IN ('non_elective_admissions', 'elective_admissions')
),

commissioner_rows AS (
  SELECT
    load_id,
    period_month,
    org_code,
    org_type,
    org_name,
    max(value) FILTER (WHERE measure = 'non_elective_admissions') AS non_elective_admissions,
    max(value) FILTER (WHERE measure = 'elective_admissions') AS elective_admissions
  FROM activity
  GROUP BY load_id, period_month, row_number, org_code, org_type, org_name
),

final AS (
  SELECT
    r.load_id,
    r.period_month,
    r.org_code,
    r.org_type,
    r.org_name AS published_name,
    COALESCE(c.org_name, r.org_name) AS org_name,
    c.ons_code AS reference_ons_code,
    s.new_ods_code AS successor_ods_code,
    r.non_elective_admissions,
    r.elective_admissions
  FROM commissioner_rows AS r
  LEFT JOIN mar_commissioner_codes AS c ON c.org_code = r.org_code
  LEFT JOIN mar_ccg_successors AS s ON s.old_ods_code = r.org_code
)

SELECT * FROM final
