import { Command } from 'commander';
import { handleError } from '../errors.js';
import { readDefinitions } from '../metrics/definitions.js';
import { refreshMetrics } from '../metrics/refresh.js';
import { withWarehouseClient } from '../warehouse-client.js';

export const metrics = new Command('metrics')
  .description(
    'Check the metric definitions (cube/metrics/definitions) and compute every metric again, in one transaction',
  )
  .option('--check', 'only check the definition files, without a warehouse')
  .action(async (options: { check?: boolean }) => {
    try {
      const definitions = readDefinitions();
      if (options.check) {
        console.log(`${definitions.length} metric definitions are valid`);
        return;
      }
      const result = await withWarehouseClient(async (client) => {
        await client.query('BEGIN');
        try {
          const refreshed = await refreshMetrics(client, { definitions });
          await client.query('COMMIT');
          return refreshed;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      });
      console.log(
        `computed ${result.metrics.length} metrics: ${result.rows.toLocaleString('en-GB')} rows (${definitions.length} definitions)`,
      );
    } catch (error) {
      handleError(error);
    }
  });
