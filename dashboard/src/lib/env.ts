// zod/mini rather than zod: the full build would add about 75 kB to the page for two small schemas.
import * as z from 'zod/mini';

const clientEnvSchema = z.object({
  VITE_CUBE_API_URL: z.optional(z.url({ protocol: /^https?$/ })),
  VITE_CUBE_API_TOKEN: z.optional(z.string().check(z.minLength(1))),
});

export type ClientEnv = z.infer<typeof clientEnvSchema>;

export function parseClientEnv(raw: Record<string, unknown>): ClientEnv {
  const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, value === '' ? undefined : value]));
  return clientEnvSchema.parse(values);
}

export const env = parseClientEnv(import.meta.env);
