import fs from 'node:fs';
import { InputError } from './errors.js';
import { isText } from './text.js';

/** The first `bytes` of a file (fewer when it is shorter). */
export function readHead(file: string, bytes: number): Buffer {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (error) {
    throw cannotRead(file, error);
  }
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, fs.readSync(handle, buffer, 0, bytes, 0));
  } catch (error) {
    throw cannotRead(file, error);
  } finally {
    fs.closeSync(handle);
  }
}

/** Text rather than binary data (a workbook), by its first `bytes` (see `isText`). An empty file is text. */
export function isTextFile(file: string, bytes = 4096): boolean {
  return isText(readHead(file, bytes));
}

export function cannotRead(file: string, error: unknown): InputError {
  return new InputError({ file }, `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
}
