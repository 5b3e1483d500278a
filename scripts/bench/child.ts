import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs a TypeScript file with tsx in a fresh process (a JavaScript one with plain node when `plain`) and
 * returns the first JSON line it prints.
 */
export function startChild(
  file: string,
  args: string[] = [],
  nodeOptions = '',
  plain = false,
): Promise<{ line: Record<string, unknown>; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [...(plain ? [] : ['--import', 'tsx']), ...nodeOptions.split(' ').filter(Boolean), file, ...args],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before answering`)));
    lines.once('line', (line) => {
      resolve({
        line: JSON.parse(line) as Record<string, unknown>,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.stdin.end();
          }),
      });
    });
  });
}
