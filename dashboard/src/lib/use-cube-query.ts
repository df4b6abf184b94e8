import type { Query, ResultSet } from '@cubejs-client/core';
import { cubeApi } from './cube';
import { type RequestState, useCubeRequest } from './use-cube-request';

const loadQuery = (key: string): Promise<ResultSet> => cubeApi.load(JSON.parse(key) as Query);

export function useCubeQuery(query: Query): RequestState<ResultSet> {
  return useCubeRequest(JSON.stringify(query), loadQuery);
}
