import { useEffect, useState } from 'react';

export type RequestState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; data: T };

type SettledState<T> = Exclude<RequestState<T>, { status: 'loading' }>;

/**
 * Runs `request(key)` whenever `key` changes. `request` must be a stable (module-level) function:
 * everything that varies belongs in `key`.
 */
export function useCubeRequest<T>(key: string, request: (key: string) => Promise<T>): RequestState<T> {
  const [settled, setSettled] = useState<{ key: string; state: SettledState<T> } | null>(null);

  useEffect(() => {
    let ignore = false;
    request(key).then(
      (data) => {
        if (!ignore) setSettled({ key, state: { status: 'success', data } });
      },
      (error: unknown) => {
        console.error(error);
        if (!ignore) setSettled({ key, state: { status: 'error', error } });
      },
    );
    return () => {
      ignore = true;
    };
  }, [key, request]);

  // A result for an earlier request must never be shown as the answer to the current one.
  if (!settled || settled.key !== key) return { status: 'loading' };
  return settled.state;
}
