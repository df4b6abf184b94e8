import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// URL' }).optional(),
  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is not set. */
  JOINED_UP_DATA_DIR: z.string().min(1).optional(),
});

export type WarehouseEnv = z.infer<typeof schema>;

/** The only place the warehouse reads the environment. Empty strings count as unset. */
export function warehouseEnv(env: NodeJS.ProcessEnv = process.env): WarehouseEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return schema.parse(present);
}
