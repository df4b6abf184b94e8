import { describe, expect, it } from 'vitest';
import { parseClientEnv } from '../../../dashboard/src/lib/env';

describe('parseClientEnv', () => {
  it('reads the Cube URL and token when both are set', () => {
    expect(
      parseClientEnv({
        VITE_CUBE_API_URL: 'https://dashboard.example.org/cubejs-api/v1',
        VITE_CUBE_API_TOKEN: 'a.b.c',
        MODE: 'production',
      }),
    ).toEqual({ VITE_CUBE_API_URL: 'https://dashboard.example.org/cubejs-api/v1', VITE_CUBE_API_TOKEN: 'a.b.c' });
  });

  it('treats missing and empty values as unset', () => {
    expect(parseClientEnv({})).toEqual({});
    expect(parseClientEnv({ VITE_CUBE_API_URL: '', VITE_CUBE_API_TOKEN: '' })).toEqual({
      VITE_CUBE_API_URL: undefined,
      VITE_CUBE_API_TOKEN: undefined,
    });
  });

  it('rejects a Cube URL that is not http or https', () => {
    expect(() => parseClientEnv({ VITE_CUBE_API_URL: 'localhost:4000' })).toThrow();
    expect(() => parseClientEnv({ VITE_CUBE_API_URL: 'ftp://example.org' })).toThrow();
  });
});
