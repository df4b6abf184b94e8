import type { Knex } from 'knex';

/**
 * ONS codes of NHS England's seven regions (ODS Y56…Y63). ONS reissued codes when boundaries moved: Midlands
 * and North East and Yorkshire with the ICBs in July 2022 (NHSER22), East of England and North West in 2024
 * (NHSER24).
 */
const NHS_REGION_CODES = [
  { ods_code: 'Y56', region_name: 'London', ons_code: 'E40000003', valid_from: null, valid_to: null },
  { ods_code: 'Y58', region_name: 'South West', ons_code: 'E40000006', valid_from: null, valid_to: null },
  { ods_code: 'Y59', region_name: 'South East', ons_code: 'E40000005', valid_from: null, valid_to: null },
  { ods_code: 'Y60', region_name: 'Midlands', ons_code: 'E40000008', valid_from: null, valid_to: '2022-06-30' },
  { ods_code: 'Y60', region_name: 'Midlands', ons_code: 'E40000011', valid_from: '2022-07-01', valid_to: null },
  { ods_code: 'Y61', region_name: 'East of England', ons_code: 'E40000007', valid_from: null, valid_to: '2024-03-31' },
  { ods_code: 'Y61', region_name: 'East of England', ons_code: 'E40000013', valid_from: '2024-04-01', valid_to: null },
  { ods_code: 'Y62', region_name: 'North West', ons_code: 'E40000010', valid_from: null, valid_to: '2024-03-31' },
  { ods_code: 'Y62', region_name: 'North West', ons_code: 'E40000014', valid_from: '2024-04-01', valid_to: null },
  {
    ods_code: 'Y63',
    region_name: 'North East and Yorkshire',
    ons_code: 'E40000009',
    valid_from: null,
    valid_to: '2022-06-30',
  },
  {
    ods_code: 'Y63',
    region_name: 'North East and Yorkshire',
    ons_code: 'E40000012',
    valid_from: '2022-07-01',
    valid_to: null,
  },
];

export async function up(knex: Knex): Promise<void> {
  // Every figure of the acute discharge sitrep in long form: one row per organisation × metric × category × date.
  await knex.schema.withSchema('raw').createTable('sitrep_values', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table
      .text('publication')
      .notNullable()
      .comment("'monthly' (workbook per month, all organisations) or 'time_series' (national, daily and weekly)");
    table
      .text('table_name')
      .notNullable()
      .comment(
        'missing_organisations, patients_by_day, additional_bed_days, discharges_by_destination, delay_reasons, daily_series, weekly_series',
      );
    table.text('sheet_name').notNullable();
    table.integer('row_number').notNullable();
    table.text('column_letter').notNullable();
    table.text('org_level').notNullable().comment("'england', 'region', 'icb' or 'trust'");
    table.text('org_code').comment('ODS code (ICB e.g. QUE, trust e.g. RAJ, region Y56…); null for England');
    table.text('org_name').notNullable().comment('as published');
    table.text('region_name').comment('NHS England region as published');
    table.text('metric').notNullable();
    table
      .text('category')
      .comment('discharge destination or delay reason as published; null for single-valued metrics');
    table
      .text('grain')
      .notNullable()
      .comment("'day', 'week' (period_date = week commencing) or 'month' (period_date = first day)");
    table.date('period_date').notNullable();
    table.decimal('value').comment("null where the publication shows '-' (no submission)");
    table.index(['load_id']);
    table.index(['table_name', 'period_date']);
  });
  await knex.raw(`
    CREATE UNIQUE INDEX sitrep_values_natural_key ON raw.sitrep_values
      (publication, table_name, org_level, COALESCE(org_code, ''), metric, COALESCE(category, ''), period_date)
  `);

  await knex.schema.withSchema('raw').createTable('sitrep_nhs_region_codes', (table) => {
    table.text('ods_code').notNullable();
    table.text('region_name').notNullable();
    table.text('ons_code').notNullable();
    table.date('valid_from');
    table.date('valid_to');
    table.primary(['ods_code', 'ons_code']);
  });
  await knex('raw.sitrep_nhs_region_codes').insert(NHS_REGION_CODES);

  // One row per area and day. England comes from the monthly workbook where one is loaded for the day and
  // from the national time series otherwise; regions, ICBs and trusts only from monthly workbooks.
  await knex.raw(`
    CREATE VIEW marts.discharge_delays AS
    WITH daily_values AS (
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
      FROM raw.sitrep_values
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
      FROM raw.sitrep_nhs_region_codes
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
      LEFT JOIN raw.sitrep_nhs_region_codes AS r
        ON p.org_level = 'region'
        AND r.ods_code = p.org_code
        AND p.period_date BETWEEN COALESCE(r.valid_from, '-infinity') AND COALESCE(r.valid_to, 'infinity')
      LEFT JOIN region_names AS n ON upper(n.region_name) = upper(p.region_name)
    )

    SELECT
      concat_ws('|', area_type, area_code, report_date) AS discharge_delay_id,
      *
    FROM with_areas
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.discharge_delays');
  await knex.schema.withSchema('raw').dropTable('sitrep_nhs_region_codes');
  await knex.schema.withSchema('raw').dropTable('sitrep_values');
}
