import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** CUBEJS_API_SECRET when given; otherwise one generated on first start and kept (mode 600) in the data folder. */
export function resolveApiSecret(fromEnv: string | undefined, dataDir: string): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'cube-api-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
