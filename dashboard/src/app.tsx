import { DelayedTransfersPage } from './features/delayed-transfers';

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container">
          <a className="product-name" href="/">
            Joined Up
          </a>
          <p className="subtitle">Health and social care outcomes for English councils, compared with England.</p>
        </div>
      </header>
      <main id="main" className="container page">
        <DelayedTransfersPage />
      </main>
    </>
  );
}
