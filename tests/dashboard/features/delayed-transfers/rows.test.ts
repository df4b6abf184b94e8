import { describe, expect, it } from 'vitest';
import {
  type CubeRow,
  chooseCouncil,
  csvFileName,
  type MonthlyRow,
  summarise,
  toComparisonPoints,
  toCouncilOptions,
  toCsv,
  toMonthlyRows,
} from '../../../../dashboard/src/features/delayed-transfers/data/rows';
import type { CouncilOption } from '../../../../dashboard/src/lib/areas';
import { toNumber } from '../../../../dashboard/src/lib/cube-values';
import type { MeasureMeta } from '../../../../dashboard/src/lib/measure-meta';

const westSussex: CouncilOption = { code: 'E10000032', name: 'West Sussex', type: 'county' };
const bristol: CouncilOption = { code: 'E06000023', name: 'Bristol, City of', type: 'unitary authority' };

function seriesRow(code: string, name: string, month: string, days: string, rate: string | null): CubeRow {
  return {
    'delayed_transfers.area_code': code,
    'delayed_transfers.area_name': name,
    'delayed_transfers.period.month': `${month}-01T00:00:00.000`,
    'delayed_transfers.period': `${month}-01T00:00:00.000`,
    'delayed_transfers.delayed_days': days,
    'delayed_transfers.delayed_days_per_100k': rate,
  };
}

const perAdults: MeasureMeta = { unit: 'per 100,000 adults', polarity: 'low_is_good', multiplier: 100_000 };

function monthly(month: string, councilRate: number | null, englandRate: number | null): MonthlyRow {
  return { month, councilDays: 100, councilRate, englandDays: 1000, englandRate };
}

describe('toNumber', () => {
  it('converts numeric strings from Cube to numbers', () => {
    expect(toNumber('371.8234')).toBe(371.8234);
    expect(toNumber('12000')).toBe(12000);
    expect(toNumber(5)).toBe(5);
  });

  it('keeps missing values as null rather than zero', () => {
    expect(toNumber(null)).toBeNull();
    expect(toNumber(undefined)).toBeNull();
    expect(toNumber('')).toBeNull();
  });

  it('treats non-numeric text as null', () => {
    expect(toNumber('n/a')).toBeNull();
    expect(toNumber('Infinity')).toBeNull();
  });
});

describe('toCouncilOptions', () => {
  it('maps tablePivot rows to council options in query order', () => {
    const rows: CubeRow[] = [
      {
        'delayed_transfers.area_code': 'E06000023',
        'delayed_transfers.area_name': 'Bristol, City of',
        'delayed_transfers.area_type': 'unitary authority',
        'delayed_transfers.delayed_days': '2301',
      },
      {
        'delayed_transfers.area_code': 'E10000032',
        'delayed_transfers.area_name': 'West Sussex',
        'delayed_transfers.area_type': 'county',
        'delayed_transfers.delayed_days': '3120',
      },
    ];

    expect(toCouncilOptions(rows)).toEqual([bristol, westSussex]);
  });

  it('keeps one option per area code when a council has more than one name', () => {
    const rows: CubeRow[] = [
      { 'delayed_transfers.area_code': 'E06000023', 'delayed_transfers.area_name': 'Bristol, City of' },
      { 'delayed_transfers.area_code': 'E06000023', 'delayed_transfers.area_name': 'Bristol' },
    ];

    expect(toCouncilOptions(rows).map((option) => option.name)).toEqual(['Bristol, City of']);
  });

  it('skips rows without an area code and falls back to the code for a missing name', () => {
    const rows: CubeRow[] = [
      { 'delayed_transfers.area_code': null, 'delayed_transfers.area_name': 'Nowhere' },
      { 'delayed_transfers.area_code': 'E09000001', 'delayed_transfers.area_name': null },
    ];

    expect(toCouncilOptions(rows)).toEqual([{ code: 'E09000001', name: 'E09000001', type: '' }]);
  });
});

describe('chooseCouncil', () => {
  const councils = [bristol, westSussex];

  it('returns the council named in the URL when it is in the list', () => {
    expect(chooseCouncil(councils, 'E06000023')).toBe(bristol);
  });

  it('falls back to West Sussex when the requested code is missing or unknown', () => {
    expect(chooseCouncil(councils, null)).toBe(westSussex);
    expect(chooseCouncil(councils, 'E92000001')).toBe(westSussex);
  });

  it('falls back to the first council when West Sussex is not in the list', () => {
    expect(chooseCouncil([bristol], null)).toBe(bristol);
  });

  it('returns undefined for an empty list', () => {
    expect(chooseCouncil([], null)).toBeUndefined();
  });
});

