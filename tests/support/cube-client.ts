import jwt from 'jsonwebtoken';

export const signToken = (secret: string) =>
  jwt.sign({ scope: 'test' }, secret, { algorithm: 'HS256', expiresIn: '1h' });

/** GET /cubejs-api/v1/load, polling while Cube answers "Continue wait" as its clients do. */
export async function cubeLoad(
  baseUrl: string,
  token: string | undefined,
  query: object,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever members the query asked for
): Promise<{ status: number; body: any }> {
  const url = `${baseUrl}/cubejs-api/v1/load?query=${encodeURIComponent(JSON.stringify(query))}`;
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await fetchOnce(url, token);
    const body = await response.json();
    if (body?.error !== 'Continue wait') return { status: response.status, body };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('Cube kept answering "Continue wait"');
}

/**
 * A GET that is sent again once when the server had just closed the kept-alive socket it went out on (undici's
 * `other side closed`, a race on a busy machine between its keep-alive and the server's timeout): the request
 * never reached the server.
 */
async function fetchOnce(url: string, token: string | undefined): Promise<Response> {
  const init: RequestInit = { headers: token ? { Authorization: token } : {} };
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}
