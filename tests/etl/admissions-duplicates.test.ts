import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { findColumns } from '../../etl/src/sources/admissions/columns.js';
import { RecordFilter } from '../../etl/src/sources/admissions/duplicates.js';
import { readGeography } from '../../etl/src/sources/admissions/geography.js';
import { admissions, findDuplicate, findDuplicateInFile } from '../../etl/src/sources/admissions/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { tempDir } from '../support/workbooks.js';

/** Distinct records shaped like an extract's lines (they differ in a few characters, as real ones do). */
function records(count: number, seed: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String(((i >> 5) % 12) + 1).padStart(2, '0');
    return `P${seed}${i.toString(36).toUpperCase()},2018-${month}-${day},2018-${month}-${day},21,19,${i % 100},${(i % 2) + 1},E10000032,,S72.0,W19,19`;
  });
}

describe('the duplicate filter', () => {
  it('flags every repeat of a record, wherever it comes', () => {
    const lines = records(20_000, 'A');
    const filter = new RecordFilter(lines.length);
    for (const [i, line] of lines.entries()) filter.add(line, `first ${i}`);
    filter.flush();
    const repeats = lines.filter((_, i) => i % 97 === 0);
    for (const [i, line] of repeats.entries()) filter.add(line, `repeat ${i}`);
    filter.flush();
    for (let i = 0; i < repeats.length; i++) expect(filter.candidates.has(`repeat ${i}`)).toBe(true);
  });

  it('rarely flags a record it has not seen (a million distinct records: at most a handful of candidates)', () => {
    const lines = records(1_000_000, 'B');
    const filter = new RecordFilter(lines.length);
    for (const [i, line] of lines.entries()) {
      filter.add(line, String(i));
      if (i % 10_000 === 0) filter.flush();
    }
    filter.flush();
    // Expected false positives for 48 bits a record and 8 bits in a 512-bit block: well under one.
    expect(filter.candidates.size).toBeLessThanOrEqual(3);
  });

  it('gives up holding candidates past its limit, and says so', () => {
    const filter = new RecordFilter(100, 2);
    for (let i = 0; i < 4; i++) filter.add('P1,2018-04-03,2018-04-10,21,19,82,2,E10000032,,S72.0,W19;I10,19', `P${i}`);
    filter.flush();
    expect(filter.candidates.size).toBe(2);
    expect(filter.overflowed).toBe(true);
  });
});

describe('duplicate records in the warehouse', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  async function episodes(loadId: number, rows: [line: number, person: string, admitted: string][]) {
    for (const [line, person, admitted] of rows) {
      await db.client.query(
        `INSERT INTO raw.admission_episodes (load_id, line_number, person_id, admission_date, admission_method, age, primary_diagnosis, council_code)
         VALUES ($1, $2, $3, $4, '21', 80, 'S72.0', 'E10000032')`,
        [loadId, line, person, admitted],
      );
    }
  }

  it('finds the first repeated record among the candidates, and checks the whole load in SQL when there were too many', async () => {
    await db.client.query('BEGIN');
    try {
      await episodes(-1, [
        [2, 'P1', '2018-04-03'],
        [3, 'P2', '2018-04-03'],
        [4, 'P1', '2018-04-04'],
        [5, 'P2', '2018-04-03'],
        [6, 'P1', '2018-04-03'],
      ]);
      // Another load's identical rows are not duplicates of this one's.
      await episodes(-2, [
        [2, 'P3', '2018-04-03'],
        [3, 'P3', '2018-04-03'],
      ]);
      const filter = new RecordFilter(10);
      expect(await findDuplicate(db.client, '-1', filter)).toBeNull();
      filter.candidates.add('P1');
      expect(await findDuplicate(db.client, '-1', filter)).toEqual({ line: 6, firstLine: 2 });
      filter.candidates.add('P2');
      expect(await findDuplicate(db.client, '-1', filter)).toEqual({ line: 5, firstLine: 3 });
      const overflowed = new RecordFilter(10);
      overflowed.overflowed = true;
      expect(await findDuplicate(db.client, '-1', overflowed)).toEqual({ line: 5, firstLine: 3 });
    } finally {
      await db.client.query('ROLLBACK');
    }
  });

  it('reaches the same verdict by reading the file again as by querying the copied rows (a dry run)', async () => {
    // Record A on lines 2, 4 and 7, B on lines 3 and 6. Checking candidates finds the earliest repeat (line 4
    // repeats 2); grouping the whole load finds the record whose last repeat comes first (B: line 6 repeats 3).
    const [a, b, c] = ['PA', 'PB', 'PC'];
    const persons = [a, b, a, c, b, a];
    const header = ['person_id', 'admission_date', 'admission_method', 'age', 'primary_diagnosis', 'council_code'];
    const file = path.join(tempDir(), 'repeats.csv');
    fs.writeFileSync(
      file,
      `${[header.join(','), ...persons.map((person) => `${person},2018-04-03,21,80,S72.0,E10000032`)].join('\n')}\n`,
    );
    const extract = { file, header, columns: findColumns(file, header), geography: await readGeography(db.client) };
    const candidates = new RecordFilter(10);
    candidates.candidates.add(a).add(b);
    const overflowed = new RecordFilter(10);
    overflowed.overflowed = true;
    expect(await findDuplicateInFile(extract, candidates, persons.length)).toEqual({ line: 4, firstLine: 2 });
    expect(await findDuplicateInFile(extract, overflowed, persons.length)).toEqual({ line: 6, firstLine: 3 });
    await db.client.query('BEGIN');
    try {
      await episodes(
        -3,
        persons.map((person, i) => [i + 2, person, '2018-04-03']),
      );
      expect(await findDuplicate(db.client, '-3', candidates)).toEqual({ line: 4, firstLine: 2 });
      expect(await findDuplicate(db.client, '-3', overflowed)).toEqual({ line: 6, firstLine: 3 });
    } finally {
      await db.client.query('ROLLBACK');
    }
  });

  it('records the content hash and size of a loaded file; a file of the same size and other content still loads', async () => {
    const dir = tempDir();
    const header =
      'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination';
    const first = path.join(dir, 'first.csv');
    const second = path.join(dir, 'second.csv');
    fs.writeFileSync(first, `${header}\nP1,2017-04-03,2017-04-10,21,19,82,2,E10000032,,S72.0,W19;I10,19\n`);
    // Another council (E06000043): the second file covers other cells and leaves the first current.
    fs.writeFileSync(second, `${header}\nP2,2017-04-03,2017-04-10,21,19,82,2,E06000043,,S72.0,W19;I10,19\n`);
    expect(fs.statSync(first).size).toBe(fs.statSync(second).size);

    const loaded = await loadFile(db.client, admissions, first);
    expect(loaded.outcome).toBe('loaded');
    const { rows } = await db.client.query(
      'SELECT file_sha256, file_bytes::int AS file_bytes FROM raw.loads WHERE load_id = $1',
      [loaded.loadId],
    );
    expect(rows[0]).toEqual({
      file_sha256: crypto.createHash('sha256').update(fs.readFileSync(first)).digest('hex'),
      file_bytes: fs.statSync(first).size,
    });

    expect((await loadFile(db.client, admissions, second)).outcome).toBe('loaded');
    const again = await loadFile(db.client, admissions, first);
    expect(again).toMatchObject({ outcome: 'already loaded', loadId: loaded.loadId });
  });
});