describe('toMonthlyRows', () => {
  it('pairs council and England figures by month in month order', () => {
    const rows = [
      seriesRow('E92000001', 'England', '2018-06', '138000', '306.9'),
      seriesRow('E10000032', 'West Sussex', '2018-06', '2550', '371.8234'),
      seriesRow('E10000032', 'West Sussex', '2018-05', '2400', '349.9'),
      seriesRow('E92000001', 'England', '2018-05', '140000', '311.2'),
    ];

    expect(toMonthlyRows(rows, 'E10000032')).toEqual([
      { month: '2018-05', councilDays: 2400, councilRate: 349.9, englandDays: 140000, englandRate: 311.2 },
      { month: '2018-06', councilDays: 2550, councilRate: 371.8234, englandDays: 138000, englandRate: 306.9 },
    ]);
  });

  it('keeps a null rate as null where no population is loaded', () => {
    const rows = [seriesRow('E10000032', 'West Sussex', '2018-06', '2550', null)];

    expect(toMonthlyRows(rows, 'E10000032')).toEqual([
      { month: '2018-06', councilDays: 2550, councilRate: null, englandDays: null, englandRate: null },
    ]);
  });

  it('reads the month from the plain time dimension key when the granularity key is absent', () => {
    const row = seriesRow('E10000032', 'West Sussex', '2018-06', '2550', '371.8');
    delete row['delayed_transfers.period.month'];

    expect(toMonthlyRows([row], 'E10000032').map((monthly) => monthly.month)).toEqual(['2018-06']);
  });

  it('ignores other areas and rows without a valid month', () => {
    const undated = seriesRow('E10000032', 'West Sussex', '2018-06', '1', '1');
    undated['delayed_transfers.period.month'] = null;
    undated['delayed_transfers.period'] = null;
    const badMonth = seriesRow('E10000032', 'West Sussex', '2018-13', '1', '1');
    const rows = [seriesRow('E06000023', 'Bristol, City of', '2018-06', '900', '250.1'), undated, badMonth];

    expect(toMonthlyRows(rows, 'E10000032')).toEqual([]);
  });
});

describe('summarise', () => {
  it('says the council is higher (worse) than England in the latest month', () => {
    const rows = [monthly('2018-05', 300, 310), monthly('2018-06', 371.8234, 306.9)];

    expect(summarise(rows, 'West Sussex', perAdults)).toBe(
      'In June 2018 West Sussex had 371.8 delayed days per 100,000 adults, higher (worse) than England (306.9).',
    );
  });

  it('says the council is lower (better) than England', () => {
    expect(summarise([monthly('2019-09', 250, 306.9)], 'Bristol, City of', perAdults)).toBe(
      'In September 2019 Bristol, City of had 250.0 delayed days per 100,000 adults, lower (better) than England (306.9).',
    );
  });

  it('says "the same as" when the rates are equal to one decimal place', () => {
    expect(summarise([monthly('2018-06', 306.92, 306.88)], 'West Sussex', perAdults)).toBe(
      'In June 2018 West Sussex had 306.9 delayed days per 100,000 adults, the same as England (306.9).',
    );
  });

  it('uses the latest month where both rates exist', () => {
    const rows = [monthly('2018-05', 300, 310), monthly('2018-06', null, 306.9)];

    expect(summarise(rows, 'West Sussex', perAdults)).toMatch(
      /^In May 2018 West Sussex had 300\.0 .* lower \(better\) than England \(310\.0\)\.$/,
    );
  });

  it('says there is no England figure when only the council has a rate', () => {
    expect(summarise([monthly('2018-06', 371.8, null)], 'West Sussex', perAdults)).toBe(
      'In June 2018 West Sussex had 371.8 delayed days per 100,000 adults; there is no England figure for that month.',
    );
  });

  it('writes the unit from the measure and judges the difference by its polarity', () => {
    const rows = [monthly('2018-06', 371.8234, 306.9)];

    expect(summarise(rows, 'West Sussex', { unit: 'per 1,000 people', polarity: 'high_is_good' })).toBe(
      'In June 2018 West Sussex had 371.8 delayed days per 1,000 people, higher (better) than England (306.9).',
    );
    expect(summarise(rows, 'West Sussex', { unit: 'per 1,000 people', polarity: 'no_judgement' })).toBe(
      'In June 2018 West Sussex had 371.8 delayed days per 1,000 people, higher than England (306.9).',
    );
  });

  it('explains when the council has no rate at all', () => {
    expect(summarise([monthly('2018-06', null, 306.9)], 'West Sussex', perAdults)).toBe(
      'There is no rate for West Sussex yet because its population aged 18+ is not loaded.',
    );
  });
});

describe('toComparisonPoints', () => {
  it("keeps each month's council and England rates, nulls included", () => {
    expect(toComparisonPoints([monthly('2018-05', 349.9, 311.2), monthly('2018-06', null, 306.9)])).toEqual([
      { month: '2018-05', area: 349.9, england: 311.2 },
      { month: '2018-06', area: null, england: 306.9 },
    ]);
  });
});

describe('toCsv', () => {
  it('writes a header and one row per month with unrounded values', () => {
    const rows: MonthlyRow[] = [
      { month: '2018-06', councilDays: 2550, councilRate: 371.8234, englandDays: 138000, englandRate: 306.912 },
    ];

    expect(toCsv(rows, westSussex)).toBe(
      'month,council_code,council_name,council_delayed_days,council_delayed_days_per_100k,england_delayed_days,england_delayed_days_per_100k\r\n' +
        '2018-06,E10000032,West Sussex,2550,371.8234,138000,306.912\r\n',
    );
  });

  it('quotes names containing commas or quotes and leaves missing values empty', () => {
    const rows: MonthlyRow[] = [
      { month: '2018-06', councilDays: 900, councilRate: null, englandDays: null, englandRate: null },
    ];
    const quoted: CouncilOption = { ...bristol, name: 'Bristol, "City" of' };

    expect(toCsv(rows, quoted).split('\r\n')[1]).toBe('2018-06,E06000023,"Bristol, ""City"" of",900,,,');
  });

  it('names the file after the council code', () => {
    expect(csvFileName(westSussex)).toBe('delayed-transfers-E10000032.csv');
  });
});
