/**
 * Projects kept alive, decided from snapshots on a simulated clock: check-ins every Project check-in days
 * (out of quiet hours, once per due day), misses counted and a stale project listed once in the digest, the
 * champion's answers (only theirs, once each), a long pause closed, and Done's showcase and link.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideTick, decideWork, WRITER_TABS } from '../workflows/decide.js';
import type { InputOf } from '../workflows/inputs.js';
import type { Plan } from '../workflows/plan.js';
import { digestFigures } from '../workflows/presence/digest.js';
import { CHECKIN_KINDS } from '../workflows/projects/checkin-kinds.js';
import { CHECKIN_REPLIES } from '../workflows/projects/checkin-messages.js';
import { closedProjectProblems, planCheckIns, planLongPauses } from '../workflows/projects/checkins.js';
import { planShowcases } from '../workflows/projects/showcase.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const START = DateTime.fromISO('2026-09-01T10:00', { zone: ZONE });
const ADA = 'U07ADALOVE1';
const BOB = 'U07BOBBYTA1';

const MEMBERS: Rows = [
  { 'Member ID': 'M-1', Name: 'Ada Lovelace', Email: 'ada@example.org', 'Slack ID': ADA, Status: 'Active' },
  { 'Member ID': 'M-2', Name: 'Bob Taylor', Email: 'bob@example.org', 'Slack ID': BOB, Status: 'Active' },
];

const project = (cells: Record<string, Cell> = {}): Record<string, Cell> => ({
  'Project ID': 'P-1',
  Title: 'Community garden app',
  Summary: 'An app to share the garden’s tools. For neighbours. Two evenings a week.',
  Champion: 'M-1',
  Partner: 'Acme',
  Status: 'Active',
  Channel: 'C07GARDEN01',
  Started: START.toISO() as string,
  ...cells,
});

function sheet(
  projects: Rows,
  tabs: Partial<Record<TabName, Rows>> = {},
  settings: Record<string, string> = {},
): Snapshot {
  return sheetOf(
    {
      Members: MEMBERS,
      Projects: projects,
      'Project members': [
        { 'Project ID': 'P-1', 'Member ID': 'M-2', Role: 'developer', Joined: START.toISO() as string },
      ],
      Partners: [{ 'Partner ID': 'PA-1', Name: 'Acme', Kind: 'Sponsor', Stage: 'Active' }],
      ...tabs,
    },
    {
      'Group name': 'Leeds Makers',
      'Time zone': ZONE,
      'Leaders channel': '#leaders',
      'Announcements channel': '#announcements',
      ...settings,
    },
  );
}

const outboxOf = (plan: Plan) =>
  plan.changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => c.values as Record<string, unknown>);
const kindsOf = (plan: Plan) => outboxOf(plan).map((row) => row.kind);
const projectOf = (view: Snapshot) => view.table('Projects').byId('P-1')?.values;

/** Ticks every hour from `from` for `days`, applying each plan: what was planned, and the sheet at the end. */
function run(start: Snapshot, from: DateTime, days: number, step = planCheckIns) {
  let view = start;
  const sent: { at: DateTime; row: Record<string, unknown> }[] = [];
  for (let at = from; at < from.plus({ days }); at = at.plus({ hours: 1 })) {
    const plan = step(view, at);
    for (const row of outboxOf(plan)) sent.push({ at, row });
    view = withChanges(view, plan.changes);
  }
  return { view, sent };
}

