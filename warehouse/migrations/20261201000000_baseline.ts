import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';

/**
 * The warehouse's tables, indexes and reference data: the twelve migrations of November 2026 squashed into one
 * (warehouse/src/legacy.ts upgrades a warehouse they made). Views are not here: they are models, rebuilt from
 * warehouse/models after every migration.
 *
 * - raw: rows as published, one table per publication, each row pointing at the load (file) that brought it;
 *   reference tables from warehouse/reference.
 * - staging: views that put each source into the shared shape (ONS area codes, months, age bands, sexes).
 * - marts: dimensions and facts that Cube reads; reference dimensions are tables here.
 */
export async function up(knex: Knex): Promise<void> {
  for (const schema of ['raw', 'staging', 'marts']) await knex.raw(`CREATE SCHEMA ${schema}`);
  await createLineage(knex);
  await createReference(knex);
  await createDimensions(knex);
  await createGeographySources(knex);
  await createDelayedTransferSources(knex);
  await createProgrammeAndMetricSources(knex);
  await createActivitySources(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const schema of ['marts', 'staging', 'raw']) await knex.raw(`DROP SCHEMA ${schema} CASCADE`);
}

/** A row's load (its file), with the row or line it was read from where the table keeps one. */
function lineage(table: Knex.CreateTableBuilder, options: { rowNumber?: boolean } = {}) {
  table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
  if (options.rowNumber) {
    table.integer('row_number').notNullable().comment('1-based line (CSV) or row (workbook) as an editor shows it');
  }
}

async function createLineage(knex: Knex) {
  await knex.schema.withSchema('raw').createTable('loads', (table) => {
    table.bigIncrements('load_id');
    table.text('source').notNullable();
    table.text('file_name').notNullable();
    table.text('file_sha256').notNullable();
    table.date('period_start').notNullable();
    table.date('period_end').notNullable();
    table.text('edition');
    table.integer('row_count').notNullable();
    table.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.bigInteger('superseded_by').references('load_id').inTable('raw.loads');
    table.integer('rejected_count').notNullable().defaultTo(0);
    table.bigInteger('file_bytes').comment('Size of the loaded file in bytes (null for loads before this column)');
    table.unique(['source', 'file_sha256']);
  });

  // Rows a record-level extract could not use, kept with the rule they broke (the load went ahead without them).
  await knex.schema.withSchema('raw').createTable('rejected_rows', (table) => {
    lineage(table);
    table.integer('row_number').notNullable().comment('1-based line (CSV) or row (workbook) as an editor shows it');
    table.text('sheet');
    table.text('column_name');
    table.text('value');
    table.text('rule').notNullable();
    table.primary(['load_id', 'row_number', 'column_name']);
  });
}

