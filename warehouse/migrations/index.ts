import type { Knex } from 'knex';
import * as createLineageAndReference from './20261123000100_create_lineage_and_reference.js';
import * as createPopulationAndDtoc from './20261123000200_create_population_and_dtoc.js';
import * as createLayersAndDimensions from './20261123000250_create_layers_and_dimensions.js';
import * as createGeography from './20261123000300_create_geography.js';
import * as createProgrammeAndMetrics from './20261123000400_create_programme_and_metrics.js';
import * as createMarAdmissions from './20261123000500_create_mar_admissions.js';
import * as createDischargeSitrep from './20261123000600_create_discharge_sitrep.js';
import * as createAdmissionExtracts from './20261123000700_create_admission_extracts.js';
import * as createDelayedTransferBreakdowns from './20261123000800_create_delayed_transfer_breakdowns.js';
import * as addCollatedDelayedTransfers from './20261123000900_add_collated_delayed_transfers.js';
import * as addLoadFileBytes from './20261123001000_add_load_file_bytes.js';
import * as dropAdmissionCountsKey from './20261123001100_drop_admission_counts_key.js';

/** Migrations in order. Listed statically so that they run the same under tsx, vitest and a bundler. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261123000100_create_lineage_and_reference': createLineageAndReference,
  '20261123000200_create_population_and_dtoc': createPopulationAndDtoc,
  '20261123000250_create_layers_and_dimensions': createLayersAndDimensions,
  '20261123000300_create_geography': createGeography,
  '20261123000400_create_programme_and_metrics': createProgrammeAndMetrics,
  '20261123000500_create_mar_admissions': createMarAdmissions,
  '20261123000600_create_discharge_sitrep': createDischargeSitrep,
  '20261123000700_create_admission_extracts': createAdmissionExtracts,
  '20261123000800_create_delayed_transfer_breakdowns': createDelayedTransferBreakdowns,
  '20261123000900_add_collated_delayed_transfers': addCollatedDelayedTransfers,
  '20261123001000_add_load_file_bytes': addLoadFileBytes,
  '20261123001100_drop_admission_counts_key': dropAdmissionCountsKey,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};
