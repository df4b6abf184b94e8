import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('raw').createTable('population_areas', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.smallint('mid_year').notNullable();
    table.text('area_code').notNullable();
    table.text('area_name').notNullable();
    table.text('geography').notNullable();
    table.primary(['mid_year', 'area_code']);
  });

  await knex.schema.withSchema('raw').createTable('population_estimates', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.smallint('mid_year').notNullable();
    table.text('area_code').notNullable();
    table.text('sex').notNullable();
    table.smallint('age').notNullable();
    table.integer('people').notNullable();
    table.primary(['mid_year', 'area_code', 'sex', 'age']);
    table.index(['area_code', 'sex', 'mid_year']);
  });

  await knex.schema.withSchema('raw').createTable('dtoc_delayed_days', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.date('period_month').notNullable();
    table.text('sheet_name').notNullable();
    table.integer('row_number').notNullable();
    table.text('dh_code');
    table.text('published_ons_code');
    table
      .text('area_code')
      .comment('ONS code resolved through raw.dtoc_council_codes; null for residents of Wales, Scotland or outside GB');
    table.text('area_name').notNullable();
    table.text('breakdown').notNullable();
    table.text('category').notNullable();
    table.decimal('delayed_days');
    table.unique(['period_month', 'sheet_name', 'row_number', 'category']);
    table.index(['area_code', 'period_month']);
  });

  await knex.raw(`
    CREATE VIEW marts.areas AS
    WITH population_names AS (
      SELECT DISTINCT ON (area_code)
        area_code,
        area_name,
        geography
      FROM raw.population_areas
      ORDER BY area_code, mid_year DESC
    ),

    council_names AS (
      SELECT DISTINCT ON (ons_code)
        ons_code AS area_code,
        area_name
      FROM raw.dtoc_council_codes
      ORDER BY ons_code, valid_from DESC NULLS LAST
    ),

    all_areas AS (
      SELECT
        COALESCE(p.area_code, c.area_code) AS area_code,
        COALESCE(p.area_name, c.area_name) AS area_name,
        COALESCE(lower(p.geography), 'council') AS area_type
      FROM population_names AS p
      FULL JOIN council_names AS c ON c.area_code = p.area_code
    )

    SELECT
      area_code,
      CASE WHEN area_name = upper(area_name) THEN initcap(area_name) ELSE area_name END AS area_name,
      area_type
    FROM all_areas
  `);

  await knex.raw(`
    CREATE VIEW marts.population AS
    SELECT
      concat_ws('|', mid_year, area_code, sex, age) AS population_id,
      area_code,
      make_date(mid_year, 6, 30) AS mid_year_date,
      mid_year,
      sex,
      age,
      people
    FROM raw.population_estimates
  `);

  // Delayed days with the 18+ population of the same calendar year or, failing that, of the year before or
  // after (boundary changes leave some councils with one year only). Further away there is no rate.
  await knex.raw(`
    CREATE VIEW marts.delayed_transfers AS
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
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.delayed_transfers');
  await knex.raw('DROP VIEW marts.population');
  await knex.raw('DROP VIEW marts.areas');
  await knex.schema.withSchema('raw').dropTable('dtoc_delayed_days');
  await knex.schema.withSchema('raw').dropTable('population_estimates');
  await knex.schema.withSchema('raw').dropTable('population_areas');
}
