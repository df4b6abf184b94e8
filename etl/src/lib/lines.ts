import { readTextChunks } from './text.js';

export interface LineBatch {
  /** Lines without their line ending ('\n' or '\r\n'). */
  lines: string[];
  /** 1-based number of the first line in the batch. */
  firstLine: number;
  /** Bytes of the file read so far (for progress). */
  bytesRead: number;
  /** True for the last batch when the file does not end with a line break (a truncated file?). */
  unterminated: boolean;
}

/**
 * Reads a text file as batches of lines, one batch per chunk read: much cheaper than a callback per line
 * for multi-gigabyte extracts, and memory stays at a chunk whatever the file's size. Decoded as
 * `readTextChunks` decodes (UTF-8 or UTF-16 by the BOM, which is dropped; other encodings refused).
 */
export async function* readLineBatches(file: string, chunkSize = 1 << 20): AsyncGenerator<LineBatch> {
  let carry = '';
  let lineNumber = 1;
  let bytesRead = 0;
  for await (const chunk of readTextChunks(file, chunkSize)) {
    bytesRead = chunk.bytesRead;
    const text = carry + chunk.text;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(end + 1);
    const lines = text.slice(0, end).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    yield { lines, firstLine: lineNumber, bytesRead, unterminated: false };
    lineNumber += lines.length;
  }
  if (carry.length > 0) {
    yield { lines: [carry.replace(/\r$/, '')], firstLine: lineNumber, bytesRead, unterminated: true };
  }
}

/**
 * Splits one CSV line (RFC 4180 quoting; a quoted field may not span lines in these extracts).
 * Returns null for an unterminated quote.
 */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (true) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return null;
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** Quotes a value for CSV when it has to be. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