async function createReference(knex: Knex) {
  await knex.schema.withSchema('raw').createTable('dtoc_council_codes', (table) => {
    table.text('dh_code').notNullable();
    table.text('ons_code').notNullable();
    table.text('area_name').notNullable();
    table.date('valid_from');
    table.date('valid_to');
    table.primary(['dh_code', 'ons_code']);
  });
  await knex('raw.dtoc_council_codes').insert(readReference('dtoc-council-codes.csv'));

  await knex.schema.withSchema('raw').createTable('area_code_changes', (table) => {
    table.text('old_code').notNullable();
    table.text('old_name').notNullable();
    table.text('new_code').notNullable();
    table.text('new_name').notNullable();
    table.date('effective_date').notNullable();
    table
      .text('relationship')
      .notNullable()
      .comment(
        'same_area: the new code covers the old area; merged_into: the old area is wholly inside the new one; split_into: the new area is wholly inside the old one; part_to: part of the old area went into a new area that also took others',
      );
    table.text('note');
    table.primary(['old_code', 'new_code']);
  });
  await knex.raw(
    "ALTER TABLE raw.area_code_changes ADD CHECK (relationship IN ('same_area', 'merged_into', 'split_into', 'part_to'))",
  );
  await knex('raw.area_code_changes').insert(readReference('area-code-changes.csv'));

  await knex.schema.withSchema('raw').createTable('mar_commissioner_codes', (table) => {
    table
      .text('org_code')
      .primary()
      .comment('ODS code as MAR prints it (CCG e.g. 07L, PCT e.g. 5C2, national commissioner X24)');
    table.text('org_name').notNullable();
    table.text('org_type').notNullable().comment("'ccg', 'pct' or 'national commissioner'");
    table
      .text('ons_code')
      .comment('ONS E38 code from the ONS CCG lookups (April 2018-2021); null where none of them holds the CCG');
    table.text('first_seen').comment('first month (YYYY-MM) in the MAR files or the lookup the code comes from');
    table.text('last_seen').comment('last month seen in the MAR files; null while the organisation continues');
    table.text('source').notNullable();
  });
  await knex('raw.mar_commissioner_codes').insert(readReference('mar-commissioner-codes.csv'));

  await knex.schema.withSchema('raw').createTable('ccg_successors', (table) => {
    table.text('old_ods_code').primary();
    table.text('old_name').notNullable();
    table.text('new_ods_code').notNullable();
    table.text('new_name').notNullable();
    table.date('effective_date').notNullable().comment('first day the merged CCG existed');
    table.text('evidence').notNullable();
  });
  await knex('raw.ccg_successors').insert(readReference('ccg-successors.csv'));

  // ONS codes of NHS England's seven regions (ODS Y56…Y63). ONS reissued codes when boundaries moved: Midlands and
  // North East and Yorkshire with the ICBs in July 2022 (NHSER22), East of England and North West in 2024 (NHSER24).
  await knex.schema.withSchema('raw').createTable('sitrep_nhs_region_codes', (table) => {
    table.text('ods_code').notNullable();
    table.text('region_name').notNullable();
    table.text('ons_code').notNullable();
    table.date('valid_from');
    table.date('valid_to');
    table.primary(['ods_code', 'ons_code']);
  });
  await knex('raw.sitrep_nhs_region_codes').insert(readReference('nhs-region-codes.csv'));
}

