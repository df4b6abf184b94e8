import { describe, expect, it } from 'vitest';
import { type Row, readWorkbook, type Workbook } from '../../etl/src/lib/workbook.js';
import { parseMarWorkbook } from '../../etl/src/sources/mar/parse.js';
import { marFile, publishedMar } from '../support/mar.js';

/** The real commissioner sheet, reshaped as a later edition might lay it out. */
function reshaped(month: string, reshape: (rows: Row[]) => Row[]): Workbook {
  const real = readWorkbook(marFile(month));
  const rows = reshape(real.sheet('Commissioner')!.rows.map((row) => [...row]));
  return {
    file: real.file,
    sheetNames: ['COMMISSIONER'],
    sheet: (name) =>
      name.toLowerCase() === 'commissioner' ? { file: real.file, name: 'COMMISSIONER', rows } : undefined,
  };
}

const headerIndex = (rows: Row[]) => rows.findIndex((row) => row.some((cell) => String(cell).trim() === 'Org Code'));

describe('parseMarWorkbook', () => {
  it('reads the period, edition, parent tier and all 14 measures', () => {
    const workbook = parseMarWorkbook(readWorkbook(marFile('2014-06')));
    expect(workbook).toMatchObject({
      period: '2014-06-01',
      published: '8th August 2014',
      revised: '13th November 2015',
      parentType: 'Area Team',
    });
    expect(workbook.measures.map((m) => m.code)).toContain('non_elective_admissions');
    expect(workbook.measures).toHaveLength(14);
    expect(workbook.commissioners).toHaveLength(publishedMar(marFile('2014-06')).commissioners.length);
  });

  it('finds the columns by name whatever their case, spacing, order or extra neighbours, and a header row that moved', () => {
    const published = publishedMar(marFile('2019-11'));
    const workbook = parseMarWorkbook(
      reshaped('2019-11', (rows) => {
        const h = headerIndex(rows);
        const org = rows[h]!.findIndex((cell) => String(cell).trim() === 'Org Code');
        const last = rows[h]!.findLastIndex((cell) => cell !== null);
        rows[h] = rows[h]!.map((cell) =>
          typeof cell === 'string' ? `  ${cell.toUpperCase().replace('G&A', 'G and A')} ` : cell,
        );
        // An extra measure column at the end of the block and two more rows of cover notes above the header.
        rows.forEach((row, i) => {
          if (i >= h)
            row.splice(
              last + 1,
              0,
              i === h ? 'Emergency Readmissions (FFCEs)' : row[org] !== null || row[org + 1] === 'England' ? 0 : null,
            );
        });
        return [...rows.slice(0, h), ['Note:', 'a new note'], [null], ...rows.slice(h)];
      }),
    );
    const nonElective = workbook.measures.findIndex((m) => m.code === 'non_elective_admissions');
    expect(workbook.england.values[nonElective]).toBe(published.england.nonElective);
    expect(workbook.england.rowNumber).toBe(published.england.rowNumber + 2);
    expect(workbook.measures.at(-1)).toMatchObject({ code: 'emergency_readmissions_ffces' });
    expect(workbook.commissioners.map((r) => r.orgCode)).toEqual(published.commissioners.map((r) => r.orgCode));
  });

  it("takes '-' in a measure cell as no value and then does not hold that measure to the England total", () => {
    const workbook = parseMarWorkbook(
      reshaped('2019-09', (rows) => {
        const h = headerIndex(rows);
        const column = rows[h]!.findIndex((cell) => String(cell).trim() === 'GP Referrals Made (All specialties)');
        rows[h + 3]![column] = '-';
        return rows;
      }),
    );
    const column = workbook.measures.findIndex((m) => m.code === 'gp_referrals_made_all_specialties');
    expect(workbook.commissioners[0]!.values[column]).toBeNull();
  });
});
