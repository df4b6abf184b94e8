import { Meta, type Query, ResultSet } from '@cubejs-client/core';
import type { Mock } from 'vitest';

/** What a test file's `vi.mock` of dashboard/src/lib/cube puts in place of the client. */
export type CubeApiStub = { load: Mock<(query: Query) => Promise<ResultSet>>; meta: Mock<() => Promise<Meta>> };

/** The mocked client, typed as the stub it is (the real one's overloads confuse vi.mocked). */
export function asCubeApiStub(cubeApi: unknown): CubeApiStub {
  return cubeApi as CubeApiStub;
}

/** The client's own ResultSet over hand-written rows, as Cube's /load would answer `query`. */
export function resultSetOf(query: Query, data: Record<string, unknown>[]): ResultSet {
  return new ResultSet({
    query,
    data,
    annotation: { measures: {}, dimensions: {}, segments: {}, timeDimensions: {} },
    lastRefreshTime: '2026-01-01T00:00:00.000Z',
    external: false,
    dbType: 'postgres',
    extDbType: 'cubestore',
  });
}

/** The client's own Meta for a /meta answer with one view holding one measure. */
export function metaWithMeasure(member: string, meta: Record<string, unknown> | undefined): Meta {
  const [view = ''] = member.split('.');
  const measure = { name: member, title: member, shortTitle: member, type: 'number', aggType: 'number', meta };
  return new Meta({
    cubes: [
      {
        name: view,
        title: view,
        type: 'view',
        measures: [measure],
        dimensions: [],
        segments: [],
        folders: [],
        nestedFolders: [],
        hierarchies: [],
      },
    ] as unknown as ConstructorParameters<typeof Meta>[0]['cubes'],
  });
}
