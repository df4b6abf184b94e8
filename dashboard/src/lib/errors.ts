export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';

  constructor(readonly status: number) {
    super(`GET /api/token answered ${status}`);
  }
}
