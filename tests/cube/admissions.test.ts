import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { mar } from '../../etl/src/sources/mar/index.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';
import { loadCouncilLookups, marFile, publishedMar } from '../support/mar.js';
import { type RunningApp, startApp } from '../support/server.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const JUNE_2019 = marFile('2019-06');

const admissionsJune2019 = (areaCodes: string[]) => ({
  measures: ['admissions.non_elective_admissions', 'admissions.elective_admissions'],
  dimensions: ['admissions.area_code', 'admissions.area_name', 'admissions.area_type', 'admissions.org_code', 'admissions.basis'],
  timeDimensions: [{ dimension: 'admissions.period', granularity: 'month', dateRange: ['2019-06-01', '2019-06-30'] }],
  filters: [{ member: 'admissions.area_code', operator: 'equals', values: areaCodes }],
});

describe('Cube admissions view', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCouncilLookups(db.client);
    for (const month of ['2019-05', '2019-06']) await loadFile(db.client, mar, marFile(month));
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('gives England (E92000001) as the published England row', async () => {
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), admissionsJune2019(['E92000001']));
    expect(status).toBe(200);
    const { england } = publishedMar(JUNE_2019);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ 'admissions.area_name': 'England', 'admissions.area_type': 'england', 'admissions.basis': 'published' });
    expect(Number(body.data[0]['admissions.non_elective_admissions'])).toBe(england.nonElective);
    expect(Number(body.data[0]['admissions.elective_admissions'])).toBe(england.elective);
  });

  it("gives a CCG's published figures by its ONS code, with its NHS code", async () => {
    const { body } = await cubeLoad(app.url, signToken(SECRET), admissionsJune2019(['E38000004']));
    const barking = publishedMar(JUNE_2019).commissioners.find((row) => row.orgCode === '07L')!;
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ 'admissions.org_code': '07L', 'admissions.area_type': 'ccg' });
    expect(Number(body.data[0]['admissions.non_elective_admissions'])).toBe(barking.nonElective);
  });

  it('gives councils as estimates apportioned from CCGs', async () => {
    const { body } = await cubeLoad(app.url, signToken(SECRET), admissionsJune2019(['E09000002']));
    expect(body.data).toHaveLength(1);
    expect(body.data[0]['admissions.basis']).toBe('apportioned from CCGs');
    expect(Number(body.data[0]['admissions.non_elective_admissions'])).toBeGreaterThan(0);
  });
});
