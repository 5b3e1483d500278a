/**
 * The npm commands as a user runs them, in child processes: a free port, a command run to its end, and the
 * long-running stack (`npm start`) with its output and a clean stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitFor } from './helpers.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's loader by path, so a script runs from any working directory. */
export const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s. */
  stop(): Promise<void>;
  /** `kill -9`: no shutdown of any kind. */
  kill(): Promise<void>;
}

/** `scripts/<script>` (or `sh -c command` when `script` is undefined) in a child process, its output collected. */
export function start(
  what: { script: string; args?: string[] } | { shell: string },
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): Started {
  const child =
    'shell' in what
      ? spawn('sh', ['-c', what.shell], { cwd: options.cwd ?? ROOT, env: options.env })
      : spawn(process.execPath, ['--import', TSX, join(ROOT, 'scripts', what.script), ...(what.args ?? [])], {
          cwd: options.cwd ?? ROOT,
          env: options.env,
        });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    output: () => out,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs to its end, like `npm run …` in another terminal. */
export function run(
  what: { script: string; args?: string[] } | { shell: string },
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; out: string }> {
  const started = start(what, options);
  return new Promise((resolve, reject) => {
    started.child.once('error', reject);
    started.child.once('close', (code) => resolve({ code, out: started.output() }));
  });
}

/** `npm start [args]` with `env`, resolved once its banner is out (it ends by saying how to stop it). */
export async function startDevServer(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Started> {
  const stack = start({ script: 'dev-server.ts', args }, { env });
  await waitFor(
    'the stack’s banner',
    () => {
      if (stack.child.exitCode !== null) throw new Error(`the stack exited:\n${stack.output()}`);
      return stack.output().includes('Stop it with Ctrl+C.');
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  ).catch(async (error: Error) => {
    await stack.stop();
    throw new Error(`${error.message}\n--- npm start printed ---\n${stack.output()}`);
  });
  return stack;
}
