import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

export const MODELS_DIR = path.resolve(import.meta.dirname, '../models');

/** Schemas whose views and materialised views are all models: a build drops every one of them first. */
const MODEL_SCHEMAS = ['staging', 'marts'] as const;

export interface Model {
  /** Qualified name, from the file's folder and name: models/marts/areas.sql is marts.areas. */
  name: string;
  /** Path from the repository root, for messages. */
  file: string;
  sql: string;
  materialized: boolean;
  /** Column lists of the indexes of a materialised view, e.g. 'UNIQUE (area_code)'. */
  indexes: string[];
  /** Models this one selects from. */
  dependsOn: string[];
}

/** A model that PostgreSQL refused, with its file, the line of the error and the database's message. */
export class ModelError extends Error {
  constructor(
    readonly model: Model,
    readonly line: number | undefined,
    readonly databaseMessage: string,
  ) {
    super(`${model.file}${line === undefined ? '' : `, line ${line}`}: ${databaseMessage} (model ${model.name})`);
    this.name = 'ModelError';
  }
}

/** Every model file in dependency order (a model after the models it reads). */
export function readModels(dir: string = MODELS_DIR): Model[] {
  const files = MODEL_SCHEMAS.flatMap((schema) => {
    const folder = path.join(dir, schema);
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => ({ schema, name: name.replace(/\.sql$/, ''), file: path.join(folder, name) }));
  });
  const names = new Set(files.map((f) => `${f.schema}.${f.name}`));
  const models = files.map(({ schema, name, file }) => parseModel(`${schema}.${name}`, file, names));
  return inDependencyOrder(models);
}

/**
 * Config comments at the top of a model, before its SQL: `-- materialized: true` and one `-- index: …` per index.
 * Kept as comments so that the file stays plain SQL for editors and linters.
 */
function parseModel(name: string, file: string, modelNames: Set<string>): Model {
  const sql = fs.readFileSync(file, 'utf8').trimEnd();
  const relative = path.relative(path.resolve(MODELS_DIR, '../..'), file);
  let materialized = false;
  const indexes: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    const config = /^--\s*(materialized|index):\s*(.+)$/.exec(line);
    if (config?.[1] === 'materialized') materialized = config[2]!.trim() === 'true';
    else if (config?.[1] === 'index') indexes.push(config[2]!.trim());
  }
  if (indexes.length > 0 && !materialized) {
    throw new Error(`${relative}: only a materialised model can have indexes (add '-- materialized: true')`);
  }
  const withoutComments = sql.replace(/--.*$/gm, '');
  const dependsOn = [...new Set(withoutComments.match(/\b(?:staging|marts)\.[a-z_0-9]+\b/g) ?? [])].filter(
    (other) => other !== name && modelNames.has(other),
  );
  return { name, file: relative, sql, materialized, indexes, dependsOn };
}

function inDependencyOrder(models: Model[]): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]) => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') {
      throw new Error(`models depend on each other in a cycle: ${[...path, model.name].join(' → ')}`);
    }
    state.set(model.name, 'visiting');
    for (const dependency of model.dependsOn) visit(byName.get(dependency)!, [...path, model.name]);
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

/** One checksum over every model's name and text: a build is needed when it differs from the last build's. */
export function modelsChecksum(models: Model[]): string {
  const hash = crypto.createHash('sha256');
  for (const model of models) hash.update(`${model.name}\0${model.sql}\0`);
  return hash.digest('hex');
}

export interface BuildResult {
  built: boolean;
  models: number;
}

/**
 * Rebuilds every model in one transaction, like dbt's `run`: drops each view and materialised view in the model
 * schemas, then creates the models in dependency order. Skipped when the models are those of the last build (so
 * that a CLI run does not take locks that wait for another process's load); `force` builds regardless.
 * Another process building at the same moment waits for this one and then finds nothing to do.
 */
export async function buildModels(
  client: pg.ClientBase,
  options: { force?: boolean; models?: Model[] } = {},
): Promise<BuildResult> {
  const models = options.models ?? readModels();
  const checksum = modelsChecksum(models);
  await client.query(`CREATE TABLE IF NOT EXISTS public.warehouse_model_builds (
    checksum text NOT NULL,
    model_count integer NOT NULL,
    built_at timestamptz NOT NULL DEFAULT now()
  )`);
  const isCurrent = async () => {
    if (options.force) return false;
    const { rows } = await client.query(
      'SELECT checksum FROM public.warehouse_model_builds ORDER BY built_at DESC LIMIT 1',
    );
    return rows[0]?.checksum === checksum && (await allExist(client, models));
  };
  if (await isCurrent()) return { built: false, models: models.length };

  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('joined-up:build-models'))");
    if (await isCurrent()) {
      await client.query('ROLLBACK');
      return { built: false, models: models.length };
    }
    await dropModelViews(client);
    for (const model of models) await createModel(client, model);
    await client.query('DELETE FROM public.warehouse_model_builds');
    await client.query('INSERT INTO public.warehouse_model_builds (checksum, model_count) VALUES ($1, $2)', [
      checksum,
      models.length,
    ]);
    await client.query('COMMIT');
    return { built: true, models: models.length };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function allExist(client: pg.ClientBase, models: Model[]): Promise<boolean> {
  const { rows } = await client.query<{ missing: number }>(
    'SELECT count(*)::int AS missing FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL',
    [models.map((model) => model.name)],
  );
  return rows[0]!.missing === 0;
}

/** Drops every view and materialised view in the model schemas (none outside them is a model). */
export async function dropModelViews(client: pg.ClientBase) {
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind AS kind
     FROM pg_class AS c
     JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = ANY($1) AND c.relkind IN ('v', 'm')`,
    [MODEL_SCHEMAS],
  );
  for (const { name, kind } of rows) {
    await client.query(`DROP ${kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW'} IF EXISTS ${name} CASCADE`);
  }
}

async function createModel(client: pg.ClientBase, model: Model) {
  const prefix = `CREATE ${model.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${model.name} AS\n`;
  try {
    await client.query(prefix + model.sql);
    for (const index of model.indexes) {
      const unique = /^UNIQUE\s+/i.test(index);
      await client.query(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ON ${model.name} ${index.replace(/^UNIQUE\s+/i, '')}`);
    }
  } catch (error) {
    const { message, position } = error as { message: string; position?: string };
    // The error's position counts characters of the statement sent, which starts with the CREATE line.
    const offset = position === undefined ? undefined : Number(position) - 1 - prefix.length;
    const line = offset === undefined || offset < 0 ? undefined : model.sql.slice(0, offset).split('\n').length;
    throw new ModelError(model, line, message);
  }
}

/** The materialised models, for loads that change what they are built from and refresh them. */
export function materializedModels(models: Model[] = readModels()): string[] {
  return models.filter((model) => model.materialized).map((model) => model.name);
}
