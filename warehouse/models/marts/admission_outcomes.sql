-- Monthly counts from record-level admissions extracts (marts.admission_counts, written by the ETL while it streams).
WITH counts AS NOT MATERIALIZED (
  SELECT * FROM marts.admission_counts
),

age_bands AS NOT MATERIALIZED (
  SELECT * FROM marts.dim_age_band
),

final AS (
  SELECT
    concat_ws('|', c.period_month, c.area_code, c.age_band, c.sex) AS admission_outcome_id,
    c.period_month,
    c.area_code,
    c.age_band,
    b.min_age >= 65 AS is_65_plus,
    c.sex,
    c.admissions,
    c.elective_admissions,
    c.emergency_admissions,
    c.emergency_admissions_from_care_homes,
    c.emergency_admissions_falls_injury,
    c.emergency_admissions_chronic_acsc,
    c.discharges,
    c.discharges_alive,
    c.discharges_to_usual_residence,
    c.discharges_to_care_home_from_elsewhere
  FROM counts AS c
  INNER JOIN age_bands AS b ON b.age_band = c.age_band
)

SELECT * FROM final
