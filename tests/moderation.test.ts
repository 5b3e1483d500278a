/**
 * Moderation decided from snapshots: reports (form and shortcut) make one incident each, the reporter never
 * leaves the Incidents tab, reports about a leader go by DM to the others, escalation once per level and
 * stopped by an acknowledgement, leaders' steps checked and recorded, severe actions through two leaders.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import type { ReportAnswers } from '../sheets-schema/forms/index.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { decideTick, decideWork } from '../workflows/decide.js';
import type { Work } from '../workflows/inputs.js';
import {
  INCIDENT_ACTIONS,
  REASON_CALLBACK_ID,
  REPORT_CALLBACK_ID,
} from '../workflows/moderation/messages.js';
import { clickOf, reportInput, submittedModal } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z', { zone: 'utc' });
const REPORTER = 'U0REPORTER';

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, {
    'Time zone': 'Europe/London',
    'Leaders channel': '#leaders',
    'Escalate after hours': '24',
    'Leaders summary': 'Monday 09:00',
    ...settings,
  });
}

const leader = (slackId: string, name: string, role: string, active = 'Yes') => ({
  'Slack ID': slackId,
  Name: name,
  Role: role,
  'Can approve': 'Yes',
  Active: active,
});
const LEADERS: Rows = [
  leader('U0OLIVE001', 'Olive Organizer', 'Organizer'),
  leader('U0OSCAR001', 'Oscar Organizer', 'Organizer'),
  leader('U0MONA0001', 'Mona Moderator', 'Moderator'),
  leader('U0HOST0001', 'Hugo Host', 'Host'),
];
const MEMBERS: Rows = [
  {
    'Member ID': 'M-1',
    Name: 'Troll Tom',
    Email: 'tom@example.org',
    'Slack ID': 'U0TOM00001',
    Status: 'Active',
  },
];

let seq = 0;
const view = (over: { author?: string; urgency?: string; user?: string } = {}): Work =>
  submittedModal(REPORT_CALLBACK_ID, {
    identity: `slack:view:V${++seq}`,
    receivedAt: NOW.toISO() as string,
    user: over.user ?? REPORTER,
    values: { rule: 'Be kind', details: 'Called someone an idiot', urgency: over.urgency ?? 'High' },
    metadata: {
      channel: 'C0GENERAL1',
      ts: '1700000000.000100',
      author: over.author ?? 'U0TOM00001',
      excerpt: 'you are an idiot',
      link: 'https://acme.slack.com/archives/C0GENERAL1/p1700000000000100',
    },
  });

const formReport = (answers: Partial<ReportAnswers>): Work =>
  reportInput(
    { identity: `form:report-${++seq}`, submittedAt: NOW.toISO() as string },
    { about: 'Someone in #general', details: 'Spam links', ...answers },
  );

const click = (user: string, action: keyof typeof INCIDENT_ACTIONS, incidentId = 'IN-1'): Work =>
  clickOf({
    identity: `slack:action:1.1:${action}:${user}:${++seq}`,
    receivedAt: NOW.toISO() as string,
    actionId: INCIDENT_ACTIONS[action],
    value: incidentId,
    user,
    channel: 'C0LEADERS1',
  });

const reason = (user: string, action: 'resolve' | 'dismiss', text: string): Work =>
  submittedModal(REASON_CALLBACK_ID, {
    identity: `slack:view:R${++seq}`,
    receivedAt: NOW.toISO() as string,
    user,
    values: { reason: text },
    metadata: { incidentId: 'IN-1', action, channel: 'C0LEADERS1' },
  });

type Appended = { tab: string; values: Record<string, unknown> };
const appends = (changes: Change[], tab: string) =>
  changes.filter((c) => c.kind === 'append' && c.tab === tab) as unknown as Appended[];

function apply(snapshot: Snapshot, works: Work[], now = NOW) {
  let current = snapshot;
  const plans = works.map((work) => {
    const plan = decideWork(work, current, now);
    current = withChanges(current, plan.changes);
    return plan;
  });
  return { view: current, plans };
}

/** Everything a plan would write outside the Incidents tab, and every Slack text it would send now. */
function outsideIncidents(changes: Change[], ephemerals: { text: string }[] = []): string {
  return JSON.stringify([changes.filter((c) => c.tab !== 'Incidents'), ephemerals]);
}

