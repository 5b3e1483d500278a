/**
 * Application log lines (JSON for Cloud Logging, or the local short form) are held back while a test runs and
 * printed only if it fails, so a passing suite's output is the test report alone. LOG_LEVEL=warn (see
 * vitest.config.ts) already leaves out the routine lines.
 */
import { beforeEach } from 'vitest';

const LOG_LINE = /^(\{"severity":"|\d{2}:\d{2}:\d{2} (DEBUG|INFO|NOTICE|WARNING|ERROR) )/;
const held: string[] = [];
const write = process.stdout.write.bind(process.stdout);

process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  if (typeof chunk === 'string' && LOG_LINE.test(chunk)) {
    held.push(chunk);
    return true;
  }
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

beforeEach(({ onTestFailed }) => {
  held.length = 0;
  onTestFailed(() => {
    if (held.length > 0) process.stderr.write(`--- log lines of this test ---\n${held.join('')}`);
  });
});
