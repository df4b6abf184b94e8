import { Command } from 'commander';
import { generate } from './commands/generate.js';
import { load } from './commands/load.js';
import { metrics } from './commands/metrics.js';
import { revert } from './commands/revert.js';
import { status } from './commands/status.js';

export function createProgram(): Command {
  return new Command('etl')
    .description('Joined Up ETL: load published health and social care files into the warehouse')
    .addCommand(load)
    .addCommand(status)
    .addCommand(revert)
    .addCommand(metrics)
    .addCommand(generate);
}
