import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cubeApi } from '../../../dashboard/src/lib/cube';
import { AppRoutes } from '../../../dashboard/src/routes/app-routes';
import { asCubeApiStub } from '../support/cube-responses';
import { LocationProbe } from '../support/location-probe';

// --- Mocked seams ---
// jsdom cannot reach a Cube server. Here only which page renders matters, so the client never answers
// and the delayed transfers page stays in its loading state.
vi.mock('../../../dashboard/src/lib/cube', () => ({ cubeApi: { load: vi.fn(), meta: vi.fn() } }));
const { load, meta } = asCubeApiStub(cubeApi);

function renderApp(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <AppRoutes />
      <LocationProbe />
    </MemoryRouter>,
  );
}

describe('app routes', () => {
  beforeEach(() => {
    meta.mockReset().mockReturnValue(new Promise(() => {}));
    load.mockReset().mockReturnValue(new Promise(() => {}));
  });

  it('shows the delayed transfers page at /, inside the layout, titled after it', () => {
    renderApp('/?area=E10000032');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Delayed transfers of care');
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toBeInTheDocument();
    expect(document.title).toBe('Delayed transfers of care – Joined Up');
  });

  it('answers an unknown path with "Page not found", naming the path, inside the layout', () => {
    renderApp('/no-such-page');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Page not found');
    expect(screen.getByRole('main')).toHaveTextContent('There is no page at /no-such-page.');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(document.title).toBe('Page not found – Joined Up');
    expect(meta).not.toHaveBeenCalled();
  });

  it('treats a planned page that is not built yet as not found', () => {
    renderApp('/overview?area=E10000032&period=2018-06');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Page not found');
  });

  it('shows the trends page at /trends, titled after it', () => {
    renderApp('/trends?metric=delayed_days_per_100k&area=E10000032');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Trends');
    expect(document.title).toBe('Trends – Joined Up');
  });

  it('links from "Page not found" back to the home page', async () => {
    renderApp('/data');

    await userEvent.click(screen.getByRole('link', { name: 'Go to the Joined Up home page' }));

    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Delayed transfers of care');
    expect(document.title).toBe('Delayed transfers of care – Joined Up');
  });
});