describe('check-ins: every Project check-in days after Started, once per due day', () => {
  it.each([
    ['started 10:00: due 10:00', '10:00', {}, ['2026-09-15T10:00', '2026-09-29T10:00', '2026-10-13T10:00']],
    // 22:00 is in the default quiet hours (21:00-08:00): 08:00 the next morning; October's crosses BST's end.
    [
      'started 22:00: after quiet hours',
      '22:00',
      {},
      ['2026-09-16T08:00', '2026-09-30T08:00', '2026-10-14T08:00'],
    ],
    [
      'every 7 days',
      '10:00',
      { 'Project check-in days': '7' },
      ['2026-09-08T10:00', '2026-09-15T10:00', '2026-09-22T10:00'],
    ],
    ['0: no check-ins', '10:00', { 'Project check-in days': '0' }, []],
  ])('%s', (_case, time, settings, expected) => {
    const started = DateTime.fromISO(`2026-09-01T${time}`, { zone: ZONE });
    const { sent } = run(sheet([project({ Started: started.toISO() as string })], {}, settings), started, 44);
    const checkIns = sent.filter((s) => s.row.kind === CHECKIN_KINDS.checkin);
    expect(checkIns.map((s) => s.at.setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).slice(0, 3)).toEqual(
      expected,
    );
    for (const { row } of checkIns) expect(row).toMatchObject({ to: 'member:M-1' });
  });

  it('three periods unanswered: misses counted from the second, stale after two, listed once in the digest', () => {
    // The same project twice in the sheet (a copied row) is still one stale project.
    const { view, sent } = run(sheet([project()]), START, 45);
    expect(sent.filter((s) => s.row.kind === CHECKIN_KINDS.checkin)).toHaveLength(3);
    expect(projectOf(view)).toMatchObject({ missedCheckIns: 2 });
    expect(projectOf(view)?.nextCheckIn?.toISODate()).toBe('2026-10-27');
    const figures = digestFigures(view, START.plus({ days: 38 }), START.plus({ days: 45 }));
    expect(figures.staleProjects).toEqual([
      { title: 'Community garden app', missed: 2, champion: { name: 'Ada Lovelace', slackId: ADA } },
    ]);
  });

  it('answered each time: no miss, never stale', () => {
    let view = sheet([project()]);
    for (let at = START; at < START.plus({ days: 45 }); at = at.plus({ hours: 1 })) {
      const plan = planCheckIns(view, at);
      view = withChanges(view, plan.changes);
      if (kindsOf(plan).includes(CHECKIN_KINDS.checkin))
        view = withChanges(
          view,
          decideWork(
            press('on-track', ADA, at.toISO() as string, `${at.toSeconds()}.000100`),
            view,
            at.plus({ hours: 2 }),
          ).changes,
        );
    }
    expect(projectOf(view)).toMatchObject({ missedCheckIns: 0 });
    expect(digestFigures(view, START, START.plus({ days: 45 })).staleProjects).toBeUndefined();
  });

  it('a project not Active, or without Started, is not asked; decideTick runs the step', () => {
    const day15 = START.plus({ days: 15 });
    expect(planCheckIns(sheet([project({ Status: 'Paused' })]), day15).changes).toEqual([]);
    expect(planCheckIns(sheet([project({ Started: null })]), day15).changes).toEqual([]);
    expect(kindsOf(decideTick(sheet([project()]), WRITER_TABS, day15))).toContain(CHECKIN_KINDS.checkin);
  });

  it('renders the check-in to the champion with its four buttons', () => {
    const view = run(sheet([project()]), START, 15).view;
    const row = view.table('Outbox').rows.find((r) => r.values.kind === CHECKIN_KINDS.checkin)?.values;
    const delivery = row && renderOutbox(row, view);
    expect(delivery).toMatchObject({ kind: 'post', to: { memberId: 'M-1', slackId: ADA } });
    expect(JSON.stringify(delivery)).toContain('project:on-track');
  });
});

const press = (
  answer: 'on-track' | 'pause' | 'done',
  user: string,
  identity = '1',
  ts = '1790000000.000100',
): InputOf<'project_checkin_click'> => ({
  kind: 'project_checkin_click',
  identity: `slack:action:${identity}`,
  receivedAt: START.toISO() as string,
  user,
  channel: 'D07ADA00001',
  messageTs: ts,
  answer,
  projectId: 'P-1',
});

