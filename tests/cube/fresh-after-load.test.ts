import fs from 'node:fs';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_DIR } from '../../cube/server/cube.js';
import { modelRepository } from '../../cube/server/model-repository.js';
import { etl } from '../support/cli.js';
import { signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { csvRows } from '../support/programme-metrics.js';
import { type RunningApp, startApp } from '../support/server.js';
import { textFile } from '../support/workbooks.js';

// The API never serves what a load replaced: the first /load after a load, a revision or a revert commits answers
// with the new figures, with no wait and no renewQuery (Cube 0.32 alone kept the old ones for up to 10 seconds).

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const TRAFFORD = 'E08000009';
const REABLEMENT = 'Reablement in a persons own home';
const RAISE = 10_000;

/** The BCF file as the Health Foundation might revise it: Trafford's reablement plan and the Total £10,000 higher. */
function revisedBcf(): string {
  const published = csvRows(BCF);
  const lines = fs.readFileSync(BCF, 'utf8').split('\n');
  const edit = (code: string) => {
    const value = published.find((row) => row.Code === code)![REABLEMENT]!;
    const index = lines.findIndex((line) => line.startsWith(`${code},`));
    expect(lines[index]!.split(',').filter((field) => field === value)).toHaveLength(1);
    lines[index] = lines[index]!.replace(`,${value},`, `,${Number(value) + RAISE},`);
  };
  edit(TRAFFORD);
  edit('Total');
  // Same name: the source reads the year from it.
  return textFile('hf_bcf_intermediate_care_by_la_2023-24.csv', lines.join('\n'));
}

const planned = (areaCode: string) => ({
  measures: ['plans.planned_value'],
  filters: [
    { member: 'plans.metric_id', operator: 'equals', values: ['bcf_planned_spend_reablement_at_home'] },
    { member: 'plans.area_code', operator: 'equals', values: [areaCode] },
  ],
});

const loadIdIn = (output: string) => /as load (\d+)/.exec(output)?.[1];

describe('refresh keys', () => {
  /** The cubes as Cube reads them (cube/server/model-repository.ts completes the files on disk). */
  async function servedCubes() {
    const files = await modelRepository(MODEL_DIR).dataSchemaFiles();
    return files.flatMap(
      (file) =>
        (yaml.load(file.content) as { cubes?: { name: string; refresh_key?: { sql?: string; every?: string } }[] })
          .cubes ?? [],
    );
  }

  it('tie every cube to the loads, their reverts, the model builds and the metrics computations, checked every second at most', async () => {
    const cubes = await servedCubes();
    expect(cubes.length).toBeGreaterThan(12);
    const untied = cubes.filter(
      ({ refresh_key: key }) =>
        !/max\(load_id\).*count\(\*\).*count\(reverted_at\).*warehouse_model_builds.*derived\.metric_refreshes.*FROM raw\.loads/s.test(
          key?.sql ?? '',
        ) || key?.every !== '1 second',
    );
    expect(untied.map((cube) => cube.name)).toEqual([]);
  });

  it('are one key, word for word, in every cube', async () => {
    const keys = new Set((await servedCubes()).map((cube) => JSON.stringify(cube.refresh_key)));
    expect(keys.size).toBe(1);
  });
});

describe('the API after a load, a revision and a revert', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const token = signToken(SECRET);

  /** One GET /cubejs-api/v1/load, as a client sends it: no polling, no renewQuery. */
  const firstAnswer = async (query: object): Promise<number> => {
    const url = `${app.url}/cubejs-api/v1/load?query=${encodeURIComponent(JSON.stringify(query))}`;
    const response = await fetch(url, { headers: { Authorization: token } });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.data, JSON.stringify(body)).toHaveLength(1);
    return Number(body.data[0]['plans.planned_value']);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await app?.stop();
    await db?.drop();
  });

  it('answers the first request after each commit with the figures just committed', async () => {
    const published = Number(csvRows(BCF).find((row) => row.Code === TRAFFORD)![REABLEMENT]);
    const publishedTotal = Number(csvRows(BCF).find((row) => row.Code === 'Total')![REABLEMENT]);

    // A first load into an empty source: the answer was "no rows", cached.
    const empty = await fetch(
      `${app.url}/cubejs-api/v1/load?query=${encodeURIComponent(JSON.stringify(planned(TRAFFORD)))}`,
      { headers: { Authorization: token } },
    ).then((response) => response.json());
    expect(empty.data).toEqual([{ 'plans.planned_value': null }]);
    const original = await etl('load', 'plans', BCF);
    expect(original.exitCode, original.err).toBe(0);
    expect(await firstAnswer(planned(TRAFFORD))).toBe(published);
    // Asked twice, so that Cube has both the answer and the state of the loads cached.
    expect(await firstAnswer(planned(TRAFFORD))).toBe(published);
    expect(await firstAnswer(planned('E92000001'))).toBeCloseTo(publishedTotal, 6);

    const revision = await etl('load', 'plans', revisedBcf());
    expect(revision.exitCode, revision.err).toBe(0);
    expect(revision.out).toMatch(new RegExp(`replacing load ${loadIdIn(original.out)} \\(revision\\)`));
    expect(await firstAnswer(planned(TRAFFORD))).toBe(published + RAISE);
    expect(await firstAnswer(planned('E92000001'))).toBeCloseTo(publishedTotal + RAISE, 6);

    const reverted = await etl('revert', loadIdIn(revision.out)!);
    expect(reverted.exitCode, reverted.err).toBe(0);
    expect(await firstAnswer(planned(TRAFFORD))).toBe(published);
    expect(await firstAnswer(planned('E92000001'))).toBeCloseTo(publishedTotal, 6);

    // Loading the revised file again restores its edition; the next answer is the revised one again.
    const again = await etl('load', 'plans', revisedBcf());
    expect(again.exitCode, again.err).toBe(0);
    expect(await firstAnswer(planned(TRAFFORD))).toBe(published + RAISE);
  });

  it('logged no Cube errors', () => {
    expect(app.output()).not.toMatch(/^cube: /m);
  });
});
