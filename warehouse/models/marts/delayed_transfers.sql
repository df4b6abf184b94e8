-- Delayed days of each council and month with the 18+ population of the same calendar year or, failing that, of
-- the year before or after (boundary changes leave some councils with one year only); further away, no rate.
-- A month's workbook is used when one is loaded (it is the finer source: three pseudo-areas and the City of London,
-- which the collated series leave out), otherwise the collated series: the reason file's total or, without it, the
-- sum of the responsible-organisation file. England's row is the published one, beside its councils: area_partition
-- (marts.area_partitions) keeps Cube from adding the two up.
WITH workbook_days AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_dtoc_delayed_days
),

collated_days AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_dtoc_collated_delayed_days
),

population AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_population_estimates
),

area_partitions AS NOT MATERIALIZED (
  SELECT * FROM marts.area_partitions
),

workbook_totals AS (
  SELECT
    area_code,
    period_month,
    delayed_days
  FROM workbook_days
  WHERE breakdown = 'type_of_care'
    AND category = 'total'
    AND area_code IS NOT NULL
),

collated_totals AS (
  SELECT
    c.area_code,
    c.period_month,
    COALESCE(
      max(c.delayed_days) FILTER (WHERE c.collated_kind = 'reason' AND c.category = 'total'),
      sum(c.delayed_days) FILTER (WHERE c.collated_kind = 'responsible_org' AND c.category != 'total')
    ) AS delayed_days
  FROM collated_days AS c
  WHERE c.area_code IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM workbook_days AS w WHERE w.period_month = c.period_month)
  GROUP BY c.area_code, c.period_month
),

monthly_totals AS (
  SELECT
    area_code,
    period_month,
    extract(YEAR FROM period_month)::int AS calendar_year,
    delayed_days
  FROM workbook_totals
  UNION ALL
  SELECT
    area_code,
    period_month,
    extract(YEAR FROM period_month)::int AS calendar_year,
    delayed_days
  FROM collated_totals
),

final AS (
  SELECT
    concat_ws('|', t.area_code, t.period_month) AS delayed_transfer_id,
    t.area_code,
    t.period_month,
    t.delayed_days,
    p.people_18_plus,
    p.mid_year AS population_mid_year,
    COALESCE(a.area_partition, 'other') AS area_partition
  FROM monthly_totals AS t
  LEFT JOIN area_partitions AS a ON a.area_code = t.area_code
  LEFT JOIN LATERAL (
    SELECT
      e.mid_year,
      sum(e.people) AS people_18_plus
    FROM population AS e
    WHERE e.area_code = t.area_code
      AND e.sex = 'persons'
      AND e.age >= 18
      AND e.mid_year BETWEEN t.calendar_year - 1 AND t.calendar_year + 1
    GROUP BY e.mid_year
    ORDER BY abs(e.mid_year - t.calendar_year), e.mid_year DESC
    LIMIT 1
  ) AS p ON TRUE
)

SELECT * FROM final
