import { Link, NavLink } from 'react-router';
import { navigationRoutes } from '../../routes/page-routes';

export const PRODUCT_NAME = 'Joined Up';

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container">
        <Link className="product-name" to="/">
          {PRODUCT_NAME}
        </Link>
        <p className="subtitle">Health and social care outcomes for English councils, compared with England.</p>
        <nav className="site-nav" aria-label="Main">
          <ul>
            {navigationRoutes.map(({ path, title }) => (
              <li key={path}>
                <NavLink to={path}>{title}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
