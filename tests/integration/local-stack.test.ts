/**
 * The local stack as a user runs it: `npm start` (scripts/dev-server.ts) on a fresh workbook, then
 * `npm run simulate -- form join …` against it; the workbook (a new member) and the Slack transcript (their
 * introduction) show the effect.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalGridStore } from '../../sheets-schema/local.js';
import { type DevServer, freePort, ROOT, startDevServer } from './dev-server.js';
import { ENV_KEYS, waitFor } from './helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let server: DevServer | undefined;

/** Runs a script to its end, like `npm run …` in another terminal. */
function run(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-local-stack-'));
  env = { ...process.env };
  // A developer's shell may hold these: not for this run.
  for (const name of ENV_KEYS) delete env[name];
  Object.assign(env, { LOCAL_WORKBOOK: join(dir, 'group.xlsx'), PORT: String(await freePort()) });
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('npm start, then npm run simulate -- form join: the workbook and the transcript show it', async () => {
  server = await startDevServer(env);
  const health = (await (await fetch(`${server.base}/healthz`)).json()) as Record<string, unknown>;
  expect(health).toMatchObject({ ok: true, backend: 'local', slack: 'transcript' });

  const simulated = await run('scripts/simulate.ts', [
    'form',
    'join',
    'Name=Ada Lovelace',
    'Email=ada@example.org',
    'Introduce me to other members=Yes',
  ]);
  expect(simulated.out).toMatch(/^202 {2}POST \/forms/m);
  expect(simulated.code).toBe(0);

  const store = createLocalGridStore({ path: env.LOCAL_WORKBOOK as string });
  const received = await waitFor(
    'the Audit row member.joined in the workbook',
    async () => {
      const [header = [], ...rows] = (await store.readTabs(['Audit'])).get('Audit') ?? [];
      const action = header.indexOf('Action');
      return rows.find((row) => row[action] === 'member.joined') && { header, rows };
    },
    { timeoutMs: 10_000, intervalMs: 200 },
  );
  const row = received.rows.find((r) => r[received.header.indexOf('Action')] === 'member.joined') ?? [];
  expect(row[received.header.indexOf('Target')]).toBe('M-1');
  expect(String(row[received.header.indexOf('Key')])).toMatch(/^form:sim-/);

  const transcript = await waitFor(
    'the introduction in slack.log',
    async () => {
      const text = await readFile(join(dir, 'slack.log'), 'utf8');
      return text.includes('Please welcome *Ada Lovelace*') && text;
    },
    { timeoutMs: 10_000, intervalMs: 200 },
  );
  expect(transcript.match(/^.*post to #introductions.*$/gm)).toHaveLength(1);
}, 40_000);
