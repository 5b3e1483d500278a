/**
 * The npm commands as a user runs them, in child processes: a free port, a command run to its end, and the
 * long-running stack (`npm start`) with its output and a clean stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's loader by path, so a script runs from any working directory. */
export const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Ports already handed out here: tests running side by side never get the same one. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export interface Started {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /**
   * Resolves as soon as the output so far satisfies `done` (checked as each chunk arrives); fails, naming `what`,
   * if the process exits first or `timeoutMs` passes.
   */
  printed(what: string, done: (output: string) => boolean, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s; resolves once it has exited. */
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
  /** 'data' as output arrives, 'close' once the process and its output have ended. */
  const events = new EventEmitter();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    events.emit('data');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let closed = false;
  child.once('close', () => {
    closed = true;
    events.emit('close');
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    output: () => out,
    printed(what, done, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          clearTimeout(timer);
          events.off('data', check);
          events.off('close', exitedFirst);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (done(out)) settle();
        };
        const exitedFirst = () => settle(new Error(`the process exited before ${what}`));
        const timer = setTimeout(
          () => settle(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
          timeoutMs,
        );
        events.on('data', check);
        events.once('close', exitedFirst);
        if (done(out)) settle();
        else if (closed) exitedFirst();
      });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const stubborn = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(stubborn);
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
  await stack
    .printed('the stack’s banner', (out) => out.includes('Stop it with Ctrl+C.'), 20_000)
    .catch(async (error: Error) => {
      await stack.stop();
      throw new Error(`${error.message}\n--- npm start printed ---\n${stack.output()}`);
    });
  return stack;
}
