import path from 'node:path';

/** Where in an input file a problem was found. Every field is optional: a file-level problem has none. */
export interface InputLocation {
  file: string;
  sheet?: string;
  /** 1-based row number as a spreadsheet or text editor shows it. */
  row?: number;
  /** Column letter (workbooks) or header name (CSV). */
  column?: string;
  field?: string;
}

/** Bad input: the message names the file, sheet, row, column and the rule broken. */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly rule: string;

  constructor(location: InputLocation, rule: string) {
    super(`${formatLocation(location)}: ${rule}`);
    this.name = 'InputError';
    this.location = location;
    this.rule = rule;
  }
}

export function formatLocation({ file, sheet, row, column, field }: InputLocation): string {
  const parts = [path.basename(file)];
  if (sheet !== undefined) parts.push(`sheet '${sheet}'`);
  if (row !== undefined) parts.push(`row ${row}`);
  if (column !== undefined) parts.push(`column ${column}${field ? ` (${field})` : ''}`);
  else if (field) parts.push(`field ${field}`);
  return parts.join(', ');
}
