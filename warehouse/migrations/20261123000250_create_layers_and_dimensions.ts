import type { Knex } from 'knex';

/**
 * The layers and the conformed dimensions every source shares.
 *
 * - raw: rows as published, one table per publication, each row pointing at the load (file) that brought it.
 * - staging: views that put each source into the shared shape (ONS area codes, months, age bands, sexes).
 * - marts: dimensions and facts that Cube reads; a metric is defined once over them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA staging');

  await knex.schema.alterTable('raw.loads', (table) => {
    table.integer('rejected_count').notNullable().defaultTo(0);
  });

  // Rows a record-level extract could not use, kept with the rule they broke (the load went ahead without them).
  await knex.schema.withSchema('raw').createTable('rejected_rows', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.integer('row_number').notNullable().comment('1-based line (CSV) or row (workbook) as an editor shows it');
    table.text('sheet');
    table.text('column_name');
    table.text('value');
    table.text('rule').notNullable();
    table.primary(['load_id', 'row_number', 'column_name']);
  });

  // Time: every month 1990-2040 with the calendar and NHS financial-year groupings.
  await knex.raw(`
    CREATE TABLE marts.dim_time AS
    SELECT
      month::date AS month,
      extract(YEAR FROM month)::int AS calendar_year,
      extract(MONTH FROM month)::int AS month_of_year,
      to_char(month, 'FMMonth YYYY') AS month_name,
      date_trunc('quarter', month)::date AS quarter_start,
      to_char(month, 'YYYY "Q"Q') AS calendar_quarter,
      financial_year_start,
      concat(extract(YEAR FROM financial_year_start)::int, '-', lpad(((extract(YEAR FROM financial_year_start)::int + 1) % 100)::text, 2, '0')) AS financial_year,
      ((extract(MONTH FROM month)::int + 8) % 12) / 3 + 1 AS financial_quarter
    FROM generate_series(date '1990-01-01', date '2040-12-01', interval '1 month') AS month
    CROSS JOIN LATERAL (
      SELECT make_date(extract(YEAR FROM month)::int - CASE WHEN extract(MONTH FROM month) < 4 THEN 1 ELSE 0 END, 4, 1) AS financial_year_start
    ) AS fy
  `);
  await knex.raw('ALTER TABLE marts.dim_time ADD PRIMARY KEY (month)');

  // Age bands: ONS five-year bands and the broad bands the outcome metrics use. Ages are whole years; 90 means 90+.
  await knex.schema.withSchema('marts').createTable('dim_age_band', (table) => {
    table.text('age_band').primary();
    table
      .text('band_set')
      .notNullable()
      .comment("'five_year' (mutually exclusive), 'broad' (overlapping analysis bands) or 'all'");
    table.smallint('min_age').notNullable();
    table.smallint('max_age').comment('inclusive; null = and over');
    table.smallint('sort_order').notNullable();
  });
  const fiveYear = Array.from({ length: 18 }, (_, i) => ({
    age_band: `${i * 5}-${i * 5 + 4}`,
    band_set: 'five_year',
    min_age: i * 5,
    max_age: i * 5 + 4,
  }));
  fiveYear.push({ age_band: '90+', band_set: 'five_year', min_age: 90, max_age: null as unknown as number });
  const broad = [
    { age_band: '0-17', min_age: 0, max_age: 17 },
    { age_band: '18-64', min_age: 18, max_age: 64 },
    { age_band: '18+', min_age: 18, max_age: null },
    { age_band: '65+', min_age: 65, max_age: null },
    { age_band: '65-74', min_age: 65, max_age: 74 },
    { age_band: '75+', min_age: 75, max_age: null },
    { age_band: '85+', min_age: 85, max_age: null },
  ].map((band) => ({ ...band, band_set: 'broad' }));
  await knex('marts.dim_age_band').insert(
    [...fiveYear, ...broad, { age_band: 'All ages', band_set: 'all', min_age: 0, max_age: null }].map((band, i) => ({
      ...band,
      sort_order: i + 1,
    })),
  );

  await knex.schema.withSchema('marts').createTable('dim_sex', (table) => {
    table.text('sex').primary().comment("'persons', 'male' or 'female' (the codes every fact uses)");
    table.text('label').notNullable().comment('as Fingertips and ONS print it');
    table.smallint('ons_code').notNullable().comment('ONS / NHS Data Dictionary person gender code (0 = persons)');
  });
  await knex('marts.dim_sex').insert([
    { sex: 'persons', label: 'Persons', ons_code: 0 },
    { sex: 'male', label: 'Male', ons_code: 1 },
    { sex: 'female', label: 'Female', ons_code: 2 },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('marts').dropTable('dim_sex');
  await knex.schema.withSchema('marts').dropTable('dim_age_band');
  await knex.schema.withSchema('marts').dropTable('dim_time');
  await knex.schema.withSchema('raw').dropTable('rejected_rows');
  await knex.schema.alterTable('raw.loads', (table) => {
    table.dropColumn('rejected_count');
  });
  await knex.raw('DROP SCHEMA staging CASCADE');
}
