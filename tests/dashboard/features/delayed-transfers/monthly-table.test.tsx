import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MonthlyTable } from '../../../../dashboard/src/features/delayed-transfers/components/monthly-table';
import type { MonthlyRow } from '../../../../dashboard/src/features/delayed-transfers/data/rows';
import type { CouncilOption } from '../../../../dashboard/src/lib/areas';

const westSussex: CouncilOption = { code: 'E10000032', name: 'West Sussex', type: 'county' };
const rows: MonthlyRow[] = [
  { month: '2018-05', councilDays: 2346, councilRate: 342.94, englandDays: 139812, englandRate: 317.56 },
  { month: '2018-06', councilDays: 2544, councilRate: null, englandDays: 135088, englandRate: 306.9 },
];

function renderTable() {
  render(<MonthlyTable rows={rows} council={westSussex} rateUnit="per 100,000 population aged 18+" />);
  return screen.getByRole('table');
}

describe('MonthlyTable', () => {
  it('is captioned with the council and the unit of the rate', () => {
    expect(renderTable()).toHaveAccessibleName(
      'Delayed transfers of care by month, West Sussex and England. Rate is delayed days per 100,000 population aged 18+.',
    );
  });

  it('has a column for days and rate of the council and of England', () => {
    renderTable();

    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Month',
      'West Sussex delayed days',
      'West Sussex rate',
      'England delayed days',
      'England rate',
    ]);
  });

  it('has one row per month, days whole with separators and rates to one decimal place', () => {
    renderTable();

    const may = screen.getByRole('row', { name: /^May 2018/ });
    expect(
      within(may)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['2,346', '342.9', '139,812', '317.6']);
    expect(screen.getByTestId('rate-E10000032-2018-05')).toHaveAttribute('data-value', '342.94');
    expect(screen.getByTestId('days-E92000001-2018-06')).toHaveAttribute('data-value', '135088');
  });

  it('shows a missing rate as a dash explained as not available, never as zero', () => {
    renderTable();

    const cell = screen.getByTestId('rate-E10000032-2018-06');
    expect(cell).toHaveTextContent('–');
    expect(cell).toHaveAttribute('data-value', '');
    expect(within(cell).getByTitle('not available')).toBeInTheDocument();
  });

  it('can be scrolled from the keyboard', () => {
    renderTable();

    const region = screen.getByRole('region', { name: 'Monthly figures' });
    expect(region).toHaveAttribute('tabindex', '0');
  });
});
