import type { Query } from '@cubejs-client/core';
import { ENGLAND_CODE } from '../../../lib/areas';

export const DEFAULT_AREA_CODE = 'E10000032';

export const members = {
  delayedDays: 'delayed_transfers.delayed_days',
  ratePer100k: 'delayed_transfers.delayed_days_per_100k',
  areaCode: 'delayed_transfers.area_code',
  areaName: 'delayed_transfers.area_name',
  areaType: 'delayed_transfers.area_type',
  period: 'delayed_transfers.period',
  periodMonth: 'delayed_transfers.period.month',
} as const;

export const councilsQuery: Query = {
  measures: [members.delayedDays],
  dimensions: [members.areaCode, members.areaName, members.areaType],
  filters: [{ member: members.areaType, operator: 'notEquals', values: ['country'] }],
  order: { [members.areaName]: 'asc' },
};

export function monthlyComparisonQuery(areaCode: string): Query {
  return {
    measures: [members.delayedDays, members.ratePer100k],
    dimensions: [members.areaCode, members.areaName],
    timeDimensions: [{ dimension: members.period, granularity: 'month' }],
    filters: [{ member: members.areaCode, operator: 'equals', values: [areaCode, ENGLAND_CODE] }],
    order: { [members.period]: 'asc' },
  };
}
