import { createProgram } from './program.js';

// `etl status | head -1`: once the reader has gone, the rest of the output is dropped and the command still
// finishes as usual (a load commits, the embedded cluster is left properly), instead of dying on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

await createProgram().parseAsync(process.argv);
