import { Outlet } from 'react-router';
import { SiteHeader } from './site-header';

export function AppLayout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <SiteHeader />
      {/* tabIndex -1: the skip link moves focus here, not just the scroll position. */}
      <main id="main" className="container page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
