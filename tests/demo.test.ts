/**
 * `npm run demo` end to end, in a scratch directory: every step is a real signed request to the functions, so
 * the tour doubles as a smoke test of the whole local stack (onboarding, approvals, events, reminders).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'hearth-demo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('runs the tour: every request is accepted, the event fills, waitlists, promotes and ends Done', async () => {
  const tsx = resolve('node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, [resolve('scripts/demo.ts')], {
    cwd: scratch,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const answers = [...stdout.matchAll(/→ (\d{3})/g)].map((m) => m[1]);
  expect(answers.length).toBeGreaterThan(20);
  expect(answers.filter((status) => status !== '200' && status !== '202')).toEqual([]);
  expect(stdout).toMatch(/R-4 {2}EV-1 {2}Katherine Johnson Yes guests 1 {2}by Form {2}Waitlisted position 1/);
  expect(stdout).toMatch(/R-5 {2}EV-1 {2}Margaret Hamilton Yes guests 0 {2}by Slack Confirmed/);
  expect(stdout).toMatch(/Done {2}Confirmed 3 \/ Waitlisted 2 \/ Seats left 0/);
  // The 1-day reminder keeps its local time across the clocks going forward: 23 real hours before.
  expect(stdout).toMatch(
    /1 day {4}DM Edsger \(R-2\) {8}due Sat 27 Mar, 18:30 GMT \(18:30 UTC\), 23h before {2}Sent/,
  );
}, 90_000);
