import type { Knex } from 'knex';
import * as createLineageAndReference from './20261123000100_create_lineage_and_reference.js';
import * as createPopulationAndDtoc from './20261123000200_create_population_and_dtoc.js';
import * as createLayersAndDimensions from './20261123000250_create_layers_and_dimensions.js';

/** Migrations in order. Listed statically so that they run the same under tsx, vitest and a bundler. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261123000100_create_lineage_and_reference': createLineageAndReference,
  '20261123000200_create_population_and_dtoc': createPopulationAndDtoc,
  '20261123000250_create_layers_and_dimensions': createLayersAndDimensions,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};
