import { RequestError } from '@cubejs-client/core';
import { describe, expect, it } from 'vitest';
import { TokenRequestError } from '../../../dashboard/src/lib/errors';
import { handleServerError, serverErrorMessages } from '../../../dashboard/src/lib/handle-server-error';

describe('handleServerError', () => {
  it('asks the user to reload when Cube rejects the token (403)', () => {
    expect(handleServerError(new RequestError('Invalid token', {}, 403))).toBe(
      'Your session has expired or is not allowed; reload the page.',
    );
  });

  it('treats a 401 like a 403', () => {
    expect(handleServerError(new RequestError('Unauthorized', {}, 401))).toBe(serverErrorMessages.notAllowed);
  });

  it('explains a missing /api/token endpoint (404)', () => {
    expect(handleServerError(new TokenRequestError(404))).toBe(serverErrorMessages.tokenEndpointMissing);
  });

  it('maps other /api/token failures by status', () => {
    expect(handleServerError(new TokenRequestError(403))).toBe(serverErrorMessages.notAllowed);
    expect(handleServerError(new TokenRequestError(500))).toBe(serverErrorMessages.unavailable);
  });

  it('hides the server message of a bad query (400)', () => {
    const message = handleServerError(new RequestError("Can't find join path at /srv/cube/x.js", {}, 400));

    expect(message).toBe(serverErrorMessages.badQuery);
    expect(message).not.toContain('/srv');
  });

  it('reports server errors (5xx) as unavailable', () => {
    expect(handleServerError(new RequestError('Internal Server Error', {}, 502))).toBe(serverErrorMessages.unavailable);
  });

  it('reports network failures from Cube and from fetch as connection problems', () => {
    // Cube's client gives a status-less RequestError when fetch fails.
    const cubeNetworkError = new RequestError('network Error', { error: '' }, undefined as unknown as number);

    expect(handleServerError(cubeNetworkError)).toBe(serverErrorMessages.network);
    expect(handleServerError(new TypeError('Failed to fetch'))).toBe(serverErrorMessages.network);
  });

  it('falls back to a generic message for anything else', () => {
    expect(handleServerError(new Error('boom'))).toBe(serverErrorMessages.generic);
    expect(handleServerError('boom')).toBe(serverErrorMessages.generic);
    expect(handleServerError(null)).toBe(serverErrorMessages.generic);
  });
});
