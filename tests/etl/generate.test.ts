import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../etl/src/commands/generate.js';
import { loadFile } from '../../etl/src/load.js';
import { admissions } from '../../etl/src/sources/admissions/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { tempDir } from '../support/workbooks.js';

const TORBAY = 'E06000027';
const SUTTON = 'E09000029';
const LEEDS = 'E08000035';
const KENT = 'E10000016';
const START = '2016-04-01';
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('etl generate', () => {
  it('writes the same extract for the same seed, and another for another seed', async () => {
    const dir = tempDir();
    const options = { rows: 2000, from: '2018-01', to: '2018-12' };
    const a = await runGenerate({ ...options, seed: 1, out: path.join(dir, 'a.csv') }, () => {});
    const b = await runGenerate({ ...options, seed: 1, out: path.join(dir, 'b.csv') }, () => {});
    const c = await runGenerate({ ...options, seed: 2, out: path.join(dir, 'c.csv') }, () => {});
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
    expect(fs.readFileSync(a, 'utf8').trim().split('\n')).toHaveLength(2001);
  });

  it('refuses bad options with a clear message', async () => {
    await expect(runGenerate({ rows: -5, seed: 1, from: '2018-01', to: '2018-12' }, () => {})).rejects.toThrow(
      /--rows must be a positive whole number/,
    );
    await expect(runGenerate({ rows: 5, seed: 1, from: '2018-13', to: '2018-12' }, () => {})).rejects.toThrow(
      /--from must be a month/,
    );
    await expect(
      runGenerate(
        { rows: 5, seed: 1, from: '2018-01', to: '2018-12', councils: 'E99999999', out: path.join(tempDir(), 'x.csv') },
        () => {},
      ),
    ).rejects.toThrow(/none of the councils E99999999/);
  });

  describe('the outcome shifts the README documents, measured in the loaded warehouse', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      const file = await runGenerate(
        {
          rows: 1_500_000,
          seed: 2013,
          from: '2014-04',
          to: '2019-03',
          councils: [TORBAY, SUTTON, LEEDS, KENT].join(','),
          out: path.join(tempDir(), 'shifts.csv'),
        },
        () => {},
      );
      await loadFile(db.client, admissions, file);
    }, 240_000);
    afterAll(() => db.drop());

    /**
     * The area's after/before ratio of monthly means, over Kent's (no shift) — seasonality, ageing and the
     * rest cancel and the shift is left: a 23% fall gives 0.77.
     */
    async function relativeChange(area: string, measure: string, where = 'TRUE'): Promise<number> {
      const { rows } = await db.client.query<{ area_code: string; after: number; before: number }>(
        `SELECT area_code,
                sum(${measure}) FILTER (WHERE period_month >= $1)::float / count(DISTINCT period_month) FILTER (WHERE period_month >= $1) AS after,
                sum(${measure}) FILTER (WHERE period_month < $1)::float / count(DISTINCT period_month) FILTER (WHERE period_month < $1) AS before
         FROM marts.admission_outcomes
         WHERE area_code IN ($2, $3) AND period_month BETWEEN '2014-04-01' AND '2019-03-01' AND ${where}
         GROUP BY area_code`,
        [START, area, KENT],
      );
      const ratio = (code: string) => {
        const row = rows.find((r) => r.area_code === code)!;
        return row.after / row.before;
      };
      return ratio(area) / ratio(KENT);
    }

    it('Torbay: non-elective admissions of people 65+ fall 23% after the start date', async () => {
      expect(await relativeChange(TORBAY, 'emergency_admissions', 'is_65_plus')).toBeCloseTo(0.77, 1);
      // and not for younger people
      expect(await relativeChange(TORBAY, 'emergency_admissions', 'NOT is_65_plus')).toBeCloseTo(1, 1);
    });

    it('Sutton: emergency admissions from care homes fall 13%', async () => {
      const change = await relativeChange(SUTTON, 'emergency_admissions_from_care_homes');
      expect(change).toBeGreaterThan(0.87 - 0.08);
      expect(change).toBeLessThan(0.87 + 0.08);
      expect(await relativeChange(SUTTON, 'elective_admissions')).toBeCloseTo(1, 1);
    });

    it('Leeds: permanent care-home admissions (discharges to a care home from elsewhere) fall 20%', async () => {
      expect(await relativeChange(LEEDS, 'discharges_to_care_home_from_elsewhere')).toBeCloseTo(0.8, 1);
      expect(await relativeChange(LEEDS, 'emergency_admissions')).toBeCloseTo(1, 1);
    });
  });
});
