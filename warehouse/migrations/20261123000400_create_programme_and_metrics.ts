import type { Knex } from 'knex';

/**
 * The programme dimension (integration pioneers and their member councils) and the metric sources that are
 * not monthly activity: ASCOF, any indicator in long format (Fingertips and tidy files), and plans.
 */
export async function up(knex: Knex): Promise<void> {
  const lineage = (table: Knex.CreateTableBuilder) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.integer('row_number').notNullable().comment('1-based line (CSV) or row (workbook) as an editor shows it');
  };

  await knex.schema.withSchema('raw').createTable('pioneers', (table) => {
    lineage(table);
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
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
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
    lineage(table);
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
    table.specificType('lower_ci_95', 'numeric');
    table.specificType('upper_ci_95', 'numeric');
    table.specificType('lower_ci_99_8', 'numeric');
    table.specificType('upper_ci_99_8', 'numeric');
    table.specificType('count', 'numeric');
    table.specificType('denominator', 'numeric');
    table.text('value_note');
    table.text('recent_trend');
    table.text('compared_to_england');
    table.text('compared_to_goal');
    table.primary(['load_id', 'row_number']);
    table.index(['indicator_id', 'period_start', 'period_end']);
    table.index(['area_code', 'indicator_id']);
  });

  await knex.schema.withSchema('raw').createTable('ascof_values', (table) => {
    lineage(table);
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
    lineage(table);
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

  await knex.raw(`
    CREATE VIEW marts.dim_programme AS
    WITH pioneers AS (
      SELECT * FROM raw.pioneers
    ),

    members AS (
      SELECT * FROM raw.pioneer_members WHERE is_member
    )

    SELECT
      concat_ws('|', p.pioneer_name, m.council_code) AS programme_member_id,
      'Integrated Care and Support Pioneers' AS programme,
      trim(BOTH '-' FROM lower(regexp_replace(p.pioneer_name, '[^A-Za-z0-9]+', '-', 'g'))) AS pioneer_id,
      p.pioneer_name,
      p.wave,
      p.announced_date,
      p.announced_precision,
      m.council_code,
      m.council_name,
      m.coverage,
      m.footprint,
      m.note
    FROM pioneers AS p
    INNER JOIN members AS m ON m.load_id = p.load_id AND m.pioneer_name = p.pioneer_name
  `);

  await knex.raw(`
    CREATE VIEW staging.pioneer_footprint_checks AS
    SELECT
      load_id,
      pioneer_name,
      council_code,
      council_name,
      indicative_check,
      coverage,
      is_member,
      note
    FROM raw.pioneer_members
    WHERE indicative_check != 'confirmed' OR coverage != 'whole'
  `);

  await knex.raw(`
    CREATE VIEW marts.indicator_values AS
    SELECT
      concat_ws('|', load_id, row_number) AS indicator_value_id,
      load_id,
      indicator_id,
      indicator_name,
      area_code,
      area_name,
      area_type,
      parent_code,
      parent_name,
      sex,
      age,
      category_type,
      category,
      measure,
      unit,
      period_label,
      period_start,
      period_end,
      period_type,
      value,
      missing_reason,
      lower_ci_95,
      upper_ci_95,
      lower_ci_99_8,
      upper_ci_99_8,
      count,
      denominator,
      value_note,
      recent_trend,
      compared_to_england,
      compared_to_goal
    FROM raw.indicator_values
  `);

  // One row per year × area × measure code × disaggregation, with its measure types side by side.
  await knex.raw(`
    CREATE VIEW marts.ascof AS
    WITH ascof_values AS (
      SELECT
        *,
        regexp_replace(lower(measure_type), '[^a-z]+', '_', 'g') AS measure_type_key
      FROM raw.ascof_values
    )

    SELECT
      concat_ws('|', financial_year, geographical_level, dh_code, measure_code, disaggregation) AS ascof_id,
      financial_year,
      period_start,
      period_end,
      dh_code,
      area_code,
      area_name,
      geographical_level,
      measure_code,
      max(measure_group) AS measure_group,
      max(measure_group_description) AS measure_group_description,
      disaggregation,
      max(value) FILTER (WHERE measure_type_key = 'outcome') AS outcome,
      max(missing_reason) FILTER (WHERE measure_type_key = 'outcome') AS outcome_missing_reason,
      max(value) FILTER (WHERE measure_type_key = 'numerator') AS numerator,
      max(value) FILTER (WHERE measure_type_key = 'denominator') AS denominator,
      max(value) FILTER (WHERE measure_type_key = 'base') AS base,
      max(value) FILTER (WHERE measure_type_key = 'margin_of_error') AS margin_of_error
    FROM ascof_values
    GROUP BY financial_year, period_start, period_end, geographical_level, dh_code, area_code, area_name, measure_code, disaggregation
  `);

  await knex.raw(`
    CREATE VIEW marts.plans AS
    SELECT
      concat_ws('|', load_id, row_number, metric_id) AS plan_id,
      load_id,
      metric_id,
      metric_name,
      area_code,
      area_name,
      period_start,
      period_end,
      period_type,
      baseline_period_start,
      baseline_period_end,
      baseline_value,
      baseline_missing_reason,
      planned_value,
      planned_missing_reason,
      unit,
      plan_type,
      notes
    FROM raw.plans
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.plans');
  await knex.raw('DROP VIEW marts.ascof');
  await knex.raw('DROP VIEW marts.indicator_values');
  await knex.raw('DROP VIEW staging.pioneer_footprint_checks');
  await knex.raw('DROP VIEW marts.dim_programme');
  await knex.schema.withSchema('raw').dropTable('plans');
  await knex.schema.withSchema('raw').dropTable('ascof_values');
  await knex.schema.withSchema('raw').dropTable('indicator_values');
  await knex.schema.withSchema('raw').dropTable('pioneer_members');
  await knex.schema.withSchema('raw').dropTable('pioneers');
}
