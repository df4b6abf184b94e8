import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

interface Member {
  name: string;
  primary_key?: boolean;
  [key: string]: unknown;
}
interface CubeDefinition {
  name: string;
  public?: boolean;
  joins?: { name: string; relationship?: string }[];
  dimensions?: Member[];
  measures?: Member[];
}

const MODEL = path.join(REPO_ROOT, 'cube/model');
const read = (folder: string) =>
  fs
    .readdirSync(path.join(MODEL, folder))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => ({
      name,
      content: yaml.load(fs.readFileSync(path.join(MODEL, folder, name), 'utf8')) as Record<string, unknown>,
    }));

const cubes = read('cubes').flatMap(({ name, content }) =>
  (content.cubes as CubeDefinition[]).map((cube) => ({ file: name, cube })),
);
const views = read('views').flatMap(({ name, content }) =>
  (content.views as { name: string }[]).map((view) => ({ file: name, view })),
);
const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

describe('cube model', () => {
  it.each(cubes)('$cube.name is private, keyed first, joined with explicit relationships', ({ cube }) => {
    expect(cube.public).toBe(false);
    expect(cube.dimensions?.[0]?.primary_key).toBe(true);
    for (const join of cube.joins ?? []) expect(join.relationship).toMatch(/^(many_to_one|one_to_many|one_to_one)$/);
    for (const member of [...(cube.dimensions ?? []), ...(cube.measures ?? [])])
      expect(member.name).toMatch(SNAKE_CASE);
  });

  it('has one cube per file named after it, and views with snake_case names', () => {
    for (const { file, cube } of cubes) expect(file).toBe(`${cube.name}.yml`);
    for (const { file, view } of views) {
      expect(file).toBe(`${view.name}.yml`);
      expect(view.name).toMatch(SNAKE_CASE);
    }
  });

  it('uses only the YAML syntax Cube 1.x also accepts (snake_case keys, no JavaScript)', () => {
    const text = read('cubes')
      .concat(read('views'))
      .map(({ content }) => JSON.stringify(content))
      .join('\n');
    expect(text).not.toMatch(/"(sqlTable|primaryKey|joinPath|preAggregations|rollingWindow)"/);
    expect(text).not.toMatch(/\$\{/);
  });
});
