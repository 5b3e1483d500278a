/**
 * `npm run simulate`: its help lists every flag and sends nothing; mistakes (a flag, a question title, a
 * command, a modal input) are errors that name what is known; a click lands on the message that has the button;
 * with no stack running it says how to start one, and never prints a stack trace (nor does any command: explain).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ErrorCode, WorkbookError } from '../common/errors.js';
import { CliError, explain } from '../scripts/lib/cli.js';
import {
  COMMANDS,
  commandHelp,
  modalValues,
  overallHelp,
  parseArgs,
} from '../scripts/lib/simulate-commands.js';
import { latestModal, messageWithButton, type TranscriptEntry } from '../scripts/lib/transcript.js';
import { feedbackModal } from '../workflows/feedback/messages.js';
import { reportModal } from '../workflows/moderation/messages.js';
import { freePort, run } from './integration/processes.js';

const errorOf = (args: string[]): string => {
  try {
    parseArgs(args);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`parseArgs(${JSON.stringify(args)}) did not refuse`);
};

describe('parseArgs', () => {
  it('help: every command in the overview, every flag in the command’s own', () => {
    for (const command of COMMANDS) {
      expect(overallHelp()).toContain(command.words.join(' '));
      const parsed = parseArgs([...command.words, '--help']);
      expect(parsed).toEqual({ kind: 'help', text: commandHelp(command) });
      for (const flag of command.flags) expect(commandHelp(command)).toContain(`--${flag.name} `);
    }
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', text: overallHelp() });
    expect(commandHelp(COMMANDS[0] as (typeof COMMANDS)[number])).toContain('How did you hear about us? (');
  });

  it.each([
    [
      ['slack', 'click', '--user', 'U07GRACEHOP', '--action', 'rsvp:yes', '--vlaue', 'EV-1'],
      'unknown flag --vlaue for slack click: its flags are --user, --action, --value, --channel, --ts, --url',
    ],
    [
      ['form', 'join', 'Nmae=Ada'],
      'the join form has no question "Nmae": its questions are "Name", "Email", "How did you hear about us?"',
    ],
    [['form', 'join', 'Ada'], '"Ada" is not a "Question title=value" pair'],
    [['tick', 'now'], '"now" is not a flag of tick: its flags are --now, --url'],
    [
      ['slack', 'click', '--action', 'rsvp:yes'],
      'slack click needs --user U…: who presses it: a Slack user ID',
    ],
    [
      ['slack', 'click', '--user', 'grace', '--action', 'rsvp:yes'],
      '--user must be a Slack user ID like U07GRACEHOP, not "grace"',
    ],
    [
      ['slack', 'click', '--user', 'U07GRACEHOP', '--action', 'approve'],
      'unknown --action "approve": Hearth\'s buttons are approval:approve, approval:decline, rsvp:yes',
    ],
    [['slack', 'click', '--user'], '--user needs a value'],
    [
      ['slack'],
      '"slack" needs more: it is one of slack event team_join, slack event user_change, slack click',
    ],
    [['sms'], 'unknown command "sms": the commands are form join, form rsvp, form report'],
    [[], 'no command given: the commands are form join'],
  ])('refuses %j: %s', (args, message) => {
    expect(errorOf(args)).toContain(message);
  });

  it('takes a question by any of its spellings, lists only for a checkbox question', () => {
    const parsed = parseArgs([
      'form',
      'join',
      'full name=Ada Lovelace',
      'Interests=TypeScript, Community events',
      'How did you hear about us?=a friend, at work',
      '--respondent=ada@example.org',
    ]);
    expect(parsed.kind === 'run' && Object.fromEntries(parsed.answers)).toEqual({
      Name: 'Ada Lovelace',
      Interests: ['TypeScript', 'Community events'],
      'How did you hear about us?': 'a friend, at work',
    });
    expect(parsed.kind === 'run' && parsed.flags.get('respondent')).toBe('ada@example.org');
  });
});

describe('modalValues: the report modal as Hearth drew it', () => {
  const modal = {
    viewId: 'V0000000001',
    view: reportModal(
      { channel: 'C07GENERAL1', ts: '1.2', author: 'U07EVEMALLR', excerpt: 'rude', link: '' },
      ['Be kind.', 'No spam.'],
    ),
  };
  const flags = (pairs: Record<string, string>) => new Map(Object.entries(pairs));

  it('fills each input: a menu choice by its option, the urgency’s initial option by default', () => {
    expect(modalValues(modal, flags({ rule: 'no spam.', details: 'ads' }))).toEqual({
      rule: { selected: 'No spam.' },
      details: { value: 'ads' },
      urgency: { selected: 'Medium' },
    });
  });

  it.each([
    [{ details: 'x', urgency: 'Extreme' }, '--urgency must be one of "Low", "Medium", "High"'],
    [{ details: 'x', rule: 'Be nice' }, '--rule must be one of "Be kind.", "No spam.", "Something else"'],
    [{ details: 'x', reason: 'done' }, 'has no --reason: its inputs are --rule, --details, --urgency'],
    [{}, '"Report to moderators" needs --details (What happened?)'],
  ])('refuses %j', (pairs, message) => {
    expect(() => modalValues(modal, flags(pairs))).toThrow(message);
  });
});

describe('modalValues: the feedback modal as Hearth drew it', () => {
  const modal = { viewId: 'V0000000002', view: feedbackModal({ about: 'R-1', channel: 'D07KATJOHNS' }) };
  const flags = (pairs: Record<string, string>) => new Map(Object.entries(pairs));

  it('takes the words, and ticks the contact box only when asked', () => {
    expect(modalValues(modal, flags({ feedback: 'More chairs', contact: 'yes' }))).toEqual({
      feedback: { value: 'More chairs' },
      contact: { selected: 'yes' },
    });
    expect(modalValues(modal, flags({ feedback: 'More chairs' }))).toEqual({
      feedback: { value: 'More chairs' },
    });
    expect(() => modalValues(modal, flags({}))).toThrow(
      '"Tell the organizers" needs --feedback (Your feedback)',
    );
  });
});

describe('the transcript, as Slack knows it', () => {
  const actions = (value: string) => [
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: 'approval:approve', value, text: { text: 'Approve' } }],
    },
  ];
  const entries: TranscriptEntry[] = [
    { kind: 'post', channel: 'C1', ts: '1.1', blocks: actions('AP-1') },
    { kind: 'post', channel: 'C1', ts: '1.2', blocks: actions('AP-2') },
    { kind: 'modal', viewId: 'V1', view: { callback_id: 'a' } },
    { kind: 'update', channel: 'C1', ts: '1.2', blocks: [] }, // decided: its buttons are gone
    { kind: 'modal-update', viewId: 'V1', view: { callback_id: 'b' } },
  ];

  it('a click lands on the latest message that still has the button', () => {
    expect(messageWithButton(entries, 'approval:approve', 'AP-1')).toMatchObject({
      channel: 'C1',
      ts: '1.1',
    });
    expect(messageWithButton(entries, 'approval:approve', undefined)?.button.value).toBe('AP-1');
    expect(messageWithButton(entries, 'approval:approve', 'AP-2')).toBeUndefined();
    expect(messageWithButton(entries, 'rsvp:yes', undefined)).toBeUndefined();
  });

  it('the modal is the one last drawn', () => {
    expect(latestModal(entries)).toEqual({ viewId: 'V1', view: { callback_id: 'b' } });
    expect(latestModal([])).toBeUndefined();
  });
});

// Each test runs simulate in processes of its own, side by side: they spend their time starting up.
describe('npm run simulate, run', () => {
  const env = (port: number) => ({ ...process.env, PORT: String(port) });

  it.concurrent('--help sends nothing to the stack', async () => {
    const seen: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      seen.push(req);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const helps = [['--help'], ['slack', 'view', '--help'], ['form', 'rsvp', '--help', 'Email=x']];
      const runs = await Promise.all(
        helps.map((args) => run({ script: 'simulate.ts', args }, { env: env(port) })),
      );
      for (const { code, out } of runs) {
        expect(code, out).toBe(0);
        expect(out).toMatch(/^npm run simulate -- /);
      }
      expect(seen).toEqual([]);
    } finally {
      server.close();
    }
  }, 30_000);

  it.concurrent.each([
    [['tick'], 1],
    [['slack', 'click', '--user', 'U07GRACEHOP', '--action', 'nope'], 2],
  ])(
    '%j with no stack: one sentence saying what to do, no stack trace',
    async (args, exitCode) => {
      const port = await freePort();
      const { code, out } = await run({ script: 'simulate.ts', args }, { env: env(port) });
      expect(code).toBe(exitCode);
      if (exitCode === 1) {
        expect(out.trim()).toBe(
          `nothing answers at http://localhost:${port}: start it with npm start (or give --url of a running stack)`,
        );
      }
      expect(out).not.toMatch(/^\s+at /m);
    },
    30_000,
  );
});

describe('explain: how a command ends on an error', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    process.env.LOG_LEVEL = saved;
  });

  it.each([
    [new CliError('a usage mistake', 2), 'a usage mistake', 2],
    [
      new ConfigError(['PORT must be a port number']),
      'Configuration is not valid (CONFIG_INVALID). Fix this:\n  - PORT must be a port number',
      1,
    ],
    [
      new WorkbookError(
        ErrorCode.WorkbookBusy,
        'The workbook is locked',
        'Close it in your spreadsheet program',
      ),
      'The workbook is locked (WORKBOOK_BUSY). Close it in your spreadsheet program',
      1,
    ],
    [
      new TypeError('fetch failed', { cause: new Error('connect ECONNRESET') }),
      'fetch failed (connect ECONNRESET)\n(set LOG_LEVEL=debug to see where it happened)',
      1,
    ],
  ])('%s', (error, text, exitCode) => {
    process.env.LOG_LEVEL = 'warn';
    expect(explain(error)).toEqual({ text, exitCode });
  });

  it('shows where an unexpected error happened only with LOG_LEVEL=debug', () => {
    process.env.LOG_LEVEL = 'debug';
    expect(explain(new Error('a bug')).text).toMatch(/^a bug\nError: a bug\n {4}at /);
  });
});
