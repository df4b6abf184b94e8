import { useCallback, useState } from 'react';

function readSearchParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

export function useSearchParam(name: string): [string | null, (value: string) => void] {
  const [value, setValue] = useState(() => readSearchParam(name));

  const update = useCallback(
    (next: string) => {
      const url = new URL(window.location.href);
      url.searchParams.set(name, next);
      window.history.replaceState(window.history.state, '', url);
      setValue(next);
    },
    [name],
  );

  return [value, update];
}
