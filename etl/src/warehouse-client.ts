import pg from 'pg';
import { connect, migrate, openWarehouse } from '../../warehouse/src/index.js';
import { cleanUpOnSignals } from '../../warehouse/src/signals.js';
import { refreshMetricsIfChanged } from './metrics/refresh.js';

/** Opens the warehouse (DATABASE_URL, or the embedded one), brings its schema up to date and hands over a client. */
export async function withWarehouseClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse({ log: (message) => console.error(message) });
  // An interrupted load rolls back with its transaction; the embedded cluster must not outlive us.
  const removeSignalHandlers = cleanUpOnSignals(() => warehouse.stop());
  try {
    const knex = connect(warehouse.url);
    try {
      await migrate(knex);
    } finally {
      await knex.destroy();
    }
    const client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    try {
      await refreshMetricsIfChanged(client, (message) => console.error(message));
      return await work(client);
    } finally {
      await client.end();
    }
  } finally {
    removeSignalHandlers();
    await warehouse.stop();
  }
}
