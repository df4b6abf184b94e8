import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface to listen on. The default keeps the demo (and its token endpoint) on this machine. */
  HOST: z.string().min(1).default('127.0.0.1'),
  CUBEJS_API_SECRET: z.string().min(32, 'CUBEJS_API_SECRET must be at least 32 characters').optional(),
  /** Whether GET /api/token hands the page a token. Turn off where an identity provider issues tokens. */
  JOINED_UP_ISSUE_TOKENS: booleanFlag.default(true),
  /** Hours a token from /api/token stays valid. */
  JOINED_UP_TOKEN_HOURS: z.coerce.number().positive().default(12),
});

export type ServerEnv = z.infer<typeof schema>;

/** The only place the server reads the environment. Empty strings count as unset. */
export function serverEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return schema.parse(present);
}
