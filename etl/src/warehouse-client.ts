import pg from 'pg';
import { connect, migrate, openWarehouse } from '../../warehouse/src/index.js';

/** Opens the warehouse (DATABASE_URL, or the embedded one), brings its schema up to date and hands over a client. */
export async function withWarehouseClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse({ log: (message) => console.error(message) });
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
      return await work(client);
    } finally {
      await client.end();
    }
  } finally {
    await warehouse.stop();
  }
}
