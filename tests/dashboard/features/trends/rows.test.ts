import { describe, expect, it } from 'vitest';
import { chartCsv, toChartData } from '../../../../dashboard/src/features/trends/data/rows';

const row = (month: string, value: string, extra: Record<string, string | null> = {}) => ({
  'metric_spc.period.month': `${month}-01T00:00:00.000`,
  'metric_spc.period_type': 'month',
  'metric_spc.value': value,
  'metric_spc.mean': '10.5',
  'metric_spc.lower_process_limit': '2.5',
  'metric_spc.upper_process_limit': '18.5',
  'metric_spc.target': null,
  'metric_spc.point_type': 'common_cause',
  'metric_spc.special_cause_rule': null,
  'metric_spc.variation_icon': 'concern_high',
  'metric_spc.assurance_icon': null,
  'metric_spc.warning': null,
  'metric_spc.unit': 'per 100,000 population aged 18+',
  'metric_spc.polarity': 'low_is_good',
  ...extra,
});

describe('trends rows', () => {
  it("reads Cube's strings as numbers and takes the series' icons from its rows", () => {
    const data = toChartData([
      row('2018-01', '9'),
      row('2018-02', '20', {
        'metric_spc.point_type': 'special_cause_concern',
        'metric_spc.special_cause_rule': 'outside_limits',
      }),
    ]);
    expect(data.points).toEqual([
      {
        month: '2018-01',
        periodType: 'month',
        value: 9,
        mean: 10.5,
        lowerLimit: 2.5,
        upperLimit: 18.5,
        target: null,
        pointType: 'common_cause',
        rule: null,
      },
      {
        month: '2018-02',
        periodType: 'month',
        value: 20,
        mean: 10.5,
        lowerLimit: 2.5,
        upperLimit: 18.5,
        target: null,
        pointType: 'special_cause_concern',
        rule: 'outside_limits',
      },
    ]);
    expect(data).toMatchObject({ polarity: 'low_is_good', variationIcon: 'concern_high', assuranceIcon: null });
  });

  it('shows the period type with the most points where a published metric comes by several', () => {
    const data = toChartData([
      row('2018-01', '1', { 'metric_spc.period_type': 'financial_year' }),
      row('2018-01', '2', { 'metric_spc.period_type': 'calendar_year' }),
      row('2019-01', '3', { 'metric_spc.period_type': 'calendar_year' }),
    ]);
    expect(data.points.map((point) => point.value)).toEqual([2, 3]);
  });

  it("writes exactly the chart's data as CSV (RFC 4180: CRLF, a missing value empty)", () => {
    const { points } = toChartData([row('2018-01', '9')]);
    expect(chartCsv('delayed_days_per_100k', 'E10000032', points)).toBe(
      'metric_id,area_code,period,value,mean,lower_process_limit,upper_process_limit,target,point_type,special_cause_rule\r\n' +
        'delayed_days_per_100k,E10000032,2018-01,9,10.5,2.5,18.5,,common_cause,\r\n',
    );
  });
});
