import { describe, expect, it } from 'vitest';
import { detectLookup, readLookupRecord } from '../../etl/src/sources/lookups/parse.js';

const detect = (header: string) => detectLookup(header.split(','), 'lookup.csv');

describe('detectLookup', () => {
  it.each([
    ['FID,LAD19CD,LAD19NM,RGN19CD,RGN19NM', 'lad_region', 2019],
    ['LAD23CD,LAD23NM,LAD23NMW,RGN23CD,RGN23NM,ObjectId', 'lad_region', 2023],
    ['FID,LTLA21CD,LTLA21NM,UTLA21CD,UTLA21NM', 'ltla_utla', 2021],
    ['FID,CCG19CD,CCG19CDH,CCG19NM,STP19CD,STP19NM', 'ccg_stp', 2019],
    ['SICBL22CD,SICBL22CDH,SICBL22NM,ICB22CD,ICB22CDH,ICB22NM,ObjectId', 'ccg_stp', 2022],
    [
      'CCG18CD,CCG18CDH,CCG18NM,NHSRLO18CD,NHSRLO18CDH,NHSRLO18NM,NHSER18CD,NHSER18CDH,NHSER18NM,FID',
      'ccg_nhs_region',
      2018,
    ],
    ['FID,LSOA11CD,LSOA11NM,CCG19CD,CCG19CDH,CCG19NM,LAD19CD,LAD19NM', 'lsoa_ccg_lad', 2019],
    ['CCG21CD,CCG21CDH,CCG21NM,LAD21CD,LAD21NM', 'ccg_lad', 2021],
    ['FID,CCG20CD,CCG20CDH,CCG20NM', 'names', 2020],
  ])('reads %s as %s with %i codes', (header, kind, year) => {
    const layout = detect(header);
    expect(layout.kind.kind).toBe(kind);
    expect(layout.vintageYear).toBe(year);
    expect(layout.vintage).toBe(`${year}-04-01`);
  });

  it('names the kinds it accepts when the header is unknown', () => {
    expect(() => detect('Code,Name,Parent')).toThrow(
      /lookup\.csv, row 1: not an ONS lookup this source knows \(header: Code, Name, Parent\); accepted: .*CCG to STP \(ICB\) \(CCGyyCD \+ STPyyCD\); local authority district to region \(LADyyCD \+ RGNyyCD\); .*names and codes of one geography/,
    );
  });

  it('says which column is missing from a lookup it recognises', () => {
    expect(() => detect('LAD19CD,RGN19CD,RGN19NM')).toThrow(
      /looks like a local authority district to region lookup but has no LADyyNM column/,
    );
  });
});

describe('readLookupRecord', () => {
  const layout = detect('FID,CCG20CD,CCG20CDH,CCG20NM,STP20CD,STP20CDH,STP20NM');
  const values = {
    FID: '1',
    CCG20CD: 'E38000016',
    CCG20CDH: '00T',
    CCG20NM: 'NHS Bolton CCG',
    STP20CD: 'E54000007',
    STP20CDH: 'QOP',
    STP20NM: 'Greater Manchester',
  };

  it('maps the columns to the raw table', () => {
    expect(readLookupRecord(layout, values, { file: 'l.csv', row: 2 })).toEqual({
      ccg_code: 'E38000016',
      ccg_ods_code: '00T',
      ccg_name: 'NHS Bolton CCG',
      stp_code: 'E54000007',
      stp_ods_code: 'QOP',
      stp_name: 'Greater Manchester',
    });
  });

  it('rejects an ODS code that is not one, naming the line and column', () => {
    expect(() => readLookupRecord(layout, { ...values, CCG20CDH: '0 0T' }, { file: 'l.csv', row: 7 })).toThrow(
      "l.csv, row 7, column CCG20CDH: expected an NHS ODS code (3 to 5 letters or digits, e.g. 07L), found '0 0T'",
    );
  });
});
