import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from './errors.js';

/**
 * The encodings a text file is read in: UTF-8 (with or without a BOM) and UTF-16 with a BOM (Excel's
 * "Unicode Text"). Anything else that is not valid UTF-8 (Windows-1252, Latin-1) is refused rather than
 * guessed: a wrong guess would load wrong letters into names without any sign of it.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);
const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

export const NOT_TEXT =
  'not a CSV text file (it holds binary data: a workbook? save it as CSV, or use the source that reads workbooks)';

export const NOT_UTF8 =
  'the file is not UTF-8 (it looks like Windows-1252/Latin-1): save it as UTF-8 (CSV UTF-8 in Excel) and load it again';

/** The encoding a file's first bytes declare, and the length of its byte order mark. */
export function textEncoding(head: Buffer): { encoding: TextEncoding; bom: number } {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { encoding: 'utf-8', bom: 3 };
  if (head.subarray(0, 2).equals(UTF16LE_BOM)) return { encoding: 'utf-16le', bom: 2 };
  if (head.subarray(0, 2).equals(UTF16BE_BOM)) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * Text rather than binary data (a workbook, whose first bytes hold NULs): a UTF-16 BOM, or no NUL byte in the
 * first line of `head`. A NUL further on is a damaged record, for the reader of records to name.
 */
export function isText(head: Buffer): boolean {
  if (textEncoding(head).encoding !== 'utf-8') return true;
  const lineEnd = head.indexOf(0x0a);
  return !head.subarray(0, lineEnd < 0 ? head.length : lineEnd).includes(0);
}

/** The start of a file as text (for sniffing a header): BOM dropped, a character cut at the end dropped. */
export function decodeHead(head: Buffer): string {
  const { encoding, bom } = textEncoding(head);
  return new TextDecoder(encoding).decode(head.subarray(bom), { stream: true });
}

interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

function decoderFor(encoding: TextEncoding): Decoder {
  if (encoding !== 'utf-16be') return new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  const decoder = new TextDecoder('utf-16be');
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}

export interface TextChunk {
  text: string;
  /** Bytes of the file read so far (for progress). */
  bytesRead: number;
}

/**
 * A text file decoded chunk by chunk, its BOM dropped; binary data (a workbook) is refused. The encoding is read
 * once from the first bytes; bytes that are not UTF-8 fail the file with an InputError naming their line. The check
 * is one search per chunk: StringDecoder turns each invalid sequence into U+FFFD, and U+FFFD's own bytes in the
 * file tell a real one from a decoding error.
 */
export async function* readTextChunks(file: string, chunkSize = 1 << 20): AsyncGenerator<TextChunk> {
  let decoder: Decoder | undefined;
  let checkUtf8 = false;
  let bytesRead = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: chunkSize }) as AsyncIterable<Buffer>) {
    let bytes = chunk;
    if (!decoder) {
      if (!isText(chunk.subarray(0, 4096))) throw new InputError({ file }, NOT_TEXT);
      const { encoding, bom } = textEncoding(chunk);
      decoder = decoderFor(encoding);
      checkUtf8 = encoding === 'utf-8';
      bytes = chunk.subarray(bom);
    }
    const text = decoder.write(bytes);
    if (checkUtf8) checkDecoded(file, text, bytes, bytesRead);
    bytesRead += chunk.length;
    yield { text, bytesRead };
  }
  const rest = decoder?.end() ?? '';
  if (checkUtf8 && rest.includes(REPLACEMENT)) throw notUtf8(file, bytesRead, rest, rest.indexOf(REPLACEMENT));
  if (rest.length > 0) yield { text: rest, bytesRead };
}

function checkDecoded(file: string, text: string, bytes: Buffer, chunkStart: number): void {
  const at = text.indexOf(REPLACEMENT);
  if (at < 0 || occurrences(text, REPLACEMENT) <= bytesOccurrences(bytes, REPLACEMENT_BYTES)) return;
  throw notUtf8(file, chunkStart, text, at);
}

function notUtf8(file: string, chunkStart: number, text: string, at: number): InputError {
  const row = linesBefore(file, chunkStart) + occurrences(text.slice(0, at), '\n') + 1;
  return new InputError({ file, row }, NOT_UTF8);
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

function bytesOccurrences(bytes: Buffer, part: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(part); i >= 0; i = bytes.indexOf(part, i + part.length)) count++;
  return count;
}

/** Line breaks in the file's first `end` bytes (only when reporting an error: the good path never counts). */
function linesBefore(file: string, end: number): number {
  const handle = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    for (let position = 0; position < end; ) {
      const read = fs.readSync(handle, buffer, 0, Math.min(buffer.length, end - position), position);
      if (read === 0) break;
      lines += bytesOccurrences(buffer.subarray(0, read), Buffer.from('\n'));
      position += read;
    }
    return lines;
  } finally {
    fs.closeSync(handle);
  }
}

/** Whether a text file's last character is a line break (a file cut short by a failed download ends mid-line). */
export async function endsWithLineBreak(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(3);
    await handle.read(head, 0, 3, 0);
    const { encoding } = textEncoding(head);
    const last = Buffer.alloc(encoding === 'utf-8' ? 1 : 2);
    await handle.read(last, 0, last.length, Math.max(0, size - last.length));
    const code = encoding === 'utf-8' ? last[0] : encoding === 'utf-16le' ? last.readUInt16LE() : last.readUInt16BE();
    return code === 0x0a || code === 0x0d;
  } finally {
    await handle.close();
  }
}
