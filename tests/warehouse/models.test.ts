import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../warehouse/migrations/index.js';
import { migrate } from '../../warehouse/src/index.js';
import { BASELINE } from '../../warehouse/src/legacy.js';
import { buildModels, ModelError, readModels } from '../../warehouse/src/models.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { tempDir } from '../support/workbooks.js';

const relations = async (db: TestDatabase) => {
  const { rows } = await db.client.query<{ name: string; kind: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.relkind AS kind
     FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('raw', 'staging', 'marts') AND c.relkind IN ('r', 'v', 'm')
     ORDER BY 1`,
  );
  return rows;
};

describe('warehouse models', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates one view (or materialised view) per model file, in the schema of its folder', async () => {
    const files = ['staging', 'marts'].flatMap((schema) =>
      fs
        .readdirSync(path.resolve(import.meta.dirname, '../../warehouse/models', schema))
        .map((file) => `${schema}.${file.replace(/\.sql$/, '')}`),
    );
    const views = (await relations(db)).filter((r) => r.kind !== 'r');
    expect(views.map((v) => v.name).sort()).toEqual(files.sort());
    expect(views.filter((v) => v.kind === 'm').map((v) => v.name)).toEqual([
      'marts.dim_geography',
      'staging.ccg_council_shares',
    ]);
  });

  it('reads staging and other marts only, in marts', () => {
    for (const model of readModels().filter((m) => m.name.startsWith('marts.'))) {
      expect(model.sql, model.file).not.toMatch(/\braw\./);
    }
  });

  it('orders every model after the models it reads', () => {
    const models = readModels();
    const position = new Map(models.map((model, index) => [model.name, index]));
    expect(position.get('marts.areas')).toBeGreaterThan(position.get('marts.dim_geography')!);
    expect(position.get('marts.dim_geography')).toBeGreaterThan(position.get('staging.geography_names')!);
    expect(position.get('marts.admissions')).toBeGreaterThan(position.get('staging.ccg_council_shares')!);
    for (const model of models) {
      for (const dependency of model.dependsOn)
        expect(position.get(dependency)).toBeLessThan(position.get(model.name)!);
    }
  });

  it('rebuilds nothing when the models are those of the last build, and everything when one changed', async () => {
    expect(await buildModels(db.client)).toEqual({ built: false, models: readModels().length });
    const models = readModels().map((model) =>
      model.name === 'marts.population' ? { ...model, sql: `${model.sql}\n-- changed` } : model,
    );
    expect(await buildModels(db.client, { models })).toEqual({ built: true, models: models.length });
    expect(await buildModels(db.client)).toEqual({ built: true, models: models.length });
  });

  it('names the file and line of a model the database refuses, and leaves the views as they were', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'marts'));
    fs.writeFileSync(
      path.join(dir, 'marts', 'broken.sql'),
      '-- A model with a typo\nWITH estimates AS (\n  SELECT * FROM raw.population_estimates\n),\n\n' +
        'final AS (\n  SELECT area_code, peeple\n  FROM estimates\n)\n\nSELECT * FROM final\n',
    );
    const before = await relations(db);
    const error = await buildModels(db.client, { models: readModels(dir), force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/broken\.sql, line 7: column "peeple" does not exist/);
    expect(await relations(db)).toEqual(before);
  });

  it('refuses models that read each other in a cycle', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'marts'));
    fs.writeFileSync(path.join(dir, 'marts', 'a.sql'), 'SELECT * FROM marts.b\n');
    fs.writeFileSync(path.join(dir, 'marts', 'b.sql'), 'SELECT * FROM marts.a\n');
    expect(() => readModels(dir)).toThrow(/cycle: marts\.a → marts\.b → marts\.a/);
  });
});

describe('warehouse migrations', () => {
  it('refuse a warehouse part-way through the squashed migrations, saying what to run', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      await db.client.query(
        'CREATE TABLE public.knex_migrations (id serial, name text, batch int, migration_time timestamptz)',
      );
      await db.client.query(
        "INSERT INTO public.knex_migrations (name, batch, migration_time) VALUES ('20261123000100_create_lineage_and_reference', 1, now())",
      );
      await expect(migrate(db.knex)).rejects.toThrow(
        /stopped part-way through the migrations of an earlier Joined Up \(not run: 20261123000200_create_population_and_dtoc, [\s\S]*git checkout 8a52c1e/,
      );
    } finally {
      await db.drop();
    }
  });

  it('run latest, roll back all, and run latest again on an empty database', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const every = await migrationSource.getMigrations([]);
      expect(every[0]).toBe(BASELINE);
      const [, first] = (await db.knex.migrate.latest()) as [number, string[]];
      expect(first).toEqual(every);
      const tables = (await relations(db)).filter((r) => r.kind === 'r');
      expect(tables.length).toBeGreaterThan(30);
      await db.knex.migrate.rollback(undefined, true);
      expect(await relations(db)).toEqual([]);
      const [, again] = (await db.knex.migrate.latest()) as [number, string[]];
      expect(again).toEqual(every);
      expect((await relations(db)).filter((r) => r.kind === 'r')).toEqual(tables);
      const counts = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.dtoc_council_codes');
      expect(counts.rows[0]!.n).toBe(153);
    } finally {
      await db.drop();
    }
  });
});
