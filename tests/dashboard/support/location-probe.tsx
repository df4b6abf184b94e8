import { useLocation } from 'react-router';

/** Renders the router's current path and query, for tests to read what the address bar would show. */
export function LocationProbe() {
  const { pathname, search } = useLocation();
  return <p data-testid="location">{pathname + search}</p>;
}
