import cube from '@cubejs-client/core';
import * as z from 'zod/mini';
import { env } from './env';
import { TokenRequestError } from './errors';

const TOKEN_URL = '/api/token';
const TOKEN_REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z.object({
  token: z.string().check(z.minLength(1)),
  expiresAt: z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)))),
});

let cachedToken: { token: string; expiresAtMs: number } | undefined;

async function fetchToken(): Promise<string> {
  if (cachedToken && cachedToken.expiresAtMs - TOKEN_REFRESH_MARGIN_MS > Date.now()) {
    return cachedToken.token;
  }
  const response = await fetch(TOKEN_URL, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new TokenRequestError(response.status);
  const body = tokenResponseSchema.parse(await response.json());
  cachedToken = { token: body.token, expiresAtMs: Date.parse(body.expiresAt) };
  return body.token;
}

const staticToken = env.VITE_CUBE_API_TOKEN;

// The client calls the token function before every request, so short-lived tokens renew themselves.
export const cubeApi = cube(staticToken ?? fetchToken, {
  apiUrl: env.VITE_CUBE_API_URL ?? `${window.location.origin}/cubejs-api/v1`,
});
