import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ComparisonChart } from '../../../dashboard/src/components/comparison-chart';

// --- Mocked seams ---
// A browser that cannot fetch the chart's chunk (offline, or a deployment replaced under an open page):
// importing the Recharts module fails.
vi.mock('../../../dashboard/src/components/comparison-chart-figure', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('ComparisonChart when the chart module cannot be loaded', () => {
  it('says so and points to the table instead of failing the page', async () => {
    render(<ComparisonChart points={[{ month: '2018-06', area: 1, england: 2 }]} areaName="West Sussex" caption="x" />);

    expect(await screen.findByText('The chart could not be loaded; the table has the same figures.')).toBeVisible();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });
});
