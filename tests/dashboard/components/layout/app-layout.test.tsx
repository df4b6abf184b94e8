import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppLayout } from '../../../../dashboard/src/components/layout/app-layout';

// The layout around stand-in pages, so that no page's data is needed here.
function renderLayout(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="/" element={<h1>Home stand-in</h1>} />
          <Route path="/elsewhere" element={<h1>Elsewhere stand-in</h1>} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

describe('AppLayout', () => {
  it('makes "Skip to main content" the first thing the keyboard reaches, pointing at the main landmark', async () => {
    renderLayout('/');

    await userEvent.tab();

    const skipLink = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skipLink).toHaveFocus();
    expect(skipLink).toHaveAttribute('href', '#main');
    const main = screen.getByRole('main');
    expect(main).toHaveAttribute('id', 'main');
    // Focusable from the link, but not a tab stop of its own.
    expect(main).toHaveAttribute('tabindex', '-1');
    expect(within(main).getByRole('heading', { name: 'Home stand-in' })).toBeInTheDocument();
  });

  it('has a banner with the product name linking home', () => {
    renderLayout('/elsewhere');

    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('link', { name: 'Joined Up' })).toHaveAttribute('href', '/');
  });

  it('lists only the pages that exist in the main navigation: today, delayed transfers, compare and trends', () => {
    renderLayout('/');

    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Delayed transfers of care', '/'],
      ['Compare areas', '/compare'],
      ['Trends', '/trends'],
    ]);
  });

  it('marks the current page in the navigation', () => {
    renderLayout('/');

    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(nav.getByRole('link', { name: 'Delayed transfers of care' })).toHaveAttribute('aria-current', 'page');
    expect(nav.getByRole('link', { name: 'Trends' })).not.toHaveAttribute('aria-current');
  });

  it('does not mark the home page as current on another path', () => {
    renderLayout('/elsewhere');

    for (const link of within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link')) {
      expect(link).not.toHaveAttribute('aria-current');
    }
  });
});
