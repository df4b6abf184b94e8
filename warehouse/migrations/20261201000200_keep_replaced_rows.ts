import type { Knex } from 'knex';

/**
 * Undo. Rows a revision replaces are kept (raw.replaced_rows), so that reverting the revision reinstates them; a
 * reverted load keeps its row in raw.loads (lineage) with reverted_at. A file is "already loaded" only while its
 * load is current: loading the file of a replaced or reverted load again loads it again (and so restores it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('raw').createTable('replaced_rows', (table) => {
    table
      .bigInteger('replaced_by')
      .notNullable()
      .references('load_id')
      .inTable('raw.loads')
      .onDelete('CASCADE')
      .comment('the load whose revision deleted the row');
    table.text('table_name').notNullable().comment("the row's table, e.g. raw.dtoc_delayed_days");
    table.bigInteger('load_id').notNullable().comment('the load that brought the row');
    table.jsonb('row_data').notNullable().comment('the whole row, as to_jsonb gives it');
    table.index(['replaced_by', 'table_name']);
  });
  await knex.schema.alterTable('raw.loads', (table) => {
    table
      .timestamp('reverted_at', { useTz: true })
      .comment("set by 'etl revert': its rows removed, what it replaced reinstated");
  });
  await knex.raw('ALTER TABLE raw.loads DROP CONSTRAINT loads_source_file_sha256_unique');
  await knex.raw(`CREATE UNIQUE INDEX loads_current_file_unique ON raw.loads (source, file_sha256)
    WHERE superseded_by IS NULL AND reverted_at IS NULL`);
  await knex.raw('CREATE INDEX loads_source_file_sha256_index ON raw.loads (source, file_sha256)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX raw.loads_source_file_sha256_index');
  await knex.raw('DROP INDEX raw.loads_current_file_unique');
  await knex.raw('ALTER TABLE raw.loads ADD CONSTRAINT loads_source_file_sha256_unique UNIQUE (source, file_sha256)');
  await knex.schema.alterTable('raw.loads', (table) => {
    table.dropColumn('reverted_at');
  });
  await knex.schema.withSchema('raw').dropTable('replaced_rows');
}
