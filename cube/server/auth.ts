import type express from 'express';
import jwt from 'jsonwebtoken';

/**
 * The token check of this server's own API routes, as Cube's for /cubejs-api: an HS256 JWT signed with the API
 * secret in `Authorization` (bare or after `Bearer`). Answers 403 and returns false without one.
 */
export function authorised(request: express.Request, response: express.Response, apiSecret: string): boolean {
  const token = String(request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  try {
    jwt.verify(token, apiSecret, { algorithms: ['HS256'] });
    return true;
  } catch {
    response.status(403).json({ error: 'Invalid token: send the same token as for /cubejs-api (Authorization)' });
    return false;
  }
}
