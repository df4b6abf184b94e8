import type { Query, ResultSet } from '@cubejs-client/core';
import { useEffect, useState } from 'react';
import { cubeApi } from './cube';

export type CubeQueryState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; resultSet: ResultSet };

type SettledState = Exclude<CubeQueryState, { status: 'loading' }>;

export function useCubeQuery(query: Query): CubeQueryState {
  const key = JSON.stringify(query);
  const [settled, setSettled] = useState<{ key: string; state: SettledState } | null>(null);

  useEffect(() => {
    let ignore = false;
    cubeApi.load(JSON.parse(key) as Query).then(
      (resultSet) => {
        if (!ignore) setSettled({ key, state: { status: 'success', resultSet } });
      },
      (error: unknown) => {
        console.error(error);
        if (!ignore) setSettled({ key, state: { status: 'error', error } });
      },
    );
    return () => {
      ignore = true;
    };
  }, [key]);

  // A result for an earlier query must never be shown as the answer to the current one.
  if (!settled || settled.key !== key) return { status: 'loading' };
  return settled.state;
}
