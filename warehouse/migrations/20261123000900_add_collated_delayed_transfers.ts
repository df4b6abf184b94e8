import type { Knex } from 'knex';

// Monthly totals and breakdowns come from a month's workbook when one is loaded (it is the finer source:
// three pseudo-areas and the City of London, which the collated series leave out) and otherwise from the
// collated series: the reason file's total or, without it, the sum of the responsible-organisation file.
const DELAYED_TRANSFERS_VIEW = `
    CREATE OR REPLACE VIEW marts.delayed_transfers AS
    WITH workbook_totals AS (
      SELECT
        area_code,
        period_month,
        delayed_days
      FROM raw.dtoc_delayed_days
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
        )::numeric(8, 2) AS delayed_days
      FROM raw.dtoc_collated_delayed_days AS c
      WHERE c.area_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM raw.dtoc_delayed_days AS w WHERE w.period_month = c.period_month)
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
    )

    SELECT
      concat_ws('|', t.area_code, t.period_month) AS delayed_transfer_id,
      t.area_code,
      t.period_month,
      t.delayed_days,
      p.people_18_plus,
      p.mid_year AS population_mid_year
    FROM monthly_totals AS t
    LEFT JOIN LATERAL (
      SELECT
        e.mid_year,
        sum(e.people) AS people_18_plus
      FROM raw.population_estimates AS e
      WHERE e.area_code = t.area_code
        AND e.sex = 'persons'
        AND e.age >= 18
        AND e.mid_year BETWEEN t.calendar_year - 1 AND t.calendar_year + 1
      GROUP BY e.mid_year
      ORDER BY abs(e.mid_year - t.calendar_year), e.mid_year DESC
      LIMIT 1
    ) AS p ON TRUE
  `;

const BREAKDOWNS_VIEW = `
    CREATE OR REPLACE VIEW marts.delayed_transfer_breakdowns AS
    WITH workbook_categories AS (
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

    collated_categories AS (
      SELECT
        c.area_code,
        c.period_month,
        c.collated_kind AS breakdown,
        c.category,
        c.delayed_days
      FROM raw.dtoc_collated_delayed_days AS c
      WHERE c.category != 'total'
        AND c.area_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM raw.dtoc_delayed_days AS w WHERE w.period_month = c.period_month)
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
  `;

// The definitions of 20261123000200 and 20261123000800, restored by down().
const WORKBOOK_DELAYED_TRANSFERS_VIEW = `
    CREATE OR REPLACE VIEW marts.delayed_transfers AS
    WITH monthly_totals AS (
      SELECT
        area_code,
        period_month,
        extract(YEAR FROM period_month)::int AS calendar_year,
        delayed_days
      FROM raw.dtoc_delayed_days
      WHERE breakdown = 'type_of_care'
        AND category = 'total'
        AND area_code IS NOT NULL
    )

    SELECT
      concat_ws('|', t.area_code, t.period_month) AS delayed_transfer_id,
      t.area_code,
      t.period_month,
      t.delayed_days,
      p.people_18_plus,
      p.mid_year AS population_mid_year
    FROM monthly_totals AS t
    LEFT JOIN LATERAL (
      SELECT
        e.mid_year,
        sum(e.people) AS people_18_plus
      FROM raw.population_estimates AS e
      WHERE e.area_code = t.area_code
        AND e.sex = 'persons'
        AND e.age >= 18
        AND e.mid_year BETWEEN t.calendar_year - 1 AND t.calendar_year + 1
      GROUP BY e.mid_year
      ORDER BY abs(e.mid_year - t.calendar_year), e.mid_year DESC
      LIMIT 1
    ) AS p ON TRUE
  `;

const WORKBOOK_BREAKDOWNS_VIEW = `
    CREATE OR REPLACE VIEW marts.delayed_transfer_breakdowns AS
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
  `;

/**
 * The analyst's collated DToC series (reasons for delay; responsible organisation) in a table of their own,
 * and the delayed-transfer marts falling back to them for months with no monthly workbook loaded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('raw').createTable('dtoc_collated_delayed_days', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table
      .text('collated_kind')
      .notNullable()
      .comment("'reason' or 'responsible_org': which collated file the row came from");
    table.date('period_month').notNullable();
    table.integer('line_number').notNullable();
    table
      .text('published_code')
      .comment('Code column as published (reason file): ONS code, DH code before 2015-07, - for England');
    table
      .text('area_code')
      .comment(
        'ONS code resolved from the code or the council name; null for residents of Wales, Scotland or outside GB',
      );
    table.text('area_name').notNullable();
    table.text('category').notNullable();
    table.decimal('delayed_days');
    table.primary(['load_id', 'line_number', 'category']);
    table.index(['period_month', 'collated_kind']);
  });
  await knex.raw(`
    CREATE UNIQUE INDEX dtoc_collated_delayed_days_area_month_unique
    ON raw.dtoc_collated_delayed_days (collated_kind, period_month, area_code, category)
    WHERE area_code IS NOT NULL
  `);
  await knex.raw(`ALTER TABLE raw.dtoc_collated_delayed_days
    ADD CONSTRAINT dtoc_collated_delayed_days_kind_check CHECK (collated_kind IN ('reason', 'responsible_org'))`);
  await knex.raw(DELAYED_TRANSFERS_VIEW);
  await knex.raw(BREAKDOWNS_VIEW);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(WORKBOOK_BREAKDOWNS_VIEW);
  await knex.raw(WORKBOOK_DELAYED_TRANSFERS_VIEW);
  await knex.schema.withSchema('raw').dropTable('dtoc_collated_delayed_days');
}
