import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDefinitions, readPolicyPeriods } from '../../etl/src/metrics/definitions.js';
import { tempDir } from '../support/workbooks.js';

// The definition files are data: each must be a valid definition, and a bad one is named with its field.

const DEFINITIONS = path.resolve(import.meta.dirname, '../../cube/metrics/definitions');
const EXAMPLE = fs.readFileSync(path.join(DEFINITIONS, 'delayed_days_per_100k.yml'), 'utf8');

/** A folder holding one definition file with this text, named as its id says. */
function folderWith(text: string, name = 'delayed_days_per_100k.yml'): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('metric definitions', () => {
  it('reads every definition file in cube/metrics/definitions, each named by its id', () => {
    const definitions = readDefinitions();
    const files = fs.readdirSync(DEFINITIONS).filter((name) => name.endsWith('.yml'));
    expect(definitions.map((definition) => `${definition.id}.yml`)).toEqual(files.sort());
  });

  it('names only policy periods that cube/metrics/policy-periods.yml lists', () => {
    const periods = Object.keys(readPolicyPeriods());
    for (const definition of readDefinitions())
      expect(periods).toEqual(expect.arrayContaining(definition.policy_periods));
  });

  it.each([
    {
      name: 'an unknown method',
      text: EXAMPLE.replace('method: crude_rate', 'method: average'),
      message:
        /delayed_days_per_100k\.yml: method: Invalid option: expected one of "crude_rate"\|"proportion"\|"dsr"\|"count"\|"published_value"/,
    },
    {
      name: 'a crude rate without a multiplier',
      text: EXAMPLE.replace('multiplier: 100000\n', ''),
      message: /delayed_days_per_100k\.yml: multiplier: a crude_rate needs a multiplier/,
    },
    {
      name: 'a field the schema does not know (a typo)',
      text: EXAMPLE.replace('polarity: low_is_good', 'polarity: low_is_good\npolarty: low_is_good'),
      message: /delayed_days_per_100k\.yml: \(top level\): Unrecognized key: "polarty"/,
    },
    {
      name: 'a policy period that is not in the list',
      text: EXAMPLE.replace('[bcf_2015_17, bcf_2017_20]', '[bcf_2019_99]'),
      message: /delayed_days_per_100k\.yml: policy_periods: unknown 'bcf_2019_99'/,
    },
    {
      name: 'YAML that does not parse',
      text: EXAMPLE.replace('grain: month', 'grain: [month'),
      message: /delayed_days_per_100k\.yml: unexpected end of the stream|delayed_days_per_100k\.yml: .*flow collection/,
    },
  ])('refuses $name, naming the file and the field', ({ text, message }) => {
    expect(() => readDefinitions(folderWith(text))).toThrow(message);
  });

  it('refuses a file whose name is not its id', () => {
    expect(() => readDefinitions(folderWith(EXAMPLE, 'delayed_days.yml'))).toThrow(
      /delayed_days\.yml: id 'delayed_days_per_100k' is not the file's name/,
    );
  });
});
