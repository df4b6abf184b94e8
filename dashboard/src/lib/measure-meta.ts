import type { Meta } from '@cubejs-client/core';
import * as z from 'zod/mini';

// The `meta` keys that cube/model gives a measure; see the members of cube/model/cubes/*.yml.
const measureMetaSchema = z.object({
  /** What one unit of the value is, written to follow the number: "per 100,000 population aged 18+". */
  unit: z.string().check(z.minLength(1)),
  /** Which direction of change is an improvement. */
  polarity: z.enum(['low_is_good', 'high_is_good', 'no_judgement']),
  /** For a rate: what the ratio is multiplied by (100000 for "per 100,000"). YAML gives it as a string. */
  multiplier: z.optional(z.coerce.number().check(z.positive())),
});

export type MeasureMeta = z.infer<typeof measureMetaSchema>;
export type Polarity = MeasureMeta['polarity'];

export class MeasureMetaError extends Error {
  override readonly name = 'MeasureMetaError';
}

export function readMeasureMeta(meta: Meta, member: string): MeasureMeta {
  const measure = meta.resolveMember(member, 'measures');
  if ('error' in measure) throw new MeasureMetaError(`${member}: ${measure.error}`);
  const parsed = measureMetaSchema.safeParse(measure.meta ?? {});
  if (!parsed.success) throw new MeasureMetaError(`${member} has no usable meta: ${parsed.error.message}`);
  return parsed.data;
}

const polarityStatements: Record<Polarity, string | null> = {
  low_is_good: 'Lower is better.',
  high_is_good: 'Higher is better.',
  no_judgement: null,
};

export function polarityStatement(polarity: Polarity): string | null {
  return polarityStatements[polarity];
}

/** "higher (worse)", "lower (better)", or plain "higher" where no direction is better. */
export function describeDifference(direction: 'higher' | 'lower', polarity: Polarity): string {
  if (polarity === 'no_judgement') return direction;
  const better = (direction === 'lower') === (polarity === 'low_is_good');
  return `${direction} (${better ? 'better' : 'worse'})`;
}
