import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { type RunningApp, startApp } from '../support/server.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const REASON_FILE = sharedFile('dtoc/DToC_Days_Reason_for_Delay_excl-2019-10.csv');
const ORG_FILE = sharedFile('dtoc/DToC_Days_Responsible_Organisation_excl-2019-10.csv');

type Record = { [column: string]: string };
const readCsv = (file: string) => parse(fs.readFileSync(file), { columns: true }) as Record[];

describe('delayed_transfers view over months only the collated CSVs cover', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
    const log: string[] = [];
    expect(
      await loadFiles(db.client, { source: 'dtoc', files: [REASON_FILE, ORG_FILE] }, (line) => log.push(line)),
      log.join('\n'),
    ).toBe(0);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const query = (dimension: string, measure: string) => ({
    measures: [`delayed_transfers.${measure}`],
    dimensions: [`delayed_transfers.${dimension}`],
    timeDimensions: [{ dimension: 'delayed_transfers.period', dateRange: ['2012-06-01', '2012-06-30'] }],
    filters: [
      { member: 'delayed_transfers.area_code', operator: 'equals', values: ['E92000001'] },
      { member: `delayed_transfers.${dimension}`, operator: 'set' },
    ],
  });

  it("gives England's June 2012 delayed days by reason and by responsible organisation as the collated files publish them", async () => {
    const reasonRow = readCsv(REASON_FILE).find((r) => r.Name === 'England' && r.Period === 'June 2012')!;
    const orgRow = readCsv(ORG_FILE).find((r) => r.Name === 'England' && r.Period_year === 'June 2012')!;

    const byReason = await cubeLoad(app.url, signToken(SECRET), query('reason', 'delayed_days_by_reason'));
    expect(byReason.status).toBe(200);
    const reason = Object.fromEntries(
      byReason.body.data.map((r: Record) => [
        r['delayed_transfers.reason'],
        Number(r['delayed_transfers.delayed_days_by_reason']),
      ]),
    );
    expect(Object.keys(reason)).toHaveLength(10);
    expect(reason['A) Completion of assessment']).toBe(Number(reasonRow['Awaiting completion of assessment']));
    expect(reason['H) Disputes']).toBe(Number(reasonRow.Disputes));

    const byOrg = await cubeLoad(
      app.url,
      signToken(SECRET),
      query('responsible_org', 'delayed_days_by_responsible_org'),
    );
    const org = Object.fromEntries(
      byOrg.body.data.map((r: Record) => [
        r['delayed_transfers.responsible_org'],
        Number(r['delayed_transfers.delayed_days_by_responsible_org']),
      ]),
    );
    expect(org).toEqual({
      NHS: Number(orgRow.NHS),
      'Social care': Number(orgRow['Social Care']),
      Both: Number(orgRow.Both),
    });

    const total = await cubeLoad(app.url, signToken(SECRET), {
      measures: ['delayed_transfers.delayed_days'],
      timeDimensions: [{ dimension: 'delayed_transfers.period', dateRange: ['2012-06-01', '2012-06-30'] }],
      filters: [{ member: 'delayed_transfers.area_code', operator: 'equals', values: ['E92000001'] }],
    });
    expect(Number(total.body.data[0]['delayed_transfers.delayed_days'])).toBe(
      Number(reasonRow['Total Delayed Transfers of Care']),
    );
  });
});
