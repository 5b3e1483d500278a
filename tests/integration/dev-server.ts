import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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

export interface DevServer {
  child: ChildProcess;
  base: string;
  output(): string;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>;
  /** `kill -9`: no shutdown of any kind. */
  kill(): Promise<void>;
}

/** `npm start` (scripts/dev-server.ts) with `env`, resolved once GET /healthz answers. */
export async function startDevServer(env: NodeJS.ProcessEnv): Promise<DevServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-server.ts'], { cwd: ROOT, env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const base = `http://127.0.0.1:${env.PORT}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const server: DevServer = {
    child,
    base,
    output: () => output,
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (!gone()) await server.kill();
    },
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  await waitFor(
    'GET /healthz to answer',
    async () => {
      if (gone()) throw new Error(`the dev server exited:\n${output}`);
      const response = await fetch(`${base}/healthz`);
      return response.status === 200;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- dev server output ---\n${output}`);
  });
  return server;
}
