import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../etl/src/lib/workbook.js';
import { parsePopulationWorkbook } from '../../etl/src/sources/population/parse.js';
import { sharedFile } from '../support/paths.js';

// England, all ages, as published by ONS (PROVENANCE.md of the shared data).
const EDITIONS = [
  { file: 'ukmidyearestimates20182019ladcodes.xls', midYear: 2018, england: 55_977_178 },
  { file: 'ukmidyearestimates20192020ladcodes.xls', midYear: 2019, england: 56_286_961 },
];

describe('parsePopulationWorkbook', () => {
  it.each(EDITIONS)('reads mid-$midYear with the published England total', ({ file, midYear, england }) => {
    const workbook = parsePopulationWorkbook(readWorkbook(sharedFile('population', file)));
    expect(workbook.midYear).toBe(midYear);
    const englandPersons = workbook.rows.filter((row) => row.areaCode === 'E92000001' && row.sex === 'persons');
    expect(englandPersons).toHaveLength(91);
    expect(englandPersons.reduce((sum, row) => sum + row.people, 0)).toBe(england);
  });

  it.each(EDITIONS)('reads males and females that add up to persons at every age ($file)', ({ file }) => {
    const workbook = parsePopulationWorkbook(readWorkbook(sharedFile('population', file)));
    const bySex = new Map<string, number>();
    for (const row of workbook.rows) {
      const key = `${row.areaCode}|${row.age}`;
      bySex.set(key, (bySex.get(key) ?? 0) + (row.sex === 'persons' ? -row.people : row.people));
    }
    expect([...bySex.values()].filter((difference) => difference !== 0)).toEqual([]);
  });
});
