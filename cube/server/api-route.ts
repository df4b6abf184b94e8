import type express from 'express';
import jwt from 'jsonwebtoken';
import type { z } from 'zod';

/** A request the route cannot answer: 400 with this message. */
export class BadRequest extends Error {}

/**
 * One of this server's own JSON routes (not Cube's): the token checked as Cube checks it for /cubejs-api (an
 * HS256 JWT signed with the API secret in `Authorization`, bare or after `Bearer`; 403 without one), the query
 * string parsed by `parameters` (400 with each problem), `answer` run, a BadRequest from it answered 400 and
 * anything else 500 without details (logged).
 */
export function apiRoute<Schema extends z.ZodType>(
  apiSecret: string,
  parameters: Schema,
  answer: (query: z.infer<Schema>) => Promise<unknown>,
): express.RequestHandler {
  return async (request, response) => {
    const token = String(request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    try {
      jwt.verify(token, apiSecret, { algorithms: ['HS256'] });
    } catch {
      response.status(403).json({ error: 'Invalid token: send the same token as for /cubejs-api (Authorization)' });
      return;
    }
    const parsed = parameters.safeParse(request.query);
    if (!parsed.success) {
      response.status(400).json({ error: parsed.error.issues.map((issue) => issue.message).join('; ') });
      return;
    }
    try {
      response.json(await answer(parsed.data));
    } catch (error) {
      if (error instanceof BadRequest) {
        response.status(400).json({ error: error.message });
        return;
      }
      console.error(error);
      response.status(500).json({ error: `${request.path} failed; the server log says why.` });
    }
  };
}
