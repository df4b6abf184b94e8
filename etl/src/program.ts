import { Command } from 'commander';
import { load } from './commands/load.js';

export function createProgram(): Command {
  return new Command('etl')
    .description('Joined Up ETL: load published health and social care files into the warehouse')
    .addCommand(load);
}
