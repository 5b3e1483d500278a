/**
 * Unanswered questions decided from snapshots: a question asked is one Questions row (never in the leaders
 * channel, never twice, not while switched off); at each step due its thread, as the writer read it, decides:
 * a reply ends it Answered, a deleted question Deleted, otherwise the channel's owners are told, then the
 * leaders channel, then it is Unanswered. Each message once, none in quiet hours.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { type BatchContext, decideBatch } from '../workflows/batch.js';
import type { Input, InputOf } from '../workflows/inputs.js';
import type { Plan } from '../workflows/plan.js';
import {
  channelOwners,
  dueQuestionChecks,
  planQuestionAsked,
  planQuestionLadder,
  QUESTION_KINDS,
  type ThreadCheck,
} from '../workflows/presence/questions.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
/** Monday 11 May 2026, 10:00 in London (BST): the question is asked. */
const ASKED = DateTime.fromISO('2026-05-11T10:00', { zone: ZONE });
const HELP = 'C07HELPDESK';
const TS = String(ASKED.toSeconds().toFixed(6));
const LINK = `https://hearth-test.slack.com/archives/${HELP}/p${TS.replace('.', '')}`;
const GRACE = 'U07GRACEHOP';
const ALAN = 'U07ALANTURN';
const ADA = 'U07ADALOVEL';

const SETTINGS = { 'Time zone': ZONE, 'Leaders channel': '#leaders', 'Quiet hours': '21:00-08:00' };

const leader = (slackId: string, channels: string, active = 'Yes') => ({
  'Slack ID': slackId,
  Name: slackId,
  Role: 'Organizer',
  Active: active,
  Channels: channels,
});

const question = (values: Record<string, string | number> = {}) => ({
  'Question ID': 'Q-1',
  Channel: '#help',
  Permalink: LINK,
  Asked: ASKED.toISO() as string,
  Status: 'Waiting',
  ...values,
});

function sheet(tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(
    { Leaders: [leader(GRACE, '#help, #events'), leader(ALAN, '')], Questions: [question()], ...tabs },
    { ...SETTINGS, ...settings },
  );
}

const asked = (over: Partial<InputOf<'question_asked'>> = {}): InputOf<'question_asked'> => ({
  kind: 'question_asked',
  identity: `slack:message:${HELP}:${TS}`,
  receivedAt: ASKED.toISO() as string,
  channel: HELP,
  ts: TS,
  askedAt: ASKED.toUTC().toISO() as string,
  ...over,
});

const values = (plan: Plan, tab: TabName, kind: 'append' | 'update') =>
  plan.changes
    .filter((c): c is Extract<Change, { kind: typeof kind }> => c.kind === kind && c.tab === tab)
    .map((c) => ('values' in c ? c.values : c.set) as Record<string, unknown>);
const messages = (plan: Plan) => values(plan, 'Outbox', 'append');
const questionSet = (plan: Plan) => values(plan, 'Questions', 'update');

const NOBODY: ThreadCheck = { replied: false, asker: ADA };
const threads = (check: ThreadCheck) => new Map([['Q-1', check]]);

