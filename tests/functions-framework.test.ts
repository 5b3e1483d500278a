/**
 * The compiled package as Cloud Functions runs it: `functions-framework --target=forms|slack|writer` from the
 * package root (package.json `main` → dist/functions/index.js), configured as `npm run deploy` configures it
 * (SHEETS_BACKEND=google, the secrets as environment variables). Each door refuses an unsigned request the way
 * it does in the cloud. Nothing here reaches Google or Slack: every request is refused before that.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './integration/processes.js';
import { streamedPost } from './streamed-post.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['functions', 'workflows', 'sheets-schema'];
const TARGETS = ['forms', 'slack', 'writer'] as const;
type Target = (typeof TARGETS)[number];
const SCHEDULER_TOKEN = 'ff-scheduler-token';

let packageRoot = ROOT;
let scratch: string | undefined;
const servers = new Map<Target, { child: ChildProcess; base: string; output: () => string }>();

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** dist/ is fresh when every source has its compiled file, written after it. */
async function distIsFresh(): Promise<boolean> {
  for (const dir of SOURCES) {
    for (const source of await sourceFiles(join(ROOT, dir))) {
      const compiled = join(ROOT, 'dist', relative(ROOT, source)).replace(/\.ts$/, '.js');
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) return false;
    }
  }
  return true;
}

/**
 * The package root to run from: this one when its dist/ is fresh, else a scratch copy (package.json, the
 * installed node_modules, a fresh build) so the shared dist/ is left alone.
 */
async function preparePackage(): Promise<string> {
  if (await distIsFresh()) return ROOT;
  scratch = await mkdtemp(join(tmpdir(), 'hearth-ff-'));
  await copyFile(join(ROOT, 'package.json'), join(scratch, 'package.json'));
  await symlink(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', join(scratch, 'dist')],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  // Type errors are `npm run check`'s business; what matters here is that the entry point was emitted.
  if (!existsSync(join(scratch, 'dist', 'functions', 'index.js'))) {
    throw new Error(`the build emitted no dist/functions/index.js:\n${build.stdout}${build.stderr}`);
  }
  return scratch;
}

async function start(target: Target): Promise<void> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SHEETS_BACKEND: 'google',
    SPREADSHEET_ID: 'x',
    SLACK_BOT_TOKEN: 'xoxb-ff-test',
    SLACK_SIGNING_SECRET: 'ff-signing-secret',
    FORM_RELAY_SECRET: 'ff-relay-secret',
    PORT: String(port),
    ...(target === 'writer' ? { SCHEDULER_TOKEN } : {}),
  };
  const bin = join(packageRoot, 'node_modules', '.bin', 'functions-framework');
  const child = spawn(bin, [`--target=${target}`], { cwd: packageRoot, env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  servers.set(target, { child, base, output: () => output });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`functions-framework --target=${target} exited:\n${output}`);
    try {
      await fetch(base, { method: 'GET', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`functions-framework --target=${target} did not listen:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A process's peak resident set size in bytes (Linux's VmHWM); undefined where /proc does not say. */
function peakRss(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

beforeAll(async () => {
  packageRoot = await preparePackage();
  await Promise.all(TARGETS.map(start));
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map(({ child }) => stop(child)));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function post(target: Target, path: string, body: string, headers: Record<string, string> = {}) {
  const server = servers.get(target);
  if (!server) throw new Error(`${target} is not running`);
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

describe('functions-framework, as Cloud Functions runs the package', () => {
  it('forms: an unsigned submission is refused with 401 and how to sign it', async () => {
    const response = await post('forms', '/', JSON.stringify({ form: 'join', answers: {} }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ fix: expect.stringContaining('sign') });
    const old = await post('forms', '/', '{}', { 'X-Form-Timestamp': '1000', 'X-Form-Signature': 'v1=00' });
    expect(old.status).toBe(401);
  });

  it('slack: an unsigned request is refused with 401', async () => {
    const response = await post('slack', '/slack/events', JSON.stringify({ type: 'url_verification' }));
    expect(response.status).toBe(401);
    const forged = await post('slack', '/slack/events', '{}', {
      'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
      'X-Slack-Signature': 'v0=0000',
    });
    expect(forged.status).toBe(401);
  });

  it('writer: a tick without the bearer token (or with a wrong one) is refused with 401', async () => {
    const bare = await post('writer', '/scheduler', '');
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ fix: 'send Authorization: Bearer <SCHEDULER_TOKEN>' });
    const wrong = await post('writer', '/work', '{}', { Authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
  });

  it.each([
    ['forms', '/'],
    ['slack', '/slack/events'],
  ] as const)(
    '%s: malformed JSON gets our JSON 400, never the framework’s HTML page',
    async (target, path) => {
      const response = await post(target, path, '{"form": ');
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'the body is not valid JSON', fix: 'send a JSON object' });
      expect(text).not.toMatch(/<html|<pre|SyntaxError|at /i);
    },
  );

  it.each([
    ['forms', '/', true],
    ['slack', '/slack/events', true],
    ['slack', '/slack/events', false],
  ] as const)(
    '%s: a 200 MB body (Content-Length: %s) is refused with 413 while it streams',
    async (target, path, declare) => {
      const server = servers.get(target);
      const before = peakRss(server?.child.pid);
      const total = 200 * 1024 * 1024;
      const answer = await streamedPost(`${server?.base}${path}`, total, { declare });
      expect(answer.status).toBe(413);
      // Answered before the body could have been read (how early depends on the machine's load), and the
      // function's memory stayed flat.
      expect(answer.sent).toBeLessThan(total);
      const after = peakRss(server?.child.pid);
      if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(64 * 1024 * 1024);
    },
  );

  it('each refuses anything but POST, and logs no secret', async () => {
    for (const target of TARGETS) {
      const server = servers.get(target);
      const response = await fetch(`${server?.base}/`, { method: 'GET' });
      expect(response.status, target).toBe(405);
      const output = server?.output() ?? '';
      for (const secret of ['xoxb-ff-test', 'ff-signing-secret', 'ff-relay-secret', SCHEDULER_TOKEN]) {
        expect(output, target).not.toContain(secret);
      }
    }
  });
});
