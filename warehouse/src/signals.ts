const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Runs `cleanup` (e.g. stopping the embedded PostgreSQL) before the process dies of Ctrl-C or SIGTERM,
 * then exits with the conventional 128 + signal code. Returns a function that removes the handlers.
 */
export function cleanUpOnSignals(cleanup: () => Promise<void>): () => void {
  const handlers = Object.entries(SIGNALS).map(([signal, code]) => {
    const handler = () => {
      void cleanup()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(code));
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
