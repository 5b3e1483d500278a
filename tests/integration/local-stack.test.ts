/**
 * The local stack as a user runs it: `npm start` (scripts/dev-server.ts) on a new workbook, with the sample
 * group or blank, on an existing workbook and on a Google sheet (never a sample there), a port already in use,
 * then `npm run simulate -- form join …` against it: the workbook (a new member) and the Slack transcript (their
 * introduction) show the effect.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { Cell } from '../../sheets-schema/cells.js';
import { createLocalGridStore } from '../../sheets-schema/local.js';
import { startSheetsFake } from '../fakes/sheets-fake.js';
import { ENV_KEYS } from './helpers.js';
import { freePort, run, type Started, startDevServer } from './processes.js';

/** A scratch directory and environment of its own, for one test or for the tests that share a stack. */
interface Scratch {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** `npm start [args]` here, stopped when the scratch is removed. */
  startStack(args?: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Started>;
  /** A tab of the local workbook as records by header, blank rows left out. */
  rowsOf(tab: string): Promise<Record<string, Cell>[]>;
  slackLog(): Promise<string>;
  /** Stops its stacks and removes the directory. */
  remove(): Promise<void>;
}

async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-local-stack-'));
  const env = { ...process.env };
  // A developer's shell may hold these: not for this run.
  for (const name of [...ENV_KEYS, 'SAMPLE_GROUP', 'LOG_LEVEL']) delete env[name];
  Object.assign(env, { LOCAL_WORKBOOK: join(dir, 'group.xlsx'), PORT: String(await freePort()) });
  const stacks: Started[] = [];
  return {
    dir,
    env,
    async startStack(args = [], extraEnv = {}) {
      const stack = await startDevServer({ ...env, ...extraEnv }, args);
      stacks.push(stack);
      return stack;
    },
    async rowsOf(tab) {
      const store = createLocalGridStore({ path: env.LOCAL_WORKBOOK as string });
      const [header = [], ...rows] = (await store.readTabs([tab])).get(tab) ?? [];
      return rows
        .filter((row) => row.some((cell) => cell !== null && cell !== ''))
        .map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? null])));
    },
    slackLog: () => readFile(join(dir, 'slack.log'), 'utf8').catch(() => ''),
    async remove() {
      await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A scratch of the test's own, removed when it ends: tests side by side each start their own stack. */
async function scratchFor({ onTestFinished }: TestContext): Promise<Scratch> {
  const made = await scratch();
  onTestFinished(() => made.remove());
  return made;
}

// Each group's tests run side by side: every one has its own scratch directory, port and stack (or shares one
// stack that none of them changes for another), and the stacks spend most of their time starting up.
describe('npm start on a new local workbook', () => {
  it.concurrent('provisions the sample group, clearly marked, announces its event, and says how to start blank', async (context) => {
    const { dir, startStack, rowsOf, slackLog } = await scratchFor(context);
    const stack = await startStack();
    const banner = stack.output();
    expect(banner).toContain('group.xlsx: new, with a sample group');
    expect(banner).toContain('run npm start -- --empty');
    expect(banner).toMatch(/Leaders {2}Grace Hopper U07GRACEHOP \(Organizer, can approve\)/);

    const settings = Object.fromEntries((await rowsOf('Settings')).map((r) => [r.Setting, r]));
    expect(settings['Group name']).toMatchObject({ Value: 'Sample group (delete me)' });
    expect(String(settings['Group name']?.Notes)).toMatch(/^Sample data made by npm start/);
    expect(settings['Join approval']?.Value).toBe('Required');
    const leaders = await rowsOf('Leaders');
    expect(leaders.map((l) => [l['Slack ID'], l.Role, l['Can approve'], l.Active])).toEqual([
      ['U07GRACEHOP', 'Organizer', 'Yes', 'Yes'],
      ['U07ALANTURN', 'Greeter', 'No', 'Yes'],
    ]);
    for (const id of leaders.map((l) => String(l['Slack ID']))) expect(id).toMatch(/^U[A-Z0-9]{10}$/);
    expect(await rowsOf('Members')).toEqual([
      expect.objectContaining({
        'Member ID': 'M-1',
        'Slack ID': 'U07KATJOHNS',
        Status: 'Active',
        Notes: expect.stringMatching(/^Sample data/),
      }),
    ]);
    const [event] = await rowsOf('Events');
    expect(event).toMatchObject({ 'Event ID': 'EV-1', Status: 'Announced', Capacity: 3 });
    expect(String(event?.['Slack message'])).toMatch(/^https:\/\/transcript\.slack\.invalid\//);
    expect(await slackLog()).toContain('| [Going](rsvp:yes EV-1) [Can’t go](rsvp:no EV-1)');
    expect(JSON.parse(await readFile(join(dir, 'slack-users.json'), 'utf8'))).toMatchObject({
      'katherine@example.org': { id: 'U07KATJOHNS' },
    });

    // Started again, the workbook is the user's: nothing is added to it.
    await stack.stop();
    const again = await startStack();
    expect(again.output()).toContain('group.xlsx: the existing workbook, used as it is');
    expect(again.output()).not.toContain('The sample group');
    expect(await rowsOf('Leaders')).toHaveLength(2);
    expect(await rowsOf('Events')).toHaveLength(1);
  }, 60_000);

  it.concurrent.for<[string, string[], NodeJS.ProcessEnv]>([
    ['npm start -- --empty', ['--empty'], {}],
    ['SAMPLE_GROUP=false', [], { SAMPLE_GROUP: 'false' }],
    // Its made-up people and event would reach a real workspace.
    [
      'a real Slack workspace (SLACK_BOT_TOKEN)',
      [],
      { SLACK_BOT_TOKEN: 'xoxb-local-stack', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
    ],
  ])('%s: a blank workbook, and it says so', { timeout: 40_000 }, async ([, args, extraEnv], context) => {
    const { startStack, rowsOf, slackLog } = await scratchFor(context);
    const stack = await startStack(args, extraEnv);
    expect(stack.output()).toContain('group.xlsx: new and blank');
    expect(stack.output()).not.toContain('The sample group');
    expect(await rowsOf('Leaders')).toEqual([]);
    expect(await rowsOf('Members')).toEqual([]);
    expect(await rowsOf('Events')).toEqual([]);
    const settings = Object.fromEntries((await rowsOf('Settings')).map((r) => [r.Setting, r.Value]));
    expect(settings['Group name']).toBe('Our Community');
    expect(await slackLog()).toBe('');
  });
});

describe('npm start never adds a sample to a sheet it did not create', () => {
  it.concurrent('a Google sheet, new and empty, is provisioned blank', async (context) => {
    const { startStack } = await scratchFor(context);
    const sheets = await startSheetsFake();
    context.onTestFinished(() => sheets.close());
    const stack = await startStack([], {
      SHEETS_BACKEND: 'google',
      SPREADSHEET_ID: sheets.spreadsheetId,
      SHEETS_API_ROOT_URL: sheets.rootUrl,
      SLACK_SIGNING_SECRET: 'local-stack-slack-secret',
      FORM_RELAY_SECRET: 'local-stack-form-secret',
      SCHEDULER_TOKEN: 'local-stack-scheduler-token',
    });
    expect(stack.output()).toContain(`the Google spreadsheet ${sheets.spreadsheetId}, used as it is`);
    expect(stack.output()).not.toContain('The sample group');
    const header = sheets.getGrid('Leaders')[0] ?? [];
    expect(header).toContain('Slack ID');
    expect(sheets.getGrid('Leaders').slice(1)).toEqual([]);
    expect(sheets.getGrid('Events').slice(1)).toEqual([]);
  }, 40_000);

  it.concurrent('an existing local workbook, even with --empty, is used as it is', async (context) => {
    const { env, startStack, rowsOf } = await scratchFor(context);
    await run({ script: 'provision.ts' }, { env });
    const stack = await startStack(['--empty']);
    expect(stack.output()).toContain('the existing workbook, used as it is (--empty is only for a new one)');
    expect(await rowsOf('Leaders')).toEqual([]);
  }, 40_000);
});

it('npm start -- --bogus: names the option and shows the usage', async (context) => {
  const { env } = await scratchFor(context);
  const { code, out } = await run({ script: 'dev-server.ts', args: ['--bogus'] }, { env });
  expect(code).toBe(2);
  expect(out).toMatch(/^unknown option --bogus\n\nusage: npm start \[-- --empty\]/);
});

describe('with npm start -- --empty running', () => {
  // One stack for these tests: a second npm start that finds the port taken and a simulate that finds no
  // secrets change nothing in it, so the join below is still the workbook's first.
  let shared: Scratch;
  beforeAll(async () => {
    shared = await scratch();
    await shared.startStack(['--empty']);
  });
  afterAll(() => shared?.remove());

  it.concurrent('a port in use: npm start says so and how to fix it, with no stack trace', async () => {
    const { env } = shared;
    const second = await run({ script: 'dev-server.ts' }, { env });
    const port = Number(env.PORT);
    expect(second.code).toBe(1);
    expect(second.out.trim()).toBe(
      `a Hearth stack (or another program) already uses port ${port}: stop it, or start with PORT=${port + 1}`,
    );
  }, 40_000);

  it.concurrent('npm start -- --empty, then npm run simulate -- form join: the workbook and the transcript show it', async () => {
    const { env, rowsOf, slackLog } = shared;
    const simulated = await run(
      {
        script: 'simulate.ts',
        args: [
          'form',
          'join',
          'Name=Ada Lovelace',
          'Email=ada@example.org',
          'Introduce me to other members=Yes',
        ],
      },
      { env },
    );
    expect(simulated.code).toBe(0);
    // simulate waits until the writer has applied the submission: the introduction is in its output already.
    expect(simulated.out).toMatch(
      /^202 Accepted {2}POST \/forms\n {2}post to #introductions \(C\w+\) ts=\S+\n/,
    );
    expect(simulated.out).toContain('Please welcome *Ada Lovelace*');

    const audit = await rowsOf('Audit');
    const joined = audit.find((row) => row.Action === 'member.joined');
    expect(joined?.Target).toBe('M-1');
    expect(String(joined?.Key)).toMatch(/^form:sim-/);
    expect((await slackLog()).match(/^.*post to #introductions.*$/gm)).toHaveLength(1);
  }, 40_000);

  it.concurrent('simulate signs with the stack’s secrets and never makes its own', async () => {
    const { dir, env } = shared;
    const elsewhere = join(dir, 'elsewhere', 'group.xlsx');
    const { code, out } = await run(
      { script: 'simulate.ts', args: ['tick'] },
      { env: { ...env, LOCAL_WORKBOOK: elsewhere } },
    );
    expect(code).toBe(1);
    expect(out).toContain('simulate signs requests with the secrets npm start keeps in');
    expect(out).toContain('run simulate with the same LOCAL_WORKBOOK as npm start');
    await expect(readFile(join(dir, 'elsewhere', 'dev-secrets.json'), 'utf8')).rejects.toThrow();
  }, 40_000);
});
