import { ZodError, z } from 'zod';
import { InputError } from './lib/errors.js';

/** Prints an error for a person to act on and sets a failing exit code. Helpers throw; commands call this. */
export function handleError(error: unknown): void {
  if (error instanceof InputError) console.error(`error: ${error.message}`);
  else if (error instanceof ZodError) console.error(`error: invalid options\n${z.prettifyError(error)}`);
  else if (error instanceof Error) console.error(`error: ${error.message}`);
  else console.error('error: something went wrong', error);
  process.exitCode = 1;
}
