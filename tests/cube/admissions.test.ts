import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { admissions } from '../../etl/src/sources/admissions/index.js';
import { mar } from '../../etl/src/sources/mar/index.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadCouncilLookups, marFile, publishedMar } from '../support/mar.js';
import { type RunningApp, startApp } from '../support/server.js';
import { textFile } from '../support/workbooks.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const JUNE_2019 = marFile('2019-06');

const admissionsJune2019 = (areaCodes: string[]) => ({
  measures: ['admissions.non_elective_admissions', 'admissions.elective_admissions'],
  dimensions: [
    'admissions.area_code',
    'admissions.area_name',
    'admissions.area_type',
    'admissions.org_code',
    'admissions.basis',
  ],
  timeDimensions: [{ dimension: 'admissions.period', granularity: 'month', dateRange: ['2019-06-01', '2019-06-30'] }],
  filters: [{ member: 'admissions.area_code', operator: 'equals', values: areaCodes }],
});

// Four episodes in West Sussex, June 2019: two emergencies aged 70+ (one a fall from a care home), one
// elective, one emergency aged 40; three discharged home, one died.
const EXTRACT = textFile(
  'extract.csv',
  `${[
    'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination',
    'A1,2019-06-02,2019-06-09,21,85,84,2,E10000032,,S72.0,W19,85',
    'A2,2019-06-03,2019-06-04,21,19,71,1,E10000032,,J44.1,,79',
    'A3,2019-06-05,2019-06-05,11,19,66,1,E10000032,,H25.9,,19',
    'A4,2019-06-07,2019-06-08,22,19,40,2,E10000032,,R07.4,,19',
  ].join('\n')}\n`,
);

describe('Cube admissions view', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCouncilLookups(db.client);
    for (const month of ['2019-05', '2019-06']) await loadFile(db.client, mar, marFile(month));
    await loadFile(db.client, admissions, EXTRACT);
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
    expect(body.data[0]).toMatchObject({
      'admissions.area_name': 'England',
      'admissions.area_type': 'england',
      'admissions.basis': 'published',
    });
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

  it('serves admission_outcomes derived from a record-level extract', async () => {
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), {
      measures: [
        'admission_outcomes.emergency_admissions',
        'admission_outcomes.elective_admissions',
        'admission_outcomes.emergency_admissions_from_care_homes',
        'admission_outcomes.emergency_admissions_falls_injury',
        'admission_outcomes.discharged_to_usual_residence_percent',
      ],
      dimensions: ['admission_outcomes.area_code', 'admission_outcomes.is_65_plus'],
      timeDimensions: [
        { dimension: 'admission_outcomes.period', granularity: 'month', dateRange: ['2019-06-01', '2019-06-30'] },
      ],
      order: { 'admission_outcomes.is_65_plus': 'desc' },
    });
    expect(status).toBe(200);
    const rows = body.data.map((r: Record<string, unknown>) => ({
      is65: r['admission_outcomes.is_65_plus'],
      emergency: Number(r['admission_outcomes.emergency_admissions']),
      elective: Number(r['admission_outcomes.elective_admissions']),
      careHomes: Number(r['admission_outcomes.emergency_admissions_from_care_homes']),
      falls: Number(r['admission_outcomes.emergency_admissions_falls_injury']),
      home: Number(r['admission_outcomes.discharged_to_usual_residence_percent']),
    }));
    // 65+: discharges alive are A1 (to a care home) and A3 (home): 50%. Under 65: A4 home: 100%.
    expect(rows).toEqual([
      { is65: true, emergency: 2, elective: 1, careHomes: 1, falls: 1, home: 50 },
      { is65: false, emergency: 1, elective: 0, careHomes: 0, falls: 0, home: 100 },
    ]);
  });
});