describe('planQuestionAsked', () => {
  it('records where and when, with the channel’s name and the link the writer learnt', () => {
    const plan = planQuestionAsked(asked({ channelName: 'help', permalink: LINK }), sheet({ Questions: [] }));
    expect(values(plan, 'Questions', 'append')).toEqual([
      { questionId: 'Q-1', channel: '#help', permalink: LINK, asked: expect.anything(), status: 'Waiting' },
    ]);
    const row = values(plan, 'Questions', 'append')[0];
    expect((row?.asked as DateTime | undefined)?.toMillis()).toBe(ASKED.toMillis());
  });

  it('keeps the channel’s ID, and a link made from it, when Slack told neither', () => {
    const plan = planQuestionAsked(asked(), sheet({ Questions: [] }));
    expect(values(plan, 'Questions', 'append')[0]).toMatchObject({
      channel: HELP,
      permalink: `https://slack.com/archives/${HELP}/p${TS.replace('.', '')}`,
    });
  });

  it.each([
    ['already recorded', {}, {}],
    ['in the leaders channel, by name', { 'Leaders channel': '#Help' }, { channelName: 'help' }],
    ['in the leaders channel, by ID', { 'Leaders channel': HELP }, {}],
    ['with Answer within hours 0', { 'Answer within hours': '0' }, {}],
  ])('records nothing %s', (_, settings, over) => {
    const plan = planQuestionAsked(asked(over), sheet({}, settings));
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toHaveLength(1);
  });

  it('is part of a batch: the facts the gather step learnt reach it, and it is applied once', () => {
    const context: BatchContext = {
      paused: new Set(),
      unmarked: [],
      inFlight: new Set(),
      ledger: new Map(),
      unconfirmed: new Map(),
      reconcileIds: false,
      held: new Map(),
      profileEmails: new Map(),
      questions: {
        messages: new Map([[`${HELP}/${TS}`, { channelName: 'help', permalink: LINK }]]),
        threads: new Map(),
      },
    };
    const inputs: Input[] = [asked(), asked({ receivedAt: ASKED.plus({ seconds: 5 }).toISO() as string })];
    const decision = decideBatch(sheet({ Questions: [] }), inputs, ASKED, context);
    expect(decision.work.map((w) => w.status)).toEqual(['applied', 'duplicate']);
    const rows = decision.changes.filter((c) => c.kind === 'append' && c.tab === 'Questions');
    expect(rows).toEqual([
      expect.objectContaining({ values: expect.objectContaining({ channel: '#help' }) }),
    ]);
  });
});

describe('the ladder', () => {
  const at = (hours: number) => ASKED.plus({ hours });

  it('is not due before its time, nor for a question answered by hand, nor with Answer within hours 0', () => {
    expect(dueQuestionChecks(sheet(), at(3.9))).toEqual([]);
    expect(dueQuestionChecks(sheet({ Questions: [question({ Status: 'Answered' })] }), at(30))).toEqual([]);
    expect(dueQuestionChecks(sheet({}, { 'Answer within hours': '0' }), at(30))).toEqual([]);
    expect(dueQuestionChecks(sheet(), at(4))).toEqual([
      { questionId: 'Q-1', channel: HELP, ts: TS, step: 'owner' },
    ]);
  });

  it('waits for the thread to be read: nothing without it', () => {
    expect(planQuestionLadder(sheet(), at(4), new Map()).changes).toEqual([]);
  });

  it('tells the owner once, then the leaders channel as long again later, then gives up after a week', () => {
    let view = sheet();
    const step = (hours: number, check: ThreadCheck = NOBODY) => {
      const plan = planQuestionLadder(view, at(hours), threads(check));
      view = withChanges(view, plan.changes);
      return plan;
    };
    const first = step(4);
    expect(messages(first)).toEqual([
      expect.objectContaining({ kind: QUESTION_KINDS.owner, to: GRACE, about: 'Q-1', status: 'Scheduled' }),
    ]);
    expect(first.send).toHaveLength(1);
    expect(questionSet(first)).toEqual([{ level: 1 }]);
    // Not again at the next ticks, and nothing to read until the next step.
    expect(step(4.1).changes).toEqual([]);
    expect(dueQuestionChecks(view, at(7.9))).toEqual([]);
    const second = step(8);
    expect(messages(second)).toEqual([
      expect.objectContaining({ kind: QUESTION_KINDS.leaders, to: '#leaders', about: 'Q-1' }),
    ]);
    expect(questionSet(second)).toEqual([{ level: 2 }]);
    expect(step(30).changes).toEqual([]);
    const last = step(24 * 7);
    expect(messages(last)).toEqual([]);
    expect(questionSet(last)).toEqual([{ status: 'Unanswered' }]);
    expect(dueQuestionChecks(view, at(24 * 8))).toEqual([]);
  });

  it('a reply ends it at any step: Answered, when, how long, by whom; nobody is told', () => {
    for (const [hours, level] of [
      [4, ''],
      [8, 1],
      [24 * 7, 2],
    ] as const) {
      const view = sheet({ Questions: [question(level ? { Level: level } : {})] });
      const at30 = ASKED.plus({ minutes: 150 });
      const plan = planQuestionLadder(view, at(hours), threads({ replied: true, by: ALAN, at: at30 }));
      expect(messages(plan)).toEqual([]);
      expect(questionSet(plan)).toEqual([
        { status: 'Answered', firstReply: at30, minutesToFirstReply: 150, answeredBy: ALAN },
      ]);
    }
  });

  it('a deleted question is Deleted, and nobody is told', () => {
    const plan = planQuestionLadder(sheet(), at(4), threads({ gone: true }));
    expect(questionSet(plan)).toEqual([{ status: 'Deleted' }]);
    expect(messages(plan)).toEqual([]);
  });

  it.each([
    ['no leader looks after it', [leader(GRACE, '#events')], []],
    ['its owner is not Active', [leader(GRACE, '#help', 'No')], []],
    ['its only owner asked it', [leader(ADA, '#help')], [ADA]],
  ])('goes to the leaders channel at once when %s', (_, leaders, owners) => {
    const view = sheet({ Leaders: leaders });
    expect(channelOwners(view, view.table('Questions').byId('Q-1')?.values as never)).toEqual(owners);
    const plan = planQuestionLadder(view, at(4), threads(NOBODY));
    expect(messages(plan)).toEqual([
      expect.objectContaining({ kind: QUESTION_KINDS.leaders, to: '#leaders' }),
    ]);
    expect(questionSet(plan)).toEqual([{ level: 2 }]);
  });

  it('finds owners by #name or by the channel’s ID, whatever the case and spacing', () => {
    const view = sheet({
      Leaders: [leader(GRACE, '#HELP'), leader(ALAN, `#events,${HELP}`), leader(ADA, 'help-desk')],
    });
    const plan = planQuestionLadder(view, at(4), threads({ replied: false }));
    expect(messages(plan).map((m) => m.to)).toEqual([GRACE, ALAN]);
  });

  it('after a long outage takes the step due now only: the leaders channel, not the owner too', () => {
    const plan = planQuestionLadder(sheet(), at(30), threads(NOBODY));
    expect(messages(plan).map((m) => m.kind)).toEqual([QUESTION_KINDS.leaders]);
  });

  it('sends nothing in quiet hours: a step found due at night goes out at 08:00', () => {
    // Asked at 16:00 with 4 hours: due 20:00; the writer was down until 22:30.
    const view = sheet({ Questions: [question({ Asked: ASKED.set({ hour: 16 }).toISO() as string })] });
    const night = ASKED.set({ hour: 22, minute: 30 });
    const plan = planQuestionLadder(view, night, threads(NOBODY));
    expect(plan.send).toEqual([]);
    const [dm] = messages(plan);
    expect((dm?.due as DateTime | undefined)?.setZone(ZONE).toFormat('HH:mm')).toBe('08:00');
  });
});

