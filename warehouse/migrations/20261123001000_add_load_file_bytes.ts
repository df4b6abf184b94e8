import type { Knex } from 'knex';

/**
 * The size of each loaded file. A file whose size no earlier load of its source has cannot have been
 * loaded before, so its content hash can be worked out while it loads instead of in a pass before it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE raw.loads ADD COLUMN file_bytes bigint');
  await knex.raw(
    `COMMENT ON COLUMN raw.loads.file_bytes IS 'Size of the loaded file in bytes (null for loads before this column)'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE raw.loads DROP COLUMN file_bytes');
}
