import { TokenRequestError } from './errors';

export const serverErrorMessages = {
  tokenEndpointMissing:
    'This deployment has no way to sign you in to the data service. ' +
    'Ask the site administrator to enable /api/token or to build the dashboard with VITE_CUBE_API_TOKEN.',
  notAllowed: 'Your session has expired or is not allowed; reload the page.',
  badQuery: 'The data service could not answer this question. Please report this problem.',
  unavailable: 'The data service is not available right now; try again in a few minutes.',
  network: 'Could not reach the data service; check your connection and reload the page.',
  generic: 'Something went wrong while loading the data; reload the page.',
} as const;

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error) {
    const status = Number(error.status);
    if (Number.isInteger(status)) return status;
  }
  return undefined;
}

export function handleServerError(error: unknown): string {
  const status = statusOf(error);

  if (error instanceof TokenRequestError && status === 404) {
    return serverErrorMessages.tokenEndpointMissing;
  }
  if (status === 401 || status === 403) return serverErrorMessages.notAllowed;
  if (status === 400) return serverErrorMessages.badQuery;
  if (status !== undefined && status >= 500) return serverErrorMessages.unavailable;

  // Cube's client reports a failed fetch as a status-less error with this text; fetch() itself throws TypeError.
  if (error instanceof TypeError) return serverErrorMessages.network;
  if (error instanceof Error && status === undefined && /network error|timeout/i.test(error.message)) {
    return serverErrorMessages.network;
  }

  return serverErrorMessages.generic;
}
