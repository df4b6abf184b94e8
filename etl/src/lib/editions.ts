/** A publisher's edition as its cover sheet states it: 'published 9th August 2018, revised 9th May 2019'. */
export function edition(published: string | null, revised: string | null): string | null {
  return [published && `published ${published}`, revised && `revised ${revised}`].filter(Boolean).join(', ') || null;
}
