import { type Query, RequestError, type ResultSet } from '@cubejs-client/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DelayedTransfersPage } from '../../../../dashboard/src/features/delayed-transfers';
import { cubeApi } from '../../../../dashboard/src/lib/cube';
import { asCubeApiStub, metaWithMeasure, resultSetOf } from '../../support/cube-responses';
import { LocationProbe } from '../../support/location-probe';

// --- Mocked seams ---
// jsdom cannot reach a Cube server: the one client instance is replaced. meta() answers with the
// client's own Meta and load() with its own ResultSet, over hand-written payloads in Cube's shapes.
// The real server, model and client are covered by tests/dashboard/e2e.test.ts.
vi.mock('../../../../dashboard/src/lib/cube', () => ({ cubeApi: { load: vi.fn(), meta: vi.fn() } }));
const { load, meta } = asCubeApiStub(cubeApi);

const RATE = 'delayed_transfers.delayed_days_per_100k';
const rateMeta = { unit: 'per 100,000 population aged 18+', polarity: 'low_is_good', multiplier: '100000' };

const area = (code: string, name: string, type: string) => ({
  'delayed_transfers.area_code': code,
  'delayed_transfers.area_name': name,
  'delayed_transfers.area_type': type,
});
const month = (code: string, period: string, days: string, rate: string) => ({
  'delayed_transfers.area_code': code,
  'delayed_transfers.period.month': `${period}-01T00:00:00.000`,
  'delayed_transfers.delayed_days': days,
  'delayed_transfers.delayed_days_per_100k': rate,
});
const figures: Record<string, Record<string, unknown>[]> = {
  E10000032: [month('E10000032', '2018-06', '2544', '371.8'), month('E92000001', '2018-06', '135088', '306.9')],
  E06000023: [month('E06000023', '2018-06', '880', '250.04'), month('E92000001', '2018-06', '135088', '306.9')],
};

/** Answers like Cube: the council list, or one council's months with England's. */
function answer(query: Query): Promise<ResultSet> {
  const codes = query.filters?.flatMap((filter) => ('values' in filter ? (filter.values ?? []) : [])) ?? [];
  if (query.timeDimensions) return Promise.resolve(resultSetOf(query, figures[codes[0]!] ?? []));
  return Promise.resolve(
    resultSetOf(query, [
      area('E06000023', 'Bristol, City of', 'unitary authority'),
      area('E10000032', 'West Sussex', 'county'),
    ]),
  );
}

function renderPage(url = '/') {
  render(
    <MemoryRouter initialEntries={[url]}>
      <DelayedTransfersPage />
      <LocationProbe />
    </MemoryRouter>,
  );
}

describe('DelayedTransfersPage', () => {
  // Reset before each test rather than after: the last test's page may still ask for data until cleanup.
  beforeEach(() => {
    meta.mockReset();
    load.mockReset().mockImplementation(answer);
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("says it is loading while the rate's description is on its way", () => {
    meta.mockReturnValue(new Promise(() => {}));
    renderPage();

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Delayed transfers of care');
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
  });

  it('writes the unit and "Lower is better" from the measure\'s Cube meta', async () => {
    meta.mockResolvedValue(metaWithMeasure(RATE, rateMeta));
    renderPage();

    expect(
      await screen.findByText(
        'Days that adults spent in hospital after they were ready to leave, per 100,000 population aged 18+. Lower is better.',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText(/× 100,000\.$/)).toHaveTextContent(
      'Source: NHS England, Delayed Transfers of Care (MSitDT), Local Authority basis; ONS mid-year population ' +
        'estimates. Rate = delayed days in the month ÷ population aged 18+ × 100,000.',
    );
  });

  it('follows the meta when it changes: another unit, higher is better', async () => {
    meta.mockResolvedValue(metaWithMeasure(RATE, { unit: 'per 1,000 adults', polarity: 'high_is_good' }));
    renderPage('/?area=E10000032');

    expect(
      await screen.findByText(
        'Days that adults spent in hospital after they were ready to leave, per 1,000 adults. Higher is better.',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('summary')).toHaveTextContent(
      'In June 2018 West Sussex had 371.8 delayed days per 1,000 adults, higher (better) than England (306.9).',
    );
    expect(screen.getByRole('table')).toHaveAccessibleName(/Rate is delayed days per 1,000 adults\.$/);
  });

  it('shows an alert instead of the page when the meta cannot be loaded', async () => {
    meta.mockRejectedValue(new RequestError('Internal Server Error', {}, 503));
    renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The data service is not available right now; try again in a few minutes.',
    );
    expect(screen.queryByText(/Lower is better/)).not.toBeInTheDocument();
    expect(load).not.toHaveBeenCalled();
  });

  it('shows an alert when the model gives the rate no unit or polarity', async () => {
    meta.mockResolvedValue(metaWithMeasure(RATE, { source: 'NHS England' }));
    renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Something went wrong while loading the data; reload the page.',
    );
  });

  it('opens the council in the address and compares it with England in words', async () => {
    meta.mockResolvedValue(metaWithMeasure(RATE, rateMeta));
    renderPage('/?area=E10000032');

    expect(await screen.findByTestId('summary')).toHaveTextContent(
      'In June 2018 West Sussex had 371.8 delayed days per 100,000 population aged 18+, higher (worse) than England (306.9).',
    );
    expect(screen.getByRole('combobox', { name: 'Council' })).toHaveValue('E10000032');
  });

  it('puts the council the user picks into the address and shows its figures', async () => {
    meta.mockResolvedValue(metaWithMeasure(RATE, rateMeta));
    renderPage('/?area=E10000032');

    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Council' }), 'Bristol, City of');

    expect(screen.getByTestId('location')).toHaveTextContent('/?area=E06000023');
    const bristol = await screen.findByTestId('rate-E06000023-2018-06');
    expect(bristol).toHaveTextContent('250.0');
    expect(within(screen.getByTestId('summary')).getByText(/lower \(better\) than England \(306\.9\)/)).toBeVisible();
  });
});
