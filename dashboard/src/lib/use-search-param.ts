import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** One query parameter as state; setting it replaces the history entry, so Back leaves the page. */
export function useSearchParam(name: string): [string | null, (value: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();

  const update = useCallback(
    (next: string) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          params.set(name, next);
          return params;
        },
        { replace: true },
      );
    },
    [name, setSearchParams],
  );

  return [searchParams.get(name), update];
}
