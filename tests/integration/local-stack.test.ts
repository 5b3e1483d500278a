/**
 * The local stack as a user runs it: `npm start` (scripts/dev-server.ts) on a new workbook, with the sample
 * group or blank, on an existing workbook and on a Google sheet (never a sample there), a port already in use,
 * then `npm run simulate -- form join …` against it: the workbook (a new member) and the Slack transcript (their
 * introduction) show the effect.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cell } from '../../sheets-schema/cells.js';
import { createLocalGridStore } from '../../sheets-schema/local.js';
import { type SheetsFake, startSheetsFake } from '../fakes/sheets-fake.js';
import { ENV_KEYS } from './helpers.js';
import { freePort, run, type Started, startDevServer } from './processes.js';

let dir: string;
let env: NodeJS.ProcessEnv;
const stacks: Started[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-local-stack-'));
  env = { ...process.env };
  // A developer's shell may hold these: not for this run.
  for (const name of [...ENV_KEYS, 'SAMPLE_GROUP', 'LOG_LEVEL']) delete env[name];
  Object.assign(env, { LOCAL_WORKBOOK: join(dir, 'group.xlsx'), PORT: String(await freePort()) });
});

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function startStack(args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
  const stack = await startDevServer({ ...env, ...extraEnv }, args);
  stacks.push(stack);
  return stack;
}

/** A tab of the local workbook as records by header, blank rows left out. */
async function rowsOf(tab: string): Promise<Record<string, Cell>[]> {
  const store = createLocalGridStore({ path: env.LOCAL_WORKBOOK as string });
  const [header = [], ...rows] = (await store.readTabs([tab])).get(tab) ?? [];
  return rows
    .filter((row) => row.some((cell) => cell !== null && cell !== ''))
    .map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? null])));
}

const slackLog = () => readFile(join(dir, 'slack.log'), 'utf8').catch(() => '');

describe('npm start on a new local workbook', () => {
  it('provisions the sample group, clearly marked, announces its event, and says how to start blank', async () => {
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

  it.each([
    ['npm start -- --empty', ['--empty'], {}],
    ['SAMPLE_GROUP=false', [], { SAMPLE_GROUP: 'false' }],
    // Its made-up people and event would reach a real workspace.
    [
      'a real Slack workspace (SLACK_BOT_TOKEN)',
      [],
      { SLACK_BOT_TOKEN: 'xoxb-local-stack', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
    ],
  ])(
    '%s: a blank workbook, and it says so',
    async (_how, args, extraEnv) => {
      const stack = await startStack(args, extraEnv);
      expect(stack.output()).toContain('group.xlsx: new and blank');
      expect(stack.output()).not.toContain('The sample group');
      expect(await rowsOf('Leaders')).toEqual([]);
      expect(await rowsOf('Members')).toEqual([]);
      expect(await rowsOf('Events')).toEqual([]);
      const settings = Object.fromEntries((await rowsOf('Settings')).map((r) => [r.Setting, r.Value]));
      expect(settings['Group name']).toBe('Our Community');
      expect(await slackLog()).toBe('');
    },
    40_000,
  );
});

describe('npm start never adds a sample to a sheet it did not create', () => {
  let sheets: SheetsFake;
  afterAll(async () => sheets?.close());

  it('a Google sheet, new and empty, is provisioned blank', async () => {
    sheets = await startSheetsFake();
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

  it('an existing local workbook, even with --empty, is used as it is', async () => {
    await run({ script: 'provision.ts' }, { env });
    const stack = await startStack(['--empty']);
    expect(stack.output()).toContain('the existing workbook, used as it is (--empty is only for a new one)');
    expect(await rowsOf('Leaders')).toEqual([]);
  }, 40_000);
});

it('a port in use: npm start says so and how to fix it, with no stack trace', async () => {
  await startStack(['--empty']);
  const second = await run({ script: 'dev-server.ts' }, { env });
  const port = Number(env.PORT);
  expect(second.code).toBe(1);
  expect(second.out.trim()).toBe(
    `a Hearth stack (or another program) already uses port ${port}: stop it, or start with PORT=${port + 1}`,
  );
}, 40_000);

it('npm start -- --bogus: names the option and shows the usage', async () => {
  const { code, out } = await run({ script: 'dev-server.ts', args: ['--bogus'] }, { env });
  expect(code).toBe(2);
  expect(out).toMatch(/^unknown option --bogus\n\nusage: npm start \[-- --empty\]/);
});

it('npm start -- --empty, then npm run simulate -- form join: the workbook and the transcript show it', async () => {
  await startStack(['--empty']);
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

it('simulate signs with the stack’s secrets and never makes its own', async () => {
  await startStack(['--empty']);
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
