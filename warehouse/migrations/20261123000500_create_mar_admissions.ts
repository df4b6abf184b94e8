import fs from 'node:fs';
import type { Knex } from 'knex';

const COMMISSIONER_CODES = new URL('../reference/mar-commissioner-codes.csv', import.meta.url);
const CCG_SUCCESSORS = new URL('../reference/ccg-successors.csv', import.meta.url);

/**
 * NHS England Monthly Activity Return (commissioner basis): every measure of every commissioner row as
 * published (long), the commissioners it names, CCG mergers, and the admissions fact Cube reads: England as
 * published, CCGs and PCTs as published, and upper-tier councils apportioned from CCGs.
 */
export async function up(knex: Knex): Promise<void> {
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
  await knex('raw.mar_commissioner_codes').insert(readCsv(COMMISSIONER_CODES));

  await knex.schema.withSchema('raw').createTable('ccg_successors', (table) => {
    table.text('old_ods_code').primary();
    table.text('old_name').notNullable();
    table.text('new_ods_code').notNullable();
    table.text('new_name').notNullable();
    table.date('effective_date').notNullable().comment('first day the merged CCG existed');
    table.text('evidence').notNullable();
  });
  await knex('raw.ccg_successors').insert(readCsv(CCG_SUCCESSORS));

  // Long: one row per published cell, so that an edition with an extra or renamed measure column loads
  // without a schema change, and every measure stays traceable to its sheet row.
  await knex.schema.withSchema('raw').createTable('mar_activity', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
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

  await knex.raw(`
    CREATE VIEW staging.stg_mar_admissions AS
    WITH activity AS (
      SELECT
        load_id,
        period_month,
        row_number,
        org_code,
        org_type,
        org_name,
        measure,
        value
      FROM raw.mar_activity
      WHERE measure IN ('non_elective_admissions', 'elective_admissions')
    ),

    commissioner_rows AS (
      SELECT
        load_id,
        period_month,
        org_code,
        org_type,
        org_name,
        max(value) FILTER (WHERE measure = 'non_elective_admissions') AS non_elective_admissions,
        max(value) FILTER (WHERE measure = 'elective_admissions') AS elective_admissions
      FROM activity
      GROUP BY load_id, period_month, row_number, org_code, org_type, org_name
    )

    SELECT
      r.load_id,
      r.period_month,
      r.org_code,
      r.org_type,
      r.org_name AS published_name,
      COALESCE(c.org_name, r.org_name) AS org_name,
      c.ons_code AS reference_ons_code,
      s.new_ods_code AS successor_ods_code,
      r.non_elective_admissions,
      r.elective_admissions
    FROM commissioner_rows AS r
    LEFT JOIN raw.mar_commissioner_codes AS c ON c.org_code = r.org_code
    LEFT JOIN raw.ccg_successors AS s ON s.old_ods_code = r.org_code
  `);

  // CCG (ODS) → ONS code and council shares come from the ONS lookups through staging.ccg_council_shares
  // (the geography migration), falling back to the ONS code in raw.mar_commissioner_codes. The share vintage
  // nearest the month is used; a CCG that had merged away before the lookups' vintages is apportioned with
  // its successor's shares (raw.ccg_successors), which is exact for a merger because the successor's area is
  // the union of its predecessors'. One pass over the published rows (no self-joins): the planner cannot
  // estimate these CTEs well, and a nested loop over them took minutes.
  await knex.raw(`
    CREATE VIEW marts.admissions AS
    WITH published AS (
      SELECT * FROM staging.stg_mar_admissions
    ),

    shares AS MATERIALIZED (
      SELECT
        ccg_code,
        ccg_ods_code,
        council_code,
        share,
        vintage
      FROM staging.ccg_council_shares
    ),

    share_vintages AS MATERIALIZED (
      SELECT DISTINCT
        ccg_ods_code,
        ccg_code,
        vintage
      FROM shares
    ),

    candidates AS (
      SELECT
        p.*,
        COALESCE(own.ccg_ods_code, successor.ccg_ods_code) AS share_ods_code,
        own.ccg_code AS own_ons_code,
        COALESCE(own.vintage, successor.vintage) AS share_vintage,
        row_number() OVER (
          PARTITION BY p.load_id, p.period_month, p.org_code
          ORDER BY abs(COALESCE(own.vintage, successor.vintage) - p.period_month), COALESCE(own.vintage, successor.vintage) DESC
        ) AS nearest
      FROM published AS p
      LEFT JOIN share_vintages AS own
        ON p.org_type = 'ccg'
        AND own.ccg_ods_code = p.org_code
      LEFT JOIN share_vintages AS successor
        ON p.org_type = 'ccg'
        AND own.ccg_ods_code IS NULL
        AND successor.ccg_ods_code = p.successor_ods_code
    ),

    chosen AS (
      SELECT * FROM candidates WHERE nearest = 1
    ),

    published_areas AS (
      SELECT
        load_id,
        period_month,
        CASE
          WHEN org_type = 'england' THEN 'E92000001'
          WHEN org_type = 'ccg' THEN COALESCE(own_ons_code, reference_ons_code)
        END AS area_code,
        org_code,
        CASE WHEN org_type = 'england' THEN 'England' ELSE org_name END AS area_name,
        org_type AS area_type,
        'published' AS basis,
        FALSE AS is_estimate,
        NULL::date AS share_vintage,
        non_elective_admissions,
        elective_admissions
      FROM chosen
    ),

    council_estimates AS (
      SELECT
        c.period_month,
        sh.council_code,
        max(c.share_vintage) AS share_vintage,
        sum(c.non_elective_admissions * sh.share) AS non_elective_admissions,
        sum(c.elective_admissions * sh.share) AS elective_admissions
      FROM chosen AS c
      INNER JOIN shares AS sh
        ON sh.ccg_ods_code = c.share_ods_code
        AND sh.vintage = c.share_vintage
      GROUP BY c.period_month, sh.council_code
    ),

    council_names AS (
      SELECT
        area_code,
        area_name,
        area_type
      FROM marts.areas
      WHERE area_code IN (SELECT council_code FROM shares)
    ),

    council_areas AS (
      SELECT
        NULL::bigint AS load_id,
        e.period_month,
        e.council_code AS area_code,
        NULL::text AS org_code,
        COALESCE(n.area_name, e.council_code) AS area_name,
        COALESCE(n.area_type, 'council') AS area_type,
        'apportioned from CCGs' AS basis,
        TRUE AS is_estimate,
        e.share_vintage,
        e.non_elective_admissions,
        e.elective_admissions
      FROM council_estimates AS e
      LEFT JOIN council_names AS n ON n.area_code = e.council_code
    ),

    all_areas AS (
      SELECT * FROM published_areas
      UNION ALL
      SELECT * FROM council_areas
    )

    SELECT
      concat_ws('|', basis, area_type, COALESCE(area_code, org_code), period_month) AS admission_id,
      *
    FROM all_areas
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.admissions');
  await knex.raw('DROP VIEW staging.stg_mar_admissions');
  await knex.schema.withSchema('raw').dropTable('mar_activity');
  await knex.schema.withSchema('raw').dropTable('ccg_successors');
  await knex.schema.withSchema('raw').dropTable('mar_commissioner_codes');
}

function readCsv(file: URL): Record<string, string | null>[] {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const values = line
      .match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!
      .map((v) => v.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(columns.map((column, i) => [column, values[i] || null]));
  });
}
