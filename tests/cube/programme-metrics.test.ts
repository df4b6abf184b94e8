import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { csvRows, publishedAscof } from '../support/programme-metrics.js';
import { type RunningApp, startApp } from '../support/server.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const ASCOF = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const TRAFFORD = sharedFile('ascof/trafford_admissions_care_homes_65p.csv');
const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');

describe('Cube views for programmes, indicators, ASCOF and plans', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const query = async (body: object) => {
    const { status, body: result } = await cubeLoad(app.url, signToken(SECRET), body);
    expect(status, JSON.stringify(result)).toBe(200);
    return result.data as Record<string, string>[];
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    const log = () => {};
    expect(await loadFiles(db.client, { source: 'pioneers', files: [PIONEERS] }, log)).toBe(0);
    expect(await loadFiles(db.client, { source: 'indicators', files: [TRAFFORD] }, log)).toBe(0);
    expect(await loadFiles(db.client, { source: 'ascof', files: [ASCOF] }, log)).toBe(0);
    expect(await loadFiles(db.client, { source: 'plans', files: [BCF] }, log)).toBe(0);
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('serves the programmes view: 25 pioneers in two waves, North Staffordshire part of Staffordshire', async () => {
    const waves = await query({
      measures: ['programmes.pioneers'],
      dimensions: ['programmes.wave'],
      order: { 'programmes.wave': 'asc' },
    });
    expect(waves.map((r) => Number(r['programmes.pioneers']))).toEqual([14, 11]);
    const members = await query({
      dimensions: ['programmes.council_code', 'programmes.coverage'],
      filters: [{ member: 'programmes.pioneer_name', operator: 'equals', values: ['North Staffordshire'] }],
      order: { 'programmes.council_code': 'asc' },
    });
    expect(members).toEqual([
      { 'programmes.council_code': 'E06000021', 'programmes.coverage': 'whole' },
      { 'programmes.council_code': 'E10000028', 'programmes.coverage': 'part' },
    ]);
  });

  it('serves ASCOF 2A2 and 2B1 for England as published (PROVENANCE.md: 498.2 and 79.1%)', async () => {
    const rows = await query({
      measures: ['ascof.value', 'ascof.numerator', 'ascof.denominator'],
      dimensions: ['ascof.measure_code'],
      timeDimensions: [{ dimension: 'ascof.period', granularity: 'year', dateRange: ['2020-04-01', '2021-03-31'] }],
      filters: [
        { member: 'ascof.area_code', operator: 'equals', values: ['E92000001'] },
        { member: 'ascof.measure_code', operator: 'equals', values: ['2A2', '2B1'] },
        { member: 'ascof.disaggregation', operator: 'equals', values: ['Total'] },
      ],
      order: { 'ascof.measure_code': 'asc' },
    });
    expect(
      rows.map((r) => [
        r['ascof.measure_code'],
        Number(r['ascof.value']),
        Number(r['ascof.numerator']),
        Number(r['ascof.denominator']),
      ]),
    ).toEqual([
      ['2A2', 498.2, publishedAscof(ASCOF, '2A2', 'Numerator'), publishedAscof(ASCOF, '2A2', 'Denominator')],
      ['2B1', 79.1, publishedAscof(ASCOF, '2B1', 'Numerator'), publishedAscof(ASCOF, '2B1', 'Denominator')],
    ]);
  });

  it("serves indicator values with the tidy file's England rate for 2019/20", async () => {
    const england = csvRows(TRAFFORD).find((r) => r.area_code === 'E92000001' && r.period === '2019/20')!;
    const rows = await query({
      measures: ['indicator_values.value'],
      dimensions: ['indicator_values.area_name', 'indicator_values.period_label'],
      timeDimensions: [{ dimension: 'indicator_values.period', dateRange: ['2019-04-01', '2019-04-01'] }],
      filters: [{ member: 'indicator_values.area_code', operator: 'equals', values: ['E92000001'] }],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!['indicator_values.period_label']).toBe('2019/20');
    expect(Number(rows[0]!['indicator_values.value'])).toBe(Number(england.value));
  });

  it("serves plans: Trafford's planned BCF 2023-24 reablement spend as in the file", async () => {
    const trafford = csvRows(BCF).find((r) => r.Code === 'E08000009')!;
    const rows = await query({
      measures: ['plans.planned_value'],
      dimensions: ['plans.metric_id'],
      filters: [
        { member: 'plans.area_code', operator: 'equals', values: ['E08000009'] },
        { member: 'plans.metric_id', operator: 'equals', values: ['bcf_planned_spend_reablement_at_home'] },
      ],
    });
    expect(Number(rows[0]!['plans.planned_value'])).toBeCloseTo(
      Number(trafford['Reablement in a persons own home']),
      6,
    );
  });
});
