import type { Query, ResultSet } from '@cubejs-client/core';
import type { ReactNode } from 'react';
import { handleServerError } from '../lib/handle-server-error';
import { useCubeQuery } from '../lib/use-cube-query';

export function QueryRenderer<T>({
  query,
  select,
  isEmpty,
  loadingMessage = 'Loading…',
  emptyMessage,
  children,
}: {
  query: Query;
  select: (resultSet: ResultSet) => T;
  isEmpty: (data: T) => boolean;
  loadingMessage?: string;
  emptyMessage: string;
  children: (data: T) => ReactNode;
}) {
  const state = useCubeQuery(query);

  if (state.status === 'loading') {
    return (
      <p className="query-state" role="status">
        {loadingMessage}
      </p>
    );
  }

  if (state.status === 'error') {
    return (
      <p className="query-state query-error" role="alert">
        {handleServerError(state.error)}
      </p>
    );
  }

  const data = select(state.resultSet);
  if (isEmpty(data)) {
    return <p className="query-state">{emptyMessage}</p>;
  }

  return children(data);
}
