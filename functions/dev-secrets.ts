import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The local stack's generated secrets, kept in `dev-secrets.json` beside the local workbook so that
 * `npm run simulate` can sign requests and a restart keeps them. Never used by the google backend.
 */
export function rememberedSecret(name: string, localWorkbook: string): string {
  const file = join(dirname(localWorkbook), 'dev-secrets.json');
  let secrets: Record<string, string> = {};
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // none yet
  }
  const known = secrets[name];
  if (known) return known;
  const made = randomBytes(24).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...secrets, [name]: made }, null, 2)}\n`, { mode: 0o600 });
  return made;
}
