import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The local stack's generated secrets, kept in `dev-secrets.json` beside the local workbook so that
 * `npm run simulate` can sign requests and a restart keeps them. Never used by the google backend.
 */
export function rememberedSecret(name: string, localWorkbook: string): string {
  const file = secretsFile(localWorkbook);
  const secrets = readSecrets(file);
  const known = secrets[name];
  if (known) return known;
  const made = randomBytes(24).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...secrets, [name]: made }, null, 2)}\n`, { mode: 0o600 });
  return made;
}

/** Where the local stack keeps its generated secrets. */
export function secretsFile(localWorkbook: string): string {
  return join(dirname(localWorkbook), 'dev-secrets.json');
}

function readSecrets(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {}; // none yet
  }
}

/** A secret the local stack already made, without making one (for a client such as simulate). */
export function storedSecret(name: string, localWorkbook: string): string | undefined {
  return readSecrets(secretsFile(localWorkbook))[name] || undefined;
}