describe('a report from the message shortcut', () => {
  it('makes one Open incident; the reporter is only in the Incidents tab', () => {
    const { view: after, plans } = apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [view()]);
    const incident = after.table('Incidents').byId('IN-1')?.values;
    expect(incident).toMatchObject({
      reporter: REPORTER,
      about: 'Troll Tom (U0TOM00001)',
      rule: 'Be kind',
      severity: 'High',
      status: 'Open',
      level: 1,
      where: 'https://acme.slack.com/archives/C0GENERAL1/p1700000000000100',
    });
    expect(incident?.details).toBe('> you are an idiot\nCalled someone an idiot');
    const changes = plans[0]?.changes ?? [];
    expect(appends(changes, 'Audit')[0]?.values).toMatchObject({
      actor: '(confidential)',
      action: 'incident.reported',
    });
    expect(appends(changes, 'Outbox').map((r) => [r.values.kind, r.values.to])).toEqual([
      ['incident.post', '#leaders'],
      ['report.receipt', 'reporter:IN-1'],
    ]);
    expect(outsideIncidents(changes)).not.toContain(REPORTER);
    expect(plans[0]?.notes.join('\n')).not.toContain(REPORTER);
  });

  it('delivered again has no effect', () => {
    const work = view();
    const { plans } = apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [work, work]);
    expect(plans[1]?.changes).toEqual([]);
  });

  it('a Critical report starts at Level 2: mentions and DMs the organizers and moderators', () => {
    const { view: after, plans } = apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [
      view({ urgency: 'Critical' }),
    ]);
    expect(after.table('Incidents').byId('IN-1')?.values.level).toBe(2);
    const escalations = appends(plans[0]?.changes ?? [], 'Outbox').filter(
      (r) => r.values.kind === 'incident.escalation',
    );
    expect(escalations.map((r) => r.values.to)).toEqual([
      '#leaders',
      'U0OLIVE001',
      'U0OSCAR001',
      'U0MONA0001',
    ]);
  });

  it('about a leader: DMs to the other organizers and moderators, nothing in the leaders channel', () => {
    const { plans } = apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [view({ author: 'U0OLIVE001' })]);
    const posts = appends(plans[0]?.changes ?? [], 'Outbox').filter((r) => r.values.kind === 'incident.post');
    expect(posts.map((r) => r.values.to)).toEqual(['U0OSCAR001', 'U0MONA0001']);
  });

  it('the third report about the same member within 30 days is marked Repeat', () => {
    const earlier = (id: string, days: number) => ({
      'Incident ID': id,
      Reported: NOW.minus({ days }).setZone('Europe/London').toFormat('yyyy-MM-dd HH:mm'),
      About: 'Troll Tom (U0TOM00001)',
      Status: 'Resolved',
      Level: 1,
    });
    const twoRecent = sheet({
      Leaders: LEADERS,
      Members: MEMBERS,
      Incidents: [earlier('IN-1', 40), earlier('IN-2', 20), earlier('IN-3', 2)],
    });
    const { view: after } = apply(twoRecent, [view()]);
    expect(after.table('Incidents').byId('IN-4')?.values.repeat).toBe('3rd report about them in 30 days');
    const oneRecent = sheet({
      Leaders: LEADERS,
      Members: MEMBERS,
      Incidents: [earlier('IN-1', 40), earlier('IN-2', 20)],
    });
    expect(apply(oneRecent, [view()]).view.table('Incidents').byId('IN-3')?.values.repeat).toBeUndefined();
  });
});

