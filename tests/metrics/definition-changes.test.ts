import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinitions } from '../../etl/src/metrics/definitions.js';
import { refreshMetricsIfChanged } from '../../etl/src/metrics/refresh.js';
import { loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';

// A definition file removed takes its metric's rows and charts with it, and nothing else: not the members of a
// family (indicator:<id>), whose ids are not file names.

describe('metrics: a change to the definition files', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await loadAll([
      ['population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')],
      ['dtoc', sharedFile('dtoc/dtoc-la-2018-06.xls')],
      ['indicators', sharedFile('ascof/trafford_admissions_care_homes_65p.csv')],
    ]);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  const rows = async (table: string) => {
    const { rows } = await db.client.query<{ metric_id: string; n: number }>(
      `SELECT metric_id, count(*)::int AS n FROM ${table} GROUP BY 1 ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [row.metric_id, row.n]));
  };

  it('removes the rows of a removed metric, keeps the indicator family, and restores them when it is back', async () => {
    const before = { values: await rows('derived.metric_values'), spc: await rows('derived.metric_spc') };
    const indicators = Object.keys(before.values).filter((id) => id.startsWith('indicator:'));
    expect(indicators.length).toBeGreaterThan(0);
    expect(before.values.delayed_days_nhs_per_100k).toBeGreaterThan(0);
    expect(before.spc.delayed_days_nhs_per_100k).toBeGreaterThan(0);

    const without = readDefinitions().filter((definition) => definition.id !== 'delayed_days_nhs_per_100k');
    expect(await refreshMetricsIfChanged(db.client, () => {}, without)).not.toBeNull();
    const { delayed_days_nhs_per_100k: values, ...otherValues } = before.values;
    const { delayed_days_nhs_per_100k: charts, ...otherCharts } = before.spc;
    expect(await rows('derived.metric_values')).toEqual(otherValues);
    expect(await rows('derived.metric_spc')).toEqual(otherCharts);

    expect(await refreshMetricsIfChanged(db.client)).not.toBeNull();
    expect(await rows('derived.metric_values')).toEqual(before.values);
    expect(await rows('derived.metric_spc')).toEqual(before.spc);
    expect([values, charts].every((n) => n! > 0)).toBe(true);
  });
});
