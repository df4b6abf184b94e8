import fs from 'node:fs';
import type { Knex } from 'knex';

const COUNCIL_CODES = new URL('../reference/dtoc-council-codes.csv', import.meta.url);

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA raw');
  await knex.raw('CREATE SCHEMA marts');

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
    table.unique(['source', 'file_sha256']);
  });

  await knex.schema.withSchema('raw').createTable('dtoc_council_codes', (table) => {
    table.text('dh_code').notNullable();
    table.text('ons_code').notNullable();
    table.text('area_name').notNullable();
    table.date('valid_from');
    table.date('valid_to');
    table.primary(['dh_code', 'ons_code']);
  });
  const [header, ...lines] = fs.readFileSync(COUNCIL_CODES, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const rows = lines.map((line) => {
    const values = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((v) => v.replace(/,$/, '').replace(/^"|"$/g, ''));
    return Object.fromEntries(columns.map((column, i) => [column, values[i] || null]));
  });
  await knex('raw.dtoc_council_codes').insert(rows);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA marts CASCADE');
  await knex.raw('DROP SCHEMA raw CASCADE');
}