describe("the champion's answers", () => {
  const NOW = START.plus({ days: 15 });
  it.each([
    ['on-track', { lastUpdate: NOW, missedCheckIns: 0, status: 'Active' }, []],
    ['pause', { lastUpdate: NOW, missedCheckIns: 0, status: 'Paused' }, []],
    [
      'done',
      { lastUpdate: NOW, missedCheckIns: 0, status: 'Done' },
      [CHECKIN_KINDS.showcase, CHECKIN_KINDS.link],
    ],
  ] as const)('%s', (answer, set, messages) => {
    const before = sheet([project({ 'Missed check-ins': 2 })]);
    const plan = decideWork(press(answer, ADA), before, NOW);
    const after = withChanges(before, plan.changes);
    expect(projectOf(after)).toMatchObject(set);
    expect(kindsOf(plan)).toEqual(
      expect.arrayContaining([CHECKIN_KINDS.reply, CHECKIN_KINDS.answered, ...messages]),
    );
    expect(plan.ephemerals).toEqual([{ channel: 'D07ADA00001', user: ADA, text: CHECKIN_REPLIES[answer] }]);
    // The same click delivered again: nothing.
    expect(decideWork(press(answer, ADA), after, NOW)).toMatchObject({ changes: [], ephemerals: [] });
    // Another click on the same check-in: told it was answered.
    expect(decideWork(press('on-track', ADA, '2'), after, NOW).ephemerals[0]?.text).toBe(
      CHECKIN_REPLIES.answered,
    );
  });

  it('someone else is told, and nothing changes', () => {
    const before = sheet([project()]);
    const plan = decideWork(press('done', BOB), before, NOW);
    expect(plan.ephemerals[0]?.text).toBe(CHECKIN_REPLIES.notChampion);
    expect(plan.changes.filter((c) => c.tab !== 'Outbox')).toEqual([]);
  });

  it('Need help: posted in the channel and the leaders channel, the words kept only until sent', () => {
    const before = sheet([project()]);
    const help: InputOf<'project_help_view'> = {
      kind: 'project_help_view',
      identity: 'slack:view:V07HELP',
      receivedAt: NOW.toISO() as string,
      user: ADA,
      channel: 'D07ADA00001',
      messageTs: '1790000000.000100',
      projectId: 'P-1',
      help: 'A designer for two evenings',
    };
    const plan = decideWork(help, before, NOW);
    const posts = plan.changes.flatMap((c) =>
      c.kind === 'append' && c.tab === 'Outbox' && c.values.kind === CHECKIN_KINDS.help ? [c.values] : [],
    );
    expect(posts.map((p) => [p.to, p.about])).toEqual([
      ['C07GARDEN01', 'P-1 A designer for two evenings'],
      ['#leaders', 'P-1 A designer for two evenings'],
    ]);
    expect(plan.send).toEqual(expect.arrayContaining(posts.map((p) => p.messageId)));
    const after = withChanges(before, plan.changes);
    expect(projectOf(after)).toMatchObject({ lastUpdate: NOW, missedCheckIns: 0 });
    // Delivered again: one effect.
    expect(
      decideWork(help, after, NOW).changes.filter((c) => c.tab === 'Outbox' && c.kind === 'append'),
    ).toEqual([]);
    // Sent: the post carries the words, and the row keeps only the Project ID.
    const row = after.table('Outbox').rows.find((r) => r.values.to === '#leaders')?.values;
    const delivery = renderOutbox(row as NonNullable<typeof row>, after);
    expect(delivery).toMatchObject({ kind: 'post', to: '#leaders', aboutOnceSent: 'P-1' });
    expect(JSON.stringify(delivery)).toContain('A designer for two evenings');
  });
});

describe('a long pause closes the project', () => {
  it.each([
    [59, 'M-1', 'Paused', []],
    [60, 'M-1', 'Done', [CHECKIN_KINDS.closed]],
    [60, 'nobody@example.org', 'Done', [CHECKIN_KINDS.closed]],
  ])('paused %i days, champion %s', (days, champion, status, kinds) => {
    const now = DateTime.fromISO('2026-12-01T10:00', { zone: ZONE });
    const before = sheet([
      project({ Status: 'Paused', Champion: champion, 'Last update': now.minus({ days }).toISO() as string }),
    ]);
    const plan = planLongPauses(before, now);
    const after = withChanges(before, plan.changes);
    expect(projectOf(after)?.status).toBe(status);
    expect(kindsOf(plan)).toEqual(kinds);
    if (status !== 'Done') return;
    expect(projectOf(after)?.problems).toMatch(/Paused since 2026-10-02 with no update for 60 days/);
    expect(closedProjectProblems(after).map((p) => p.message)).toEqual([projectOf(after)?.problems]);
    // Closed by Hearth: no showcase; the next tick changes nothing more.
    expect(planShowcases(after, now).changes).toEqual([]);
    expect(planLongPauses(after, now.plus({ days: 1 })).changes).toEqual([]);
  });
});

describe('Done by hand: the showcase once, the link ask, the partner sponsored', () => {
  it('typed Done', () => {
    const now = DateTime.fromISO('2026-12-01T10:00', { zone: ZONE });
    const before = sheet([project({ Status: 'Done' })]);
    const plan = planShowcases(before, now);
    expect(outboxOf(plan).map((r) => [r.kind, r.to])).toEqual([
      [CHECKIN_KINDS.showcase, '#announcements'],
      [CHECKIN_KINDS.link, 'member:M-1'],
    ]);
    const after = withChanges(before, plan.changes);
    expect(after.table('Partners').byId('PA-1')?.values.lastSponsored?.toISODate()).toBe('2026-12-01');
    expect(planShowcases(after, now.plus({ hours: 1 })).changes).toEqual([]);
    const showcase = after.table('Outbox').rows.find((r) => r.values.kind === CHECKIN_KINDS.showcase)?.values;
    const text = JSON.stringify(showcase && renderOutbox(showcase, after));
    expect(text).toContain('Community garden app');
    expect(text).toContain(`<@${BOB}>`);
    expect(text).toContain('Acme');
  });

  it('never ran in Hearth (no Started): history, not news', () => {
    expect(planShowcases(sheet([project({ Status: 'Done', Started: null })]), START).changes).toEqual([]);
  });
});
