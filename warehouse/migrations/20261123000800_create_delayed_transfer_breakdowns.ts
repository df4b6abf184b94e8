import type { Knex } from 'knex';

/**
 * Delayed days by responsible organisation and by reason: the two other sheets of the DToC workbook.
 * The publication gives each breakdown separately (not crossed), so a row belongs to one breakdown and
 * leaves the other dimension null. Each row carries its area-month's 18+ population.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE VIEW marts.delayed_transfer_breakdowns AS
    WITH categories AS (
      SELECT
        d.area_code,
        d.period_month,
        d.breakdown,
        d.category,
        d.delayed_days
      FROM raw.dtoc_delayed_days AS d
      WHERE d.breakdown IN ('responsible_org', 'reason')
        AND d.category != 'total'
        AND d.area_code IS NOT NULL
    ),

    labelled AS (
      SELECT
        c.*,
        CASE c.breakdown
          WHEN 'responsible_org' THEN CASE c.category WHEN 'nhs' THEN 'NHS' WHEN 'social_care' THEN 'Social care' WHEN 'both' THEN 'Both' END
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
    )

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
      t.people_18_plus
    FROM labelled AS l
    LEFT JOIN marts.delayed_transfers AS t ON t.area_code = l.area_code AND t.period_month = l.period_month
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.delayed_transfer_breakdowns');
}