describe('the messages, rendered when sent', () => {
  const sent = (hours: number, check: ThreadCheck = NOBODY, view = sheet()) => {
    const plan = planQuestionLadder(view, ASKED.plus({ hours }), threads(check));
    const after = withChanges(view, plan.changes);
    const row = after.table('Outbox').byId(plan.send[0] ?? '')?.values;
    return { after, row, delivery: row ? renderOutbox(row, after) : undefined };
  };

  it('the owner’s DM: where, how long, the link; never the text or who asked', () => {
    const { delivery } = sent(4);
    expect(delivery).toMatchObject({ kind: 'post', to: GRACE });
    const text = JSON.stringify(delivery);
    expect(text).toContain('A question in #help has waited 4 hours');
    expect(text).toContain(`<${LINK}|Open the question>`);
    expect(text).not.toContain(ADA);
  });

  it('the leaders’ post says whether the channel has an owner', () => {
    const owned = sent(8, NOBODY, sheet({ Questions: [question({ Level: 1 })] }));
    expect(JSON.stringify(owned.delivery)).toContain('The leaders who look after it were told first.');
    const orphan = sent(4, NOBODY, sheet({ Leaders: [] }));
    expect(JSON.stringify(orphan.delivery)).toContain('No leader looks after #help');
  });

  it('is skipped once the question is answered by the time it is sent', () => {
    const { after, row } = sent(4);
    const answered = withChanges(after, [
      { kind: 'update', tab: 'Questions', id: 'Q-1', set: { status: 'Answered' } } as Change,
    ]);
    expect(row && renderOutbox(row, answered)).toEqual({ kind: 'skip', reason: 'Q-1 is Answered now' });
  });
});
