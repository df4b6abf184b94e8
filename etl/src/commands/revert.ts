import { Command } from 'commander';
import { handleError } from '../errors.js';
import { formatRevert, revertLoad } from '../revert.js';
import { withWarehouseClient } from '../warehouse-client.js';

export const revert = new Command('revert')
  .description('Undo a load: remove its rows and reinstate what it replaced, in one transaction')
  .argument('<load-id>', "the load's number, as 'etl status' lists it")
  .action(async (loadId: string) => {
    try {
      const result = await withWarehouseClient((client) => revertLoad(client, loadId));
      console.log(formatRevert(result));
    } catch (error) {
      handleError(error);
    }
  });
