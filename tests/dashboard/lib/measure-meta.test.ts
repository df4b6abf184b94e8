import { describe, expect, it } from 'vitest';
import {
  describeDifference,
  MeasureMetaError,
  polarityStatement,
  readMeasureMeta,
} from '../../../dashboard/src/lib/measure-meta';
import { metaWithMeasure } from '../support/cube-responses';

const RATE = 'delayed_transfers.delayed_days_per_100k';

describe('readMeasureMeta', () => {
  it("reads the unit, polarity and multiplier of a view's measure, the multiplier as a number", () => {
    const meta = metaWithMeasure(RATE, {
      unit: 'per 100,000 population aged 18+',
      multiplier: '100000',
      polarity: 'low_is_good',
      source: 'NHS England',
    });

    expect(readMeasureMeta(meta, RATE)).toEqual({
      unit: 'per 100,000 population aged 18+',
      polarity: 'low_is_good',
      multiplier: 100000,
    });
  });

  it('leaves the multiplier out for a measure that is not a rate', () => {
    const meta = metaWithMeasure('delayed_transfers.delayed_days', { unit: 'days', polarity: 'low_is_good' });

    expect(readMeasureMeta(meta, 'delayed_transfers.delayed_days')).toEqual({ unit: 'days', polarity: 'low_is_good' });
  });

  it('names the member when it is not in the model', () => {
    const meta = metaWithMeasure(RATE, { unit: 'days', polarity: 'low_is_good' });

    expect(() => readMeasureMeta(meta, 'delayed_transfers.delayed_days')).toThrow(
      /^delayed_transfers\.delayed_days: Path not found/,
    );
    expect(() => readMeasureMeta(meta, 'admissions.admissions')).toThrow(MeasureMetaError);
  });

  it('rejects a measure without meta, with an unknown polarity or with a multiplier that is not a number', () => {
    expect(() => readMeasureMeta(metaWithMeasure(RATE, undefined), RATE)).toThrow(MeasureMetaError);
    expect(() => readMeasureMeta(metaWithMeasure(RATE, { unit: 'days', polarity: 'lower_is_better' }), RATE)).toThrow(
      /polarity/,
    );
    expect(() =>
      readMeasureMeta(metaWithMeasure(RATE, { unit: 'days', polarity: 'low_is_good', multiplier: 'lots' }), RATE),
    ).toThrow(/multiplier/);
  });
});

describe('polarityStatement', () => {
  it('says which direction is better, and nothing where neither is', () => {
    expect(polarityStatement('low_is_good')).toBe('Lower is better.');
    expect(polarityStatement('high_is_good')).toBe('Higher is better.');
    expect(polarityStatement('no_judgement')).toBeNull();
  });
});

describe('describeDifference', () => {
  it.each([
    ['higher', 'low_is_good', 'higher (worse)'],
    ['lower', 'low_is_good', 'lower (better)'],
    ['higher', 'high_is_good', 'higher (better)'],
    ['lower', 'high_is_good', 'lower (worse)'],
    ['higher', 'no_judgement', 'higher'],
    ['lower', 'no_judgement', 'lower'],
  ] as const)('%s with %s reads "%s"', (direction, polarity, expected) => {
    expect(describeDifference(direction, polarity)).toBe(expected);
  });
});