describe('a report from the form', () => {
  it('may be anonymous: an incident, the leaders told, no receipt', () => {
    const { view: after, plans } = apply(sheet({ Leaders: LEADERS }), [formReport({ urgency: 'Low' })]);
    expect(after.table('Incidents').byId('IN-1')?.values).toMatchObject({
      reporter: undefined,
      about: 'Someone in #general',
      severity: 'Low',
    });
    expect(appends(plans[0]?.changes ?? [], 'Outbox').map((r) => r.values.kind)).toEqual(['incident.post']);
  });

  it('with an email: the receipt goes to the reporter, whose email is written nowhere else', () => {
    const { plans } = apply(sheet({ Leaders: LEADERS }), [formReport({ reporterEmail: 'rita@example.org' })]);
    const changes = plans[0]?.changes ?? [];
    expect(appends(changes, 'Outbox').map((r) => r.values.to)).toEqual(['#leaders', 'reporter:IN-1']);
    expect(outsideIncidents(changes)).not.toContain('rita@example.org');
  });
});

describe('escalation at the tick', () => {
  const filed = () => apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [view()]).view;
  const levels = (snapshot: Snapshot, hours: number[]) => {
    let current = snapshot;
    return hours.map((h) => {
      const plan = decideTick(current, TAB_NAMES, NOW.plus({ hours: h }));
      current = withChanges(current, plan.changes);
      return {
        level: current.table('Incidents').byId('IN-1')?.values.level,
        sent: appends(plan.changes, 'Outbox')
          .filter((r) => r.values.kind === 'incident.escalation')
          .map((r) => r.values.to),
      };
    });
  };

  it('goes to Level 2 then 3, each once', () => {
    const steps = levels(filed(), [23, 24, 25, 48, 49]);
    expect(steps.map((s) => s.level)).toEqual([1, 2, 2, 3, 3]);
    expect(steps.map((s) => s.sent.length)).toEqual([0, 4, 0, 5, 0]);
    expect(steps[3]?.sent).toEqual(['#leaders', 'U0OLIVE001', 'U0OSCAR001', 'U0MONA0001', 'U0HOST0001']);
  });

  it('stops once a leader acknowledges', () => {
    const acked = apply(filed(), [click('U0MONA0001', 'acknowledge')]).view;
    expect(acked.table('Incidents').byId('IN-1')?.values).toMatchObject({
      status: 'Acknowledged',
      assignee: 'U0MONA0001',
    });
    expect(levels(acked, [24, 48]).map((s) => s.sent.length)).toEqual([0, 0]);
  });
});

