import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { SHARED_SOURCES, sharedLoads, sharedRealFiles } from '../support/shared.js';

// The acceptance check "every file under ../shared/data/real loads", as one sweep. The published totals
// each file must reproduce are asserted in the tests of its source.
describe('every shared published file', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('is claimed by exactly one source (a new file in ../shared fails here until a source loads it)', () => {
    const claims = sharedRealFiles().map((name) => ({
      name,
      sources: SHARED_SOURCES.filter(
        ({ folder, pattern }) => path.dirname(name) === folder && pattern.test(path.basename(name)),
      ).map((s) => s.source),
    }));
    expect(claims.filter((claim) => claim.sources.length !== 1)).toEqual([]);
    expect(claims.length).toBeGreaterThanOrEqual(185);
  });

  it('loads, each file in its own transaction, with nothing rejected', async () => {
    for (const { source, files } of sharedLoads()) {
      const failures = await loadFiles(db.client, { source, files }, () => undefined);
      expect({ source, failures }).toEqual({ source, failures: 0 });
    }
    const { rows } = await db.client.query<{ file_name: string; row_count: number; rejected_count: number }>(
      'SELECT file_name, row_count, rejected_count FROM raw.loads ORDER BY load_id',
    );
    const loaded = new Set(rows.map((row) => row.file_name));
    expect(
      sharedRealFiles()
        .map((name) => path.basename(name))
        .filter((name) => !loaded.has(name)),
    ).toEqual([]);
    expect(rows.filter((row) => row.row_count === 0 || row.rejected_count > 0)).toEqual([]);
  }, 600_000);
});
