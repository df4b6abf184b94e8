-- One row per area and day from the acute discharge sitrep. England comes from the monthly workbook where one is
-- loaded for the day and from the national time series otherwise; regions, ICBs and trusts only from monthly workbooks.
WITH sitrep_values AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_sitrep_values
),

sitrep_nhs_region_codes AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_sitrep_nhs_region_codes
),

daily_values AS (
  SELECT
    load_id,
    publication,
    org_level,
    org_code,
    org_name,
    region_name,
    period_date,
    metric,
    value
  FROM sitrep_values
  WHERE table_name IN ('patients_by_day', 'daily_series')
    AND metric IN ('patients_not_meeting_criteria_to_reside', 'patients_discharged', 'patients_remaining_in_hospital')
),

monthly_england_dates AS (
  SELECT DISTINCT period_date
  FROM daily_values
  WHERE publication = 'monthly'
    AND org_level = 'england'
),

chosen_values AS (
  SELECT *
  FROM daily_values
  WHERE publication = 'monthly'
  UNION ALL
  SELECT d.*
  FROM daily_values AS d
  WHERE d.publication = 'time_series'
    AND NOT EXISTS (SELECT 1 FROM monthly_england_dates AS m WHERE m.period_date = d.period_date)
),

pivoted AS (
  SELECT
    load_id,
    publication,
    org_level,
    org_code,
    org_name,
    region_name,
    period_date,
    max(value) FILTER (WHERE metric = 'patients_not_meeting_criteria_to_reside') AS patients_not_meeting_criteria_to_reside,
    max(value) FILTER (WHERE metric = 'patients_discharged') AS patients_discharged,
    max(value) FILTER (WHERE metric = 'patients_remaining_in_hospital') AS patients_remaining_in_hospital
  FROM chosen_values
  GROUP BY load_id, publication, org_level, org_code, org_name, region_name, period_date
),

region_names AS (
  SELECT DISTINCT
    region_name
  FROM sitrep_nhs_region_codes
),

with_areas AS (
  SELECT
    CASE p.org_level
      WHEN 'england' THEN 'E92000001'
      WHEN 'region' THEN COALESCE(r.ons_code, p.org_code)
      ELSE p.org_code
    END AS area_code,
    p.org_code,
    CASE p.org_level
      WHEN 'england' THEN 'England'
      WHEN 'region' THEN COALESCE(r.region_name, p.org_name)
      ELSE p.org_name
    END AS area_name,
    CASE p.org_level
      WHEN 'england' THEN 'country'
      WHEN 'region' THEN 'nhs region'
      WHEN 'icb' THEN 'icb'
      ELSE 'nhs trust'
    END AS area_type,
    n.region_name,
    p.period_date AS report_date,
    p.patients_not_meeting_criteria_to_reside,
    p.patients_discharged,
    p.patients_remaining_in_hospital,
    p.publication,
    p.load_id
  FROM pivoted AS p
  LEFT JOIN sitrep_nhs_region_codes AS r
    ON p.org_level = 'region'
    AND r.ods_code = p.org_code
    AND p.period_date BETWEEN COALESCE(r.valid_from, '-infinity') AND COALESCE(r.valid_to, 'infinity')
  LEFT JOIN region_names AS n ON upper(n.region_name) = upper(p.region_name)
),

final AS (
  SELECT
    concat_ws('|', area_type, area_code, report_date) AS discharge_delay_id,
    *
  FROM with_areas
)

SELECT * FROM final
