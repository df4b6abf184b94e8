-- Delayed days by responsible organisation and by reason: the publication gives each breakdown separately (not
-- crossed), so a row belongs to one breakdown and leaves the other dimension null. Months come from the workbook or
-- the collated series as in marts.delayed_transfers (join it on delayed_transfer_id for the 18+ population: a join
-- here would compute every month of it even for a query of one month).
WITH workbook_days AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_dtoc_delayed_days
),

collated_days AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_dtoc_collated_delayed_days
),

area_partitions AS NOT MATERIALIZED (
  SELECT * FROM marts.area_partitions
),

workbook_categories AS (
  SELECT
    d.area_code,
    d.period_month,
    d.breakdown,
    d.category,
    d.delayed_days
  FROM workbook_days AS d
  WHERE d.breakdown IN ('responsible_org', 'reason')
    AND d.category != 'total'
    AND d.area_code IS NOT NULL
),

collated_categories AS (
  SELECT
    c.area_code,
    c.period_month,
    c.collated_kind AS breakdown,
    c.category,
    c.delayed_days
  FROM collated_days AS c
  WHERE c.category != 'total'
    AND c.area_code IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM workbook_days AS w WHERE w.period_month = c.period_month)
),

categories AS (
  SELECT * FROM workbook_categories
  UNION ALL
  SELECT * FROM collated_categories
),

labelled AS (
  SELECT
    c.*,
    CASE c.breakdown
      WHEN 'responsible_org' THEN
        CASE c.category WHEN 'nhs' THEN 'NHS' WHEN 'social_care' THEN 'Social care' WHEN 'both' THEN 'Both' END
    END AS responsible_org,
    CASE c.breakdown
      WHEN 'reason' THEN CASE c.category
        WHEN 'A' THEN 'A) Completion of assessment'
        WHEN 'B' THEN 'B) Public funding'
        WHEN 'C' THEN 'C) Further non-acute NHS care'
        WHEN 'Di' THEN 'Di) Residential home'
        WHEN 'Dii' THEN 'Dii) Nursing home'
        WHEN 'E' THEN 'E) Care package in own home'
        WHEN 'F' THEN 'F) Community equipment or adaptations'
        WHEN 'G' THEN 'G) Patient or family choice'
        WHEN 'H' THEN 'H) Disputes'
        WHEN 'I' THEN 'I) Housing'
        WHEN 'O' THEN 'O) Other'
      END
    END AS reason
  FROM categories AS c
),

final AS (
  SELECT
    concat_ws('|', l.area_code, l.period_month, l.breakdown, l.category) AS delayed_transfer_breakdown_id,
    concat_ws('|', l.area_code, l.period_month) AS delayed_transfer_id,
    l.area_code,
    l.period_month,
    l.breakdown,
    l.category,
    l.responsible_org,
    l.reason,
    l.delayed_days,
    COALESCE(a.area_partition, 'other') AS area_partition
  FROM labelled AS l
  LEFT JOIN area_partitions AS a ON a.area_code = l.area_code
)

SELECT * FROM final