describe('leaders’ steps', () => {
  const filed = () => apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [view()]).view;

  it.each([
    ['someone who is not a leader', 'U0STRANGER'],
    ['an inactive leader', 'U0GONE0001'],
  ])('%s is refused, and nothing changes', (_name, user) => {
    const snapshot = withChanges(filed(), []);
    const withGone = sheet({
      Leaders: [...LEADERS, leader('U0GONE0001', 'Gone', 'Organizer', 'No')],
      Members: MEMBERS,
    });
    const base = user === 'U0GONE0001' ? apply(withGone, [view()]).view : snapshot;
    const plan = decideWork(click(user, 'acknowledge'), base, NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toHaveLength(1);
  });

  it('the leader a report is about cannot act on it', () => {
    const about = apply(sheet({ Leaders: LEADERS, Members: MEMBERS }), [view({ author: 'U0OLIVE001' })]).view;
    const plan = decideWork(click('U0OLIVE001', 'acknowledge'), about, NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toHaveLength(1);
  });

  it('resolve with a reason: recorded, the post edited, the reporter told without details', () => {
    const { view: after, plans } = apply(filed(), [reason('U0OSCAR001', 'resolve', 'Talked to them')]);
    expect(after.table('Incidents').byId('IN-1')?.values).toMatchObject({
      status: 'Resolved',
      decidedBy: 'Oscar Organizer',
    });
    expect(after.table('Incidents').byId('IN-1')?.values.decision).toMatch(
      /^Resolved: Talked to them by U0OSCAR001 at 2026-12-01 10:00$/,
    );
    expect(appends(plans[0]?.changes ?? [], 'Outbox').map((r) => [r.values.kind, r.values.to])).toEqual([
      ['report.closed', 'reporter:IN-1'],
      ['incident.update', ''],
    ]);
    // Closed: later steps are refused.
    expect(decideWork(click('U0OLIVE001', 'warn'), after, NOW).changes).toEqual([]);
  });

  it('warn: one DM to the member, once', () => {
    const { plans } = apply(filed(), [click('U0MONA0001', 'warn'), click('U0OLIVE001', 'warn')]);
    expect(
      appends(plans[0]?.changes ?? [], 'Outbox')
        .filter((r) => r.values.kind === 'incident.warning')
        .map((r) => r.values.to),
    ).toEqual(['U0TOM00001']);
    expect(plans[1]?.changes).toEqual([]);
  });

  it('remove message: a task for a workspace admin in the leaders channel', () => {
    const { plans } = apply(filed(), [click('U0MONA0001', 'remove')]);
    expect(
      appends(plans[0]?.changes ?? [], 'Outbox')
        .filter((r) => r.values.kind === 'incident.removal')
        .map((r) => r.values.to),
    ).toEqual(['#leaders']);
  });
});

describe('a ban through the approval engine', () => {
  const approve = (user: string): Work =>
    clickOf({
      identity: `slack:action:2.2:approval:approve:${user}:${++seq}`,
      receivedAt: NOW.toISO() as string,
      actionId: 'approval:approve',
      value: 'AP-1',
      user,
      channel: 'C0LEADERS1',
    });
  const requested = () =>
    apply(
      sheet(
        { Leaders: [...LEADERS, leader(REPORTER, 'Reporting Leader', 'Moderator')], Members: MEMBERS },
        { 'Announcements channel': '#announcements' },
      ),
      [view(), click('U0OLIVE001', 'ban')],
    ).view;

  it('needs two distinct leaders; the same leader twice and the reporter do not count', () => {
    const start = requested();
    expect(start.table('Approvals').byId('AP-1')?.values).toMatchObject({
      kind: 'ban',
      needed: 2,
      status: 'Pending',
      subject: 'M-1',
    });
    const { view: after, plans } = apply(start, [
      approve('U0OLIVE001'),
      approve('U0OLIVE001'),
      approve(REPORTER),
      approve('U0OSCAR001'),
    ]);
    expect(plans.map((p) => p.ephemerals.length)).toEqual([0, 1, 1, 0]);
    expect(after.table('Approvals').byId('AP-1')?.values.status).toBe('Approved');
    expect(after.table('Members').byId('M-1')?.values.status).toBe('Banned');
    expect(after.table('Incidents').byId('IN-1')?.values.status).toBe('Resolved');
    const outbox = appends(plans[3]?.changes ?? [], 'Outbox').map((r) => [r.values.kind, r.values.to]);
    expect(outbox).toContainEqual(['member.remove', '#announcements']);
    expect(outbox).toContainEqual(['member.removal-report', '#leaders']);
    expect(outbox).toContainEqual(['report.closed', 'reporter:IN-1']);
  });

  it('the member the report is about cannot decide it', () => {
    const start = apply(
      sheet({ Leaders: [...LEADERS, leader('U0TOM00001', 'Troll Tom', 'Host')], Members: MEMBERS }),
      [view(), click('U0OLIVE001', 'ban')],
    ).view;
    const plan = decideWork(approve('U0TOM00001'), start, NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toHaveLength(1);
  });
});

describe('the weekly summary', () => {
  it('is planned once, at Settings → Leaders summary, and not when more than a day late', () => {
    const snapshot = sheet({ Leaders: LEADERS });
    const monday = DateTime.fromISO('2026-11-30T09:00', { zone: 'Europe/London' });
    const first = decideTick(snapshot, TAB_NAMES, monday.plus({ minutes: 1 }));
    const rows = appends(first.changes, 'Outbox').filter((r) => r.values.kind === 'incidents.summary');
    expect(rows.map((r) => [r.values.to, r.values.about])).toEqual([
      ['#leaders', 'week to 2026-11-30 09:00'],
    ]);
    const again = decideTick(withChanges(snapshot, first.changes), TAB_NAMES, monday.plus({ hours: 1 }));
    expect(appends(again.changes, 'Outbox').filter((r) => r.values.kind === 'incidents.summary')).toEqual([]);
    const late = decideTick(snapshot, TAB_NAMES, monday.plus({ hours: 25 }));
    expect(appends(late.changes, 'Outbox').filter((r) => r.values.kind === 'incidents.summary')).toEqual([]);
  });
});
