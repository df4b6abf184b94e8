import type { Query, ResultSet } from '@cubejs-client/core';
import type { ReactNode } from 'react';
import { handleServerError } from '../lib/handle-server-error';
import { useCubeQuery } from '../lib/use-cube-query';
import type { RequestState } from '../lib/use-cube-request';

/** Loading and error states of any Cube request; `children` gets the data once it has arrived. */
export function RequestRenderer<T>({
  state,
  loadingMessage = 'Loading…',
  children,
}: {
  state: RequestState<T>;
  loadingMessage?: string;
  children: (data: T) => ReactNode;
}) {
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

  return children(state.data);
}

export function QueryRenderer<T>({
  query,
  select,
  isEmpty,
  loadingMessage,
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
  return (
    <RequestRenderer state={useCubeQuery(query)} loadingMessage={loadingMessage}>
      {(resultSet) => {
        const data = select(resultSet);
        return isEmpty(data) ? <p className="query-state">{emptyMessage}</p> : children(data);
      }}
    </RequestRenderer>
  );
}
