import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';

/** Where the metric definitions live: one YAML file per metric, named by its id. */
export const METRICS_DIR = path.resolve(import.meta.dirname, '../../../cube/metrics');
const DEFINITIONS_DIR = path.join(METRICS_DIR, 'definitions');
const POLICY_PERIODS_FILE = path.join(METRICS_DIR, 'policy-periods.yml');

export const METHODS = ['crude_rate', 'proportion', 'dsr', 'count', 'published_value'] as const;
export const POLARITIES = ['high_is_good', 'low_is_good', 'no_judgement'] as const;
export const BENCHMARKS = ['confidence_intervals_95', 'confidence_intervals_998', 'none'] as const;
/** `as_published`: a published value's own periods (calendar years, three-year periods), not re-aggregated. */
export const GRAINS = ['month', 'quarter', 'financial_year', 'as_published'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const METRIC_ID = /^[a-z][a-z0-9_]*$/;

const definitionSchema = z
  .object({
    id: z.string().regex(METRIC_ID, 'lower-case letters, digits and _'),
    name: z.string().min(1),
    short_name: z.string().min(1),
    description: z.string().min(1),
    source: z.object({
      publisher: z.string().min(1),
      name: z.string().min(1),
      licence: z.string().min(1),
      url: z.string().url().optional(),
    }),
    method: z.enum(METHODS),
    multiplier: z.number().positive().optional(),
    unit: z.string().min(1),
    polarity: z.enum(POLARITIES),
    benchmark: z.enum(BENCHMARKS),
    grain: z.enum(GRAINS),
    valid_from: isoDate.nullable().default(null),
    valid_to: isoDate.nullable().default(null),
    codes: z
      .array(
        z.object({
          code: z.string().min(1),
          framework: z.string().min(1),
          from: isoDate.optional(),
          to: isoDate.optional(),
        }),
      )
      .default([]),
    policy_periods: z.array(z.string()).default([]),
    standard_population: z.enum(['esp2013']).optional(),
    small_numbers: z
      .object({ suppress_from: z.number().int().min(1), suppress_to: z.number().int().min(1) })
      .optional(),
    /**
     * How a month's figures make a quarter's or a financial year's: numerators add up; a denominator that is a
     * population is averaged over the months ('mean'), one that is a count of events adds up ('sum'). Absent,
     * the metric is given at its grain only.
     */
    aggregate: z.object({ denominator: z.enum(['mean', 'sum']) }).optional(),
    /**
     * A family of metrics from one query (every loaded indicator series): the query also gives `metric_key`,
     * `metric_name` and `metric_unit`, and each key is a metric `<id>:<metric_key>` with this definition otherwise.
     */
    family: z.boolean().default(false),
    /**
     * The base rows, one per area × period (× age band for a DSR), read from the models: columns area_code,
     * period_start, and numerator and denominator (and age_band for a DSR), or value and limits for a
     * published value; value_note where the publisher gives a reason for a missing figure.
     */
    query: z.string().min(1),
  })
  .strict()
  .superRefine((definition, context) => {
    const needsMultiplier = definition.method === 'crude_rate' || definition.method === 'dsr';
    if (needsMultiplier && definition.multiplier === undefined) {
      context.addIssue({ code: 'custom', path: ['multiplier'], message: `a ${definition.method} needs a multiplier` });
    }
    if (definition.method === 'dsr' && definition.standard_population === undefined) {
      context.addIssue({ code: 'custom', path: ['standard_population'], message: 'a dsr needs a standard population' });
    }
    if (definition.family && definition.method !== 'published_value') {
      context.addIssue({ code: 'custom', path: ['family'], message: 'only a published_value can be a family' });
    }
    if (definition.aggregate !== undefined && definition.method === 'published_value') {
      context.addIssue({ code: 'custom', path: ['aggregate'], message: 'a published value cannot be re-aggregated' });
    }
  });

export type MetricDefinition = z.infer<typeof definitionSchema> & {
  /** The file it was read from, relative to the repository root. */
  file: string;
};

const policyPeriodSchema = z.record(
  z.string().regex(METRIC_ID),
  z.object({ name: z.string().min(1), from: isoDate, to: isoDate.nullable() }).strict(),
);
export type PolicyPeriods = z.infer<typeof policyPeriodSchema>;

/** A definition file that is not a valid definition: the file and the field named. */
export class DefinitionError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'DefinitionError';
  }
}

const relative = (file: string) => path.relative(path.resolve(METRICS_DIR, '../..'), file);

function readYaml(file: string): unknown {
  try {
    // The core schema reads 2020-04-01 as text, as the definitions mean it, not as a JavaScript Date.
    return yaml.load(fs.readFileSync(file, 'utf8'), { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new DefinitionError(relative(file), (error as Error).message.split('\n')[0]!);
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
}

/** The Better Care Fund policy periods (cube/metrics/policy-periods.yml) a definition may name. */
export function readPolicyPeriods(file = POLICY_PERIODS_FILE): PolicyPeriods {
  const parsed = policyPeriodSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new DefinitionError(relative(file), issues(parsed.error));
  return parsed.data;
}

/** Every metric definition, sorted by id; a bad file is a DefinitionError naming it and its fields. */
export function readDefinitions(dir = DEFINITIONS_DIR, policyPeriods = readPolicyPeriods()): MetricDefinition[] {
  const definitions = fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const parsed = definitionSchema.safeParse(readYaml(file));
      if (!parsed.success) throw new DefinitionError(relative(file), issues(parsed.error));
      const definition = { ...parsed.data, file: relative(file) };
      if (name.replace(/\.ya?ml$/, '') !== definition.id) {
        throw new DefinitionError(definition.file, `id '${definition.id}' is not the file's name`);
      }
      const unknown = definition.policy_periods.filter((period) => !(period in policyPeriods));
      if (unknown.length > 0) {
        throw new DefinitionError(
          definition.file,
          `policy_periods: unknown ${unknown.map((p) => `'${p}'`).join(', ')} (known: ${Object.keys(policyPeriods).join(', ')})`,
        );
      }
      return definition;
    });
  return definitions;
}

/** The multiplier a figure is shown on: a proportion as a percentage unless the definition says otherwise. */
export function multiplierOf(definition: Pick<MetricDefinition, 'method' | 'multiplier'>): number {
  return definition.multiplier ?? (definition.method === 'proportion' ? 100 : 1);
}

/** The definition of a metric id: its own file, or its family's (`indicator:<id>` is a member of `indicator`). */
export function definitionFor(
  definitions: readonly MetricDefinition[],
  metricId: string,
): MetricDefinition | undefined {
  const definition = definitions.find(
    (candidate) => candidate.id === metricId || (candidate.family && metricId.startsWith(`${candidate.id}:`)),
  );
  return definition === undefined ? undefined : { ...definition, id: metricId };
}