async function createDimensions(knex: Knex) {
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
      concat(
        extract(YEAR FROM financial_year_start)::int,
        '-',
        lpad(((extract(YEAR FROM financial_year_start)::int + 1) % 100)::text, 2, '0')
      ) AS financial_year,
      ((extract(MONTH FROM month)::int + 8) % 12) / 3 + 1 AS financial_quarter
    FROM generate_series(date '1990-01-01', date '2040-12-01', interval '1 month') AS month
    CROSS JOIN LATERAL (
      SELECT
        make_date(
          extract(YEAR FROM month)::int - CASE WHEN extract(MONTH FROM month) < 4 THEN 1 ELSE 0 END, 4, 1
        ) AS financial_year_start
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
  await knex('marts.dim_age_band').insert(readReference('age-bands.csv'));

  await knex.schema.withSchema('marts').createTable('dim_sex', (table) => {
    table.text('sex').primary().comment("'persons', 'male' or 'female' (the codes every fact uses)");
    table.text('label').notNullable().comment('as Fingertips and ONS print it');
    table.smallint('ons_code').notNullable().comment('ONS / NHS Data Dictionary person gender code (0 = persons)');
  });
  await knex('marts.dim_sex').insert(readReference('sexes.csv'));
}

/** The ONS lookups as loaded: each row keyed by its vintage and its codes. */
async function createGeographySources(knex: Knex) {
  const lookup = (name: string, key: string[], columns: (table: Knex.CreateTableBuilder) => void) =>
    knex.schema.withSchema('raw').createTable(name, (table) => {
      lineage(table);
      table.date('vintage').notNullable().comment('1 April of the year in the column names (CCG19CD: 2019-04-01)');
      columns(table);
      table.primary(['vintage', ...key]);
    });
  const required = (table: Knex.CreateTableBuilder, ...names: string[]) => {
    for (const name of names) table.text(name).notNullable();
  };

  await lookup('lookup_lad_regions', ['lad_code'], (t) =>
    required(t, 'lad_code', 'lad_name', 'region_code', 'region_name'),
  );
  await lookup('lookup_council_tiers', ['lower_tier_code'], (t) =>
    required(t, 'lower_tier_code', 'lower_tier_name', 'upper_tier_code', 'upper_tier_name'),
  );
  await lookup('lookup_ccg_stps', ['ccg_code'], (t) => {
    t.text('ccg_code').notNullable();
    t.text('ccg_ods_code');
    t.text('ccg_name').notNullable();
    t.text('stp_code').notNullable();
    t.text('stp_ods_code');
    t.text('stp_name').notNullable();
  });
  await lookup('lookup_ccg_nhs_regions', ['ccg_code'], (t) => {
    t.text('ccg_code').notNullable();
    t.text('ccg_ods_code');
    t.text('ccg_name').notNullable();
    t.text('local_office_code');
    t.text('local_office_ods_code');
    t.text('local_office_name');
    t.text('nhs_region_code').notNullable();
    t.text('nhs_region_ods_code');
    t.text('nhs_region_name').notNullable();
  });
  await lookup('lookup_lsoa_ccg_lads', ['lsoa_code'], (t) => {
    t.text('lsoa_code').notNullable();
    t.text('lsoa_name');
    t.text('ccg_code').notNullable();
    t.text('ccg_ods_code');
    t.text('ccg_name').notNullable();
    required(t, 'lad_code', 'lad_name');
  });
  await lookup('lookup_ccg_lads', ['ccg_code', 'lad_code'], (t) => {
    t.text('ccg_code').notNullable();
    t.text('ccg_ods_code');
    t.text('ccg_name').notNullable();
    required(t, 'lad_code', 'lad_name');
  });
  await lookup('lookup_area_names', ['area_type', 'area_code'], (t) => {
    t.text('area_type')
      .notNullable()
      .comment("the geography named: 'ccg', 'stp', 'lad', 'utla', 'region', 'nhs_region'");
    t.text('area_code').notNullable();
    t.text('org_code');
    t.text('area_name').notNullable();
  });

  await knex.schema.withSchema('raw').createTable('population_areas', (table) => {
    lineage(table);
    table.smallint('mid_year').notNullable();
    table.text('area_code').notNullable();
    table.text('area_name').notNullable();
    table.text('geography').notNullable();
    table.primary(['mid_year', 'area_code']);
  });

  await knex.schema.withSchema('raw').createTable('population_estimates', (table) => {
    lineage(table);
    table.smallint('mid_year').notNullable();
    table.text('area_code').notNullable();
    table.text('sex').notNullable();
    table.smallint('age').notNullable();
    table.integer('people').notNullable();
    table.primary(['mid_year', 'area_code', 'sex', 'age']);
    table.index(['area_code', 'sex', 'mid_year']);
  });

  await knex.schema.withSchema('raw').createTable('population_ccg_estimates', (table) => {
    lineage(table);
    table.smallint('mid_year').notNullable();
    table.smallint('boundary_year').notNullable().comment('year of the CCG boundaries (CCG21: 2021)');
    table.text('ccg_code').notNullable();
    table.text('ccg_name').notNullable();
    table.text('stp_code');
    table.text('stp_name');
    table.text('nhs_region_code');
    table.text('nhs_region_name');
    table.text('age_band').notNullable().comment("as published: '0-17', '18-35', …, '66+', 'All ages'");
    table.smallint('min_age').notNullable();
    table.smallint('max_age').comment('inclusive; null = and over');
    table.integer('people').notNullable();
    table.primary(['boundary_year', 'mid_year', 'ccg_code', 'age_band']);
  });
}

async function createDelayedTransferSources(knex: Knex) {
  await knex.schema.withSchema('raw').createTable('dtoc_delayed_days', (table) => {
    lineage(table);
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

  await knex.schema.withSchema('raw').createTable('dtoc_collated_delayed_days', (table) => {
    lineage(table);
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
}

/**
 * The integration pioneers and their member councils, and the metric sources that are not monthly activity:
 * ASCOF, any indicator in long format (Fingertips and tidy files), and plans.
 */
async function createProgrammeAndMetricSources(knex: Knex) {
  await knex.schema.withSchema('raw').createTable('pioneers', (table) => {
    lineage(table, { rowNumber: true });
    table.text('pioneer_name').notNullable();
    table.smallint('wave').notNullable();
    table.date('announced_date').notNullable();
    table
      .text('announced_precision')
      .notNullable()
      .comment("'day' or 'month' (announced_date is then the month's first day)");
    table.text('name_variants');
    table.text('la_codes_indicative').comment("the file's indicative council codes, as given");
    table.text('source_urls');
    table.primary(['load_id', 'pioneer_name']);
  });

  await knex.schema.withSchema('raw').createTable('pioneer_members', (table) => {
    lineage(table);
    table.text('pioneer_name').notNullable();
    table.text('council_code').notNullable();
    table.text('council_name').notNullable();
    table.text('coverage').notNullable().comment("'whole', 'part' (footprint names the part) or 'unverified'");
    table.text('footprint');
    table.text('note');
    table.text('source');
    table
      .text('indicative_check')
      .notNullable()
      .comment("'confirmed', 'added' (missing from the file), 'not_in_footprint' (in the file only), 'unverified'");
    table.boolean('is_member').notNullable();
    table.primary(['load_id', 'pioneer_name', 'council_code']);
  });

  await knex.schema.withSchema('raw').createTable('indicator_values', (table) => {
    lineage(table, { rowNumber: true });
    table.text('source_format').notNullable().comment("'fingertips' or 'tidy'");
    table.text('indicator_id').notNullable().comment('Fingertips indicator id, or a slug of the tidy indicator name');
    table.text('indicator_name').notNullable();
    table.text('parent_code');
    table.text('parent_name');
    table.text('area_code').notNullable();
    table.text('area_name');
    table.text('area_type');
    table.text('sex').comment("'persons', 'male', 'female' (marts.dim_sex) or the label as published");
    table.text('age');
    table.text('category_type');
    table.text('category');
    table.text('measure');
    table.text('unit');
    table.text('period_label').notNullable();
    table.date('period_start').notNullable();
    table.date('period_end').notNullable();
    table.text('period_type').notNullable();
    table.specificType('value', 'numeric');
    table.text('missing_reason').comment('why value is null: the marker or value note as published');
    for (const bound of ['lower_ci_95', 'upper_ci_95', 'lower_ci_99_8', 'upper_ci_99_8', 'count', 'denominator']) {
      table.specificType(bound, 'numeric');
    }
    table.text('value_note');
    table.text('recent_trend');
    table.text('compared_to_england');
    table.text('compared_to_goal');
    table.primary(['load_id', 'row_number']);
    table.index(['indicator_id', 'period_start', 'period_end']);
    table.index(['area_code', 'indicator_id']);
  });

  await knex.schema.withSchema('raw').createTable('ascof_values', (table) => {
    lineage(table, { rowNumber: true });
    table.text('financial_year').notNullable().comment("e.g. '2020-21'");
    table.date('period_start').notNullable();
    table.date('period_end').notNullable();
    table
      .text('dh_code')
      .notNullable()
      .comment('Geographical Code as published: DH council code, region letters or England');
    table.text('area_name').notNullable();
    table.text('geographical_level').notNullable();
    table.text('area_code').comment('ONS code; null for Council Type groups');
    table.text('measure_code').notNullable();
    table.text('disaggregation').notNullable();
    table.text('measure_type').notNullable();
    table.specificType('value', 'numeric');
    table.text('missing_reason').comment("why value is null, e.g. 'suppressed for confidentiality ([c])'");
    table.text('measure_group');
    table.text('measure_group_description');
    table.primary(['load_id', 'row_number']);
    table.index(['measure_code', 'area_code']);
    table.index(['period_start', 'period_end']);
  });

  await knex.schema.withSchema('raw').createTable('plans', (table) => {
    lineage(table, { rowNumber: true });
    table.text('source_format').notNullable().comment("'template' or 'bcf_intermediate_care'");
    table.text('metric_id').notNullable();
    table.text('metric_name');
    table.text('area_code').notNullable();
    table.text('area_name');
    table.date('period_start').notNullable();
    table.date('period_end').notNullable();
    table.text('period_type').notNullable();
    table.date('baseline_period_start');
    table.date('baseline_period_end');
    table.specificType('baseline_value', 'numeric');
    table.text('baseline_missing_reason');
    table.specificType('planned_value', 'numeric');
    table.text('planned_missing_reason');
    table.text('unit');
    table.text('plan_type').notNullable();
    table.text('notes');
    table.primary(['load_id', 'row_number', 'metric_id']);
    table.index(['metric_id', 'area_code', 'period_start']);
  });
}

/** Monthly Activity Return, the acute discharge sitrep, and record-level admissions extracts with their counts. */
async function createActivitySources(knex: Knex) {
  // Long: one row per published cell, so that an edition with an extra or renamed measure column loads without a
  // schema change, and every measure stays traceable to its sheet row.
  await knex.schema.withSchema('raw').createTable('mar_activity', (table) => {
    lineage(table);
    table.date('period_month').notNullable();
    table.text('sheet_name').notNullable();
    table.integer('row_number').notNullable();
    table.text('parent_type').comment("tier of the parent columns: 'SHA' (2012), 'Area Team' (2013-15) or 'Region'");
    table.text('parent_code');
    table.text('parent_name');
    table.text('org_code').comment('null on the England row');
    table.text('org_type').notNullable().comment("'england', or the org_type of raw.mar_commissioner_codes");
    table.text('org_name').notNullable();
    table.text('measure').notNullable().comment('stable code, e.g. non_elective_admissions');
    table.text('measure_label').notNullable().comment('header as published');
    table.decimal('value', null).comment("null where the publisher printed '-'");
    table.unique(['period_month', 'sheet_name', 'row_number', 'measure']);
    table.index(['measure', 'period_month']);
  });

  // Every figure of the acute discharge sitrep in long form: one row per organisation × metric × category × date.
  await knex.schema.withSchema('raw').createTable('sitrep_values', (table) => {
    lineage(table);
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

  // No indexes, keys or foreign keys (a foreign key check per row halves COPY speed): a 10-million-row extract goes
  // in at COPY speed. The loader writes load_id from the load it has just inserted; queries go through the counts.
  await knex.raw(`
    CREATE TABLE raw.admission_episodes (
      load_id bigint NOT NULL,
      line_number integer NOT NULL,
      person_id text NOT NULL,
      admission_date date NOT NULL,
      discharge_date date,
      admission_method text NOT NULL,
      admission_source text,
      age smallint NOT NULL,
      sex text,
      council_code text,
      lsoa_code text,
      primary_diagnosis text NOT NULL,
      secondary_diagnoses text,
      discharge_destination text
    )
  `);

  // Written once per month × council × age band × sex cell of a load, from counts the loader holds in memory: no key
  // (building one cost more than writing the counts). Its size is bounded by months × councils × 57 cells.
  await knex.raw(`
    CREATE TABLE marts.admission_counts (
      load_id bigint NOT NULL,
      period_month date NOT NULL,
      area_code text NOT NULL,
      age_band text NOT NULL,
      sex text NOT NULL,
      admissions integer NOT NULL DEFAULT 0,
      elective_admissions integer NOT NULL DEFAULT 0,
      emergency_admissions integer NOT NULL DEFAULT 0,
      emergency_admissions_from_care_homes integer NOT NULL DEFAULT 0,
      emergency_admissions_falls_injury integer NOT NULL DEFAULT 0,
      emergency_admissions_chronic_acsc integer NOT NULL DEFAULT 0,
      discharges integer NOT NULL DEFAULT 0,
      discharges_alive integer NOT NULL DEFAULT 0,
      discharges_to_usual_residence integer NOT NULL DEFAULT 0,
      discharges_to_care_home_from_elsewhere integer NOT NULL DEFAULT 0
    )
  `);
  await knex.raw(
    `COMMENT ON TABLE marts.admission_counts IS 'Monthly counts derived from raw.admission_episodes by etl/src/sources/admissions: admission measures by month of admission, discharge measures by month of discharge'`,
  );
}

/** A CSV of warehouse/reference as rows; empty cells are null. */
function readReference(name: string): Record<string, string | null>[] {
  const text = fs.readFileSync(new URL(`../reference/${name}`, import.meta.url), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) =>
    Object.fromEntries(Object.entries(record).map(([column, value]) => [column, value === '' ? null : value])),
  );
}
