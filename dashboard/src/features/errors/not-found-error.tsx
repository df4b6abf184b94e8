import { Link, useLocation } from 'react-router';

export function NotFoundError() {
  const { pathname } = useLocation();
  return (
    <>
      <h1>Page not found</h1>
      <p className="lede">
        There is no page at <code>{pathname}</code>. If you typed the address, check it is correct.
      </p>
      <p>
        <Link to="/">Go to the Joined Up home page</Link>
      </p>
    </>
  );
}
