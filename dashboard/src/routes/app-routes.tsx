import { type ReactNode, useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from '../components/layout/app-layout';
import { PRODUCT_NAME } from '../components/layout/site-header';
import { NotFoundError } from '../features/errors/not-found-error';
import { builtPageRoutes } from './page-routes';

function Titled({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} – ${PRODUCT_NAME}`;
  }, [title]);
  return children;
}

/** Every built page, and "page not found" for any other path, inside the layout. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        {builtPageRoutes.map(({ path, title, Page }) => (
          <Route
            key={path}
            path={path}
            element={
              <Titled title={title}>
                <Page />
              </Titled>
            }
          />
        ))}
        <Route
          path="*"
          element={
            <Titled title="Page not found">
              <NotFoundError />
            </Titled>
          }
        />
      </Route>
    </Routes>
  );
}
