/**
 * Moderation over HTTP, through the real functions: the `Report to moderators` message shortcut (the modal
 * opened within the request, redrawn with the group's ground rules, submitted), the anonymous report form,
 * leaders' clicks on the incident in the leaders channel, escalations driven by (time-travelling) ticks, and a
 * ban that needs two leaders, down to the member taken out of the group's channels. One stack for the file;
 * each test makes its own reports.
 *
 * The reporter is confidential: they appear in the Incidents tab's Reporter cell and nowhere else that Slack,
 * the other tabs or the logs show.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cell, serialToDateTime } from '../../sheets-schema/cells.js';
import { refusalText } from '../../workflows/approvals/messages.js';
import { INCIDENT_ACTIONS, moderationRefusal } from '../../workflows/moderation/messages.js';
import type { FakeChannel, FakeUser, FakeView, RecordedCall } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  editByHand,
  messageOf,
  nowSeconds,
  outboxSettled,
  postsTo,
  recordLogLines,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  textsTo,
  waitFor,
} from './helpers.js';

const FORM = { contentType: 'application/x-www-form-urlencoded' };
const GROUND_RULES = ['Be kind', 'No spam', 'No harassment'];

let stack: Stack;
let olive: FakeUser; // Organizer, can approve
let oscar: FakeUser; // Organizer, can approve
let mo: FakeUser; // Moderator, can approve
let leon: FakeUser; // Moderator, can approve; also a member (reported in one case)
let greta: FakeUser; // Greeter: told only at Level 3
let rita: FakeUser; // a member who reports
let pat: FakeUser; // a member reported in the first test
let max: FakeUser; // a member who gets banned
let stranger: FakeUser; // in Slack, neither a leader nor a member
let general: FakeChannel;
let announcements: FakeChannel;
let introductions: FakeChannel;
let random: FakeChannel;

/** Every line the functions logged (stdout), for the confidentiality checks. */
let logLines: string[] = [];

beforeAll(async () => {
  logLines = recordLogLines();
  stack = await startStack({ allowTimeTravel: true, logLevel: 'info' });
  const { slack, sheets } = stack;
  olive = slack.seedUser({ id: 'U0OLIVE001', name: 'olive', email: 'olive@example.org' });
  oscar = slack.seedUser({ id: 'U0OSCAR001', name: 'oscar', email: 'oscar@example.org' });
  mo = slack.seedUser({ id: 'U0MOMOD001', name: 'mo', email: 'mo@example.org' });
  leon = slack.seedUser({ id: 'U0LEON0001', name: 'leon', email: 'leon@example.org' });
  greta = slack.seedUser({ id: 'U0GRETA001', name: 'greta', email: 'greta@example.org' });
  rita = slack.seedUser({ id: 'U0RITA0001', name: 'rita.reporter', email: 'rita@example.org' });
  pat = slack.seedUser({ id: 'U0PAT00001', name: 'pat', email: 'pat@example.org' });
  max = slack.seedUser({ id: 'U0MAXMAX01', name: 'max', email: 'max@example.org' });
  stranger = slack.seedUser({ id: 'U0STRANGE1', name: 'stranger', email: 'stranger@example.org' });
  const everyone = [rita.id, pat.id, max.id, leon.id, olive.id];
  general = slack.seedChannel({ name: 'general', is_general: true, members: everyone });
  // The channels Hearth manages (Settings → Announcements / Introductions channel), and one it does not.
  announcements = slack.seedChannel({ name: 'announcements', members: everyone });
  introductions = slack.seedChannel({ name: 'introductions', members: [max.id, rita.id] });
  random = slack.seedChannel({ name: 'random', members: [max.id, rita.id] });

  setSetting(sheets, 'Ground rules', GROUND_RULES.join('\n'));
  setSetting(sheets, 'Escalate after hours', '1');
  setSetting(sheets, 'Leaders summary', 'off');
  appendByHand(sheets, 'Leaders', [
    { 'Slack ID': olive.id, Name: 'Olive Organizer', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': oscar.id, Name: 'Oscar Organizer', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': mo.id, Name: 'Mo Moderator', Role: 'Moderator', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': leon.id, Name: 'Leon Leader', Role: 'Moderator', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': greta.id, Name: 'Greta Greeter', Role: 'Greeter', 'Can approve': 'No', Active: 'Yes' },
  ]);
  const member = (id: string, name: string, user: FakeUser) => ({
    'Member ID': id,
    Name: name,
    Email: user.email ?? null,
    'Slack ID': user.id,
    Status: 'Active',
  });
  appendByHand(sheets, 'Members', [
    member('M-901', 'Rita Reporter', rita),
    member('M-902', 'Pat Poster', pat),
    member('M-903', 'Max Mischief', max),
    member('M-904', 'Leon Leader', leon),
  ]);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

// ---- the sheet ----------------------------------------------------------------------------------------

type Row = Record<string, Cell>;

const rows = (tab: string) => rowsOf(stack.sheets, tab);
const incident = (id: string) => rows('Incidents').find((r) => r['Incident ID'] === id) as Row;
const incidentsAbout = (text: string) => rows('Incidents').filter((r) => String(r.About).includes(text));
/** Outbox rows about an incident (`IN-3`, `IN-3 2`, `IN-3 copy`), optionally of one kind. */
const outboxOf = (id: string, kind?: string) =>
  rows('Outbox').filter(
    (m) => String(m.About ?? '').split(' ')[0] === id && (kind === undefined || m.Kind === kind),
  );
const auditOf = (action: string, target: string) =>
  rows('Audit').filter((a) => a.Action === action && a.Target === target);
const approvalOf = (incidentId: string) =>
  rows('Approvals').find((a) => String(a.Summary ?? '').startsWith(`${incidentId}:`));
const member = (id: string) => rows('Members').find((m) => m['Member ID'] === id) as Row;
/** A date cell the system wrote: a serial number in the group's time zone (UTC here). */
const dateOf = (cell: Cell) => serialToDateTime(Number(cell), 'UTC');

/** Edits cells of the row whose `idHeader` is `id`, as an organizer would in the browser. */
// ---- Slack --------------------------------------------------------------------------------------------

const ephemeralsTo = (user: string, since = 0) =>
  stack.slack.calls
    .slice(since)
    .filter((c) => c.method === 'chat.postEphemeral' && accepted(c) && c.args.user === user);
const updatesOf = (ts: string) =>
  stack.slack.callsTo('chat.update').filter((c) => accepted(c) && c.args.ts === ts);
/** The DM channel (D…) the fake opened for a user, if any. */
const dmChannelOf = (user: FakeUser) =>
  [...stack.slack.channels.values()].find((c) => c.id.startsWith('D') && c.members.has(user.id));
/** Messages that landed in a user's DM channel. */
const dmsIn = (user: FakeUser) =>
  [...stack.slack.messages.values()].filter((m) => m.channel === dmChannelOf(user)?.id);

const interaction = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
const slackUser = (user: FakeUser) => ({
  id: user.id,
  username: user.name,
  name: user.name,
  team_id: 'T0HEARTH01',
});

let sequence = 0;
const actionTs = () => `${nowSeconds()}.${String(++sequence).padStart(6, '0')}`;

/** The message shortcut on `text`, posted by `author` in #general, as `reporter` sends it (a message_action). */
function shortcutBody(s: {
  reporter: FakeUser;
  author: FakeUser;
  text: string;
  ts: string;
  triggerId: string;
}) {
  const payload = JSON.parse(slackFixture('message_action.report_to_moderators.json'));
  payload.user = slackUser(s.reporter);
  payload.channel = { id: general.id, name: general.name };
  payload.trigger_id = s.triggerId;
  payload.action_ts = actionTs();
  payload.message_ts = s.ts;
  payload.message = {
    ...payload.message,
    text: s.text,
    user: s.author.id,
    ts: s.ts,
    blocks: [
      {
        type: 'rich_text',
        block_id: 'gC9',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: s.text }] }],
      },
    ],
  };
  return interaction(payload);
}

/** The report modal, as Slack holds it, submitted by `reporter` with these answers (a view_submission). */
function submissionBody(s: {
  reporter: FakeUser;
  view: FakeView;
  rule?: string;
  details: string;
  urgency: string;
}) {
  const payload = JSON.parse(slackFixture('view_submission.report_to_moderators.json'));
  const selected = (value: string) => ({ text: { type: 'plain_text', text: value, emoji: true }, value });
  payload.user = slackUser(s.reporter);
  payload.trigger_id = `${nowSeconds()}.${String(++sequence).padStart(6, '0')}.view`;
  payload.view = {
    ...payload.view,
    ...s.view,
    state: {
      values: {
        rule: { value: { type: 'static_select', selected_option: s.rule ? selected(s.rule) : null } },
        details: { value: { type: 'plain_text_input', value: s.details } },
        urgency: { value: { type: 'static_select', selected_option: selected(s.urgency) } },
      },
    },
  };
  return interaction(payload);
}

/** A leader's (or anyone's) click on a button of a message, shaped like Slack's block_actions. */
function clickBody(c: {
  user: FakeUser;
  actionId: string;
  value: string;
  message: { channel: string; ts: string };
}) {
  const payload = JSON.parse(
    new URLSearchParams(slackFixture('block_actions.message-button.form.txt')).get('payload') as string,
  );
  payload.user = { ...payload.user, id: c.user.id, username: c.user.name, name: c.user.name };
  payload.container = { ...payload.container, message_ts: c.message.ts, channel_id: c.message.channel };
  payload.channel = { id: c.message.channel };
  payload.message = { ...payload.message, ts: c.message.ts };
  payload.trigger_id = stack.slack.issueTriggerId();
  payload.actions = [
    {
      action_id: c.actionId,
      block_id: 'incident',
      text: { type: 'plain_text', text: 'Button' },
      value: c.value,
      type: 'button',
      action_ts: actionTs(),
    },
  ];
  return interaction(payload);
}

async function send(body: string): Promise<void> {
  const answer = await stack.slackRequest(body, FORM);
  expect(answer.status, answer.text).toBe(200);
}

/** A report about `author`'s message through the shortcut and its modal; answers once it is posted. */
async function reportBySlack(r: {
  reporter: FakeUser;
  author: FakeUser;
  text: string;
  rule?: string;
  details: string;
  urgency: string;
}): Promise<{ incidentId: string; post: { channel: string; ts: string }; submission: string }> {
  const since = stack.slack.calls.length;
  await send(shortcutBody({ ...r, ts: actionTs(), triggerId: stack.slack.issueTriggerId() }));
  const redrawn = await waitFor('the modal to be redrawn', () =>
    stack.slack.calls.slice(since).find((c) => c.method === 'views.update' && accepted(c)),
  );
  const view = stack.slack.viewOf(String(redrawn.args.view_id)) as FakeView;
  const submission = submissionBody({ ...r, view });
  await send(submission);
  const row = await waitFor('the incident to be posted', () =>
    incidentsAbout(`(${r.author.id})`).find(
      (i) => i['Slack message'] && String(i.Details).includes(r.details),
    ),
  );
  return { incidentId: String(row['Incident ID']), post: messageOf(row['Slack message']), submission };
}

/** The report form, anonymous (no `Your email`). */
async function reportByForm(about: string, details: string, urgency = 'Medium'): Promise<Row> {
  const answer = await stack.form({
    form: 'report',
    responseId: `2_ABaOnud${++sequence}`,
    submittedAt: new Date().toISOString(),
    answers: {
      'Who or what is this about?': about,
      'Where did it happen?': 'The car park after the Saturday walk',
      'Which ground rule?': 'Be kind',
      'What happened?': details,
      'How urgent is it?': urgency,
    },
  });
  expect(answer.status, answer.text).toBe(202);
  return waitFor(`the report about ${about} to be posted`, () =>
    incidentsAbout(about).find((i) => i['Slack message']),
  );
}

/**
 * Nothing Slack was asked to show, no Outbox, Audit or Approvals cell, no Incidents cell but Reporter, and no
 * log line holds any of `secrets`. A DM to the reporter is addressed to them, of course: only its `channel`
 * argument may name them.
 */
function expectNoTraceOf(reporter: FakeUser, secrets: string[]): void {
  const lower = secrets.map((s) => s.toLowerCase());
  const shown = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.update'];
  const calls = stack.slack.calls.filter((c) => shown.includes(c.method));
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    const { channel, ...rest } = call.args;
    const args = call.method === 'chat.postMessage' && channel === reporter.id ? rest : call.args;
    const text = JSON.stringify(args).toLowerCase();
    for (const secret of lower) expect(text, `${call.method} ${JSON.stringify(args)}`).not.toContain(secret);
  }
  const cells = [
    ...['Outbox', 'Audit', 'Approvals'].flatMap((tab) => rows(tab)),
    ...rows('Incidents').map(({ Reporter: _, ...row }) => row),
  ];
  for (const row of cells) {
    const text = JSON.stringify(row).toLowerCase();
    for (const secret of lower) expect(text, JSON.stringify(row)).not.toContain(secret);
  }
  expect(logLines.some((line) => line.includes('writer batch applied'))).toBe(true);
  for (const line of logLines) {
    const text = line.toLowerCase();
    for (const secret of lower) expect(text, line).not.toContain(secret);
  }
}

const RITA_SECRETS = () => [rita.id, 'Rita Reporter', rita.name, rita.email as string];

// ---- tests --------------------------------------------------------------------------------------------

describe('a report from the message shortcut', () => {
  it('opens the modal within the request, redraws it with the ground rules, and files one confidential incident', async () => {
    const since = stack.slack.calls.length;
    const triggerId = stack.slack.issueTriggerId();
    const text = 'Earn $$$ fast, use my referral link!!';
    const shortcut = shortcutBody({ reporter: rita, author: pat, text, ts: actionTs(), triggerId });
    const answer = await stack.slackRequest(shortcut, FORM);
    const answeredAt = Date.now();
    expect(answer.status, answer.text).toBe(200);

    // The modal was opened with the trigger before the answer (a trigger lives 3 s): rules still loading.
    const opened = stack.slack.calls.slice(since).filter((c) => c.method === 'views.open');
    expect(opened).toHaveLength(1);
    expect(accepted(opened[0] as RecordedCall)).toBe(true);
    expect(opened[0]?.at).toBeLessThanOrEqual(answeredAt);
    expect(opened[0]?.args.trigger_id).toBe(triggerId);
    const first = opened[0]?.args.view as Record<string, unknown>;
    expect(first.callback_id).toBe('report_to_moderators');
    const ruleOf = (view: Record<string, unknown>) =>
      (view.blocks as Record<string, unknown>[]).find((b) => b.block_id === 'rule')?.element as Record<
        string,
        unknown
      >;
    expect(ruleOf(first).type).toBe('plain_text_input');
    expect(JSON.stringify(first.blocks)).toContain('Loading the group’s ground rules');

    // The writer redraws it with Settings → Ground rules to choose from.
    const redrawn = await waitFor('the modal to be redrawn', () =>
      stack.slack.calls.slice(since).find((c) => c.method === 'views.update' && accepted(c)),
    );
    const viewId = String(redrawn.args.view_id);
    expect(viewId).toMatch(/^V/);
    expect(stack.slack.callsTo('views.update').filter((c) => c.args.view_id === viewId)).toHaveLength(1);
    const rule = ruleOf(redrawn.args.view as Record<string, unknown>);
    expect(rule.type).toBe('static_select');
    expect((rule.options as { value: string }[]).map((o) => o.value)).toEqual([
      ...GROUND_RULES,
      'Something else',
    ]);
    const view = stack.slack.viewOf(viewId) as FakeView;
    expect(JSON.stringify(view.blocks)).not.toContain('Loading the group’s ground rules');

    // Rita submits it; Slack delivers the same submission again (same view ID), twice at once, then later.
    const details = 'Pat posted referral spam in #general, third time this week.';
    const submission = submissionBody({ reporter: rita, view, rule: 'No spam', details, urgency: 'High' });
    await send(submission);
    const row = await waitFor('the incident to be posted', () =>
      incidentsAbout(`(${pat.id})`).find((i) => i['Slack message']),
    );
    const id = String(row['Incident ID']);
    await waitFor('the receipt', () => outboxOf(id, 'report.receipt')[0]?.Status === 'Sent');
    await outboxSettled(stack, 'UTC');
    await Promise.all([send(submission), send(submission)]);
    await stack.idle();
    await send(submission);
    await outboxSettled(stack, 'UTC');

    expect(incidentsAbout(`(${pat.id})`)).toHaveLength(1);
    expect(incident(id)).toMatchObject({
      Reporter: rita.id,
      About: `Pat Poster (${pat.id})`,
      Where: expect.stringMatching(
        new RegExp(`^https://hearth-test\\.slack\\.com/archives/${general.id}/p\\d{16}$`),
      ),
      Rule: 'No spam',
      Details: `> ${text}\n${details}`,
      Severity: 'High',
      Status: 'Open',
      Level: 1,
    });
    expect(auditOf('incident.reported', id)).toEqual([
      expect.objectContaining({ Actor: '(confidential)', Details: 'High, rule: No spam, by Slack' }),
    ]);
    expect(outboxOf(id).map((m) => [m.Kind, m.To, m.Status])).toEqual([
      ['incident.post', '#leaders', 'Sent'],
      ['report.receipt', `reporter:${id}`, 'Sent'],
    ]);

    // One post in the leaders channel; its permalink in the Incidents tab.
    const posts = postsTo(stack.slack, stack.leaders.id).filter((c) =>
      String(c.args.text).includes(`incident ${id} `),
    );
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.args.text)).toMatch(
      new RegExp(`^High incident ${id} \\(Level 1, Open\\) about <@${pat.id}> \\(Pat Poster\\): No spam\\.`),
    );
    expect(messageOf(row['Slack message']).channel).toBe(stack.leaders.id);

    // The receipt: one DM, in Rita's DM channel, that does not name her.
    expect(postsTo(stack.slack, rita.id)).toHaveLength(1);
    const receipts = dmsIn(rita);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.channel).toMatch(/^D/);
    expect(receipts[0]?.text).toMatch(
      /^Thanks for your report\. It has reached the moderators of Our Community/,
    );

    // Rita appears in the Reporter cell and nowhere else: not in Slack, the other cells, or the logs.
    expectNoTraceOf(rita, RITA_SECRETS());
  });
});

describe('an anonymous report from the form', () => {
  it('files one incident, posts it once in the leaders channel, and sends no receipt', async () => {
    const since = stack.slack.calls.length;
    const about = 'A man in a red jacket';
    const row = await reportByForm(about, 'He shouted at a new member.', 'Low');
    const id = String(row['Incident ID']);
    await outboxSettled(stack, 'UTC');

    expect(incidentsAbout(about)).toHaveLength(1);
    expect(incident(id)).toMatchObject({
      Reporter: null,
      About: about,
      Where: 'The car park after the Saturday walk',
      Rule: 'Be kind',
      Details: 'He shouted at a new member.',
      Severity: 'Low',
      Status: 'Open',
      Level: 1,
    });
    expect(outboxOf(id).map((m) => [m.Kind, m.To, m.Status])).toEqual([
      ['incident.post', '#leaders', 'Sent'],
    ]);
    expect(auditOf('incident.reported', id)).toEqual([
      expect.objectContaining({ Actor: '(confidential)', Details: 'Low, rule: Be kind, by Form' }),
    ]);
    const posts = stack.slack.calls
      .slice(since)
      .filter((c) => c.method === 'chat.postMessage' && accepted(c));
    expect(posts.map((c) => c.args.channel)).toEqual([stack.leaders.id]);
    expect(String(posts[0]?.args.text)).toMatch(
      new RegExp(`^Low incident ${id} \\(Level 1, Open\\) about A man in a red jacket: Be kind\\.`),
    );
  });
});

describe('a report form with a mistyped optional answer', () => {
  it('is kept as an anonymous report with the field noted, and the answer is quoted nowhere', async () => {
    const typed = 'whistle.blower@exmple';
    const urgency = 'Urgent!! call me';
    const about = 'The person selling at the door';
    const answer = await stack.form({
      form: 'report',
      responseId: `2_ABaOnud${++sequence}`,
      submittedAt: new Date().toISOString(),
      answers: {
        'Your email': typed,
        'Who or what is this about?': about,
        'What happened?': 'Kept asking members for money.',
        'How urgent is it?': urgency,
      },
    });
    expect(answer.status, answer.text).toBe(202);
    expect(answer.json.setAside).toEqual(['Your email', 'How urgent is it?']);
    expect(answer.text).not.toContain(typed);

    const row = await waitFor('the report to be posted', () =>
      incidentsAbout(about).find((i) => i['Slack message']),
    );
    const id = String(row['Incident ID']);
    await outboxSettled(stack, 'UTC');
    expect(incident(id)).toMatchObject({ Reporter: null, Severity: 'Medium', Status: 'Open' });
    const audit = auditOf('incident.reported', id);
    expect(audit).toEqual([expect.objectContaining({ Actor: '(confidential)' })]);
    expect(String(audit[0]?.Details)).toContain(
      'set aside: "Your email" is not an email address, so the report is kept as anonymous; ' +
        '"How urgent is it?" is not one of Low, Medium, High, Critical, so it is taken as Medium',
    );
    // No receipt: nobody to send it to.
    expect(outboxOf(id).map((m) => m.Kind)).toEqual(['incident.post']);
    expect(rows('Audit').filter((a) => String(a.Action).startsWith('form.report'))).toEqual([]);
    expectNoTraceOf(rita, [typed, urgency]);
  });

  it('with a required answer missing too: recorded as unusable, quoting none of its answers', async () => {
    const typed = 'second.witness@exmple';
    const responseId = `2_ABaOnud${++sequence}`;
    const answer = await stack.form({
      form: 'report',
      responseId,
      submittedAt: new Date().toISOString(),
      answers: { 'Your email': typed, 'Who or what is this about?': 'Someone at the bar' },
    });
    expect(answer.status, answer.text).toBe(422);
    expect(Object.keys(answer.json.fields).sort()).toEqual(['What happened?', 'Your email']);
    expect(answer.text).not.toContain(typed);
    const audit = await waitFor('the Audit row of the unusable report', () =>
      rows('Audit').find((a) => a.Key === `form:${responseId}`),
    );
    expect(audit).toMatchObject({ Action: 'form.report.invalid', Actor: '(confidential)' });
    expect(String(audit.Details)).toMatch(/^What happened\?: Missing/);
    expect(String(audit.Details)).toContain('Your email: This answer is not an email address');
    await outboxSettled(stack, 'UTC');
    expectNoTraceOf(rita, [typed, 'Someone at the bar']);
  });
});

describe('escalation', () => {
  it('climbs a level once per period on the ticker, and an acknowledgement stops it', async () => {
    // An organizer closes the incidents of the tests before, so that only these two are in play.
    for (const r of rows('Incidents').filter((i) => i.Status === 'Open'))
      editByHand(stack.sheets, 'Incidents', 'Incident ID', String(r['Incident ID']), { Status: 'Dismissed' });
    setSetting(stack.sheets, 'Escalate after hours', '1');

    const [a, b] = await Promise.all([
      reportByForm('Someone parking across the gate', 'Blocked the gate for an hour.'),
      reportByForm('Someone in the kitchen', 'Left a rude note on the fridge.'),
    ]);
    const idA = String(a['Incident ID']);
    const idB = String(b['Incident ID']);
    await outboxSettled(stack, 'UTC');

    // B is acknowledged by a leader's click, well before an hour.
    await send(
      clickBody({
        user: olive,
        actionId: INCIDENT_ACTIONS.acknowledge,
        value: idB,
        message: messageOf(b['Slack message']),
      }),
    );
    await waitFor('B to be acknowledged', () => incident(idB).Status === 'Acknowledged');
    await outboxSettled(stack, 'UTC');
    expect(incident(idB)).toMatchObject({ Assignee: olive.id, Level: 1 });
    expect(incident(idB)['Acknowledged at']).not.toBeNull();

    const reported = dateOf(a.Reported);
    const tick = async (minutes: number) => {
      const answer = await stack.tick({ now: reported.plus({ minutes }).toUTC().toISO() });
      expect(answer.status, answer.text).toBe(200);
    };
    const escalations = (id: string, level?: number) =>
      outboxOf(id, 'incident.escalation').filter((m) => level === undefined || m.About === `${id} ${level}`);
    const escalationText = (id: string, level: number) =>
      new RegExp(
        `^Level ${level}: Medium incident ${id} has waited \\d+ hours? without anyone acknowledging it\\.`,
      );
    const leadersPosts = (id: string, level: number) =>
      textsTo(stack.slack, stack.leaders.id).filter((t) => escalationText(id, level).test(t));
    const dms = (user: FakeUser, id: string, level: number) =>
      textsTo(stack.slack, user.id).filter((t) => escalationText(id, level).test(t));
    const moderators = [olive, oscar, mo, leon];

    // +30 min: nothing yet.
    await tick(30);
    await outboxSettled(stack, 'UTC', reported.plus({ minutes: 30 }));
    expect(escalations(idA)).toEqual([]);
    expect(incident(idA).Level).toBe(1);

    // +61 min: Level 2, once: a post mentioning the organizers and moderators, and a DM to each.
    await tick(61);
    await waitFor('the Level 2 escalation to go out', () => {
      const rows = escalations(idA, 2);
      return rows.length === 5 && rows.every((m) => m.Status === 'Sent');
    });
    await outboxSettled(stack, 'UTC', reported.plus({ minutes: 61 }));
    expect(incident(idA).Level).toBe(2);
    expect(escalations(idA, 2).map((m) => m.To)).toEqual(['#leaders', ...moderators.map((l) => l.id)]);
    expect(leadersPosts(idA, 2)).toHaveLength(1);
    const level2 = leadersPosts(idA, 2)[0] as string;
    for (const l of moderators) expect(level2).toContain(`<@${l.id}>`);
    expect(level2).not.toContain(`<@${greta.id}>`);
    for (const l of moderators) expect(dms(l, idA, 2)).toHaveLength(1);
    expect(dms(greta, idA, 2)).toEqual([]);

    // Several overlapping ticks before the next period: nothing more.
    await Promise.all([tick(62), tick(75), tick(90), tick(119)]);
    await outboxSettled(stack, 'UTC', reported.plus({ minutes: 119 }));
    expect(escalations(idA)).toHaveLength(5);
    expect(leadersPosts(idA, 2)).toHaveLength(1);
    for (const l of moderators) expect(dms(l, idA, 2)).toHaveLength(1);
    expect(auditOf('incident.escalated', idA)).toHaveLength(1);

    // +121 min, twice at once: Level 3, once, to every active leader.
    await Promise.all([tick(121), tick(122)]);
    await waitFor('the Level 3 escalation to go out', () => {
      const rows = escalations(idA, 3);
      return rows.length === 6 && rows.every((m) => m.Status === 'Sent');
    });
    await outboxSettled(stack, 'UTC', reported.plus({ minutes: 122 }));
    expect(incident(idA)).toMatchObject({ Level: 3, Status: 'Open' });
    expect(leadersPosts(idA, 3)).toHaveLength(1);
    for (const l of [...moderators, greta]) {
      expect(leadersPosts(idA, 3)[0]).toContain(`<@${l.id}>`);
      expect(dms(l, idA, 3)).toHaveLength(1);
    }
    expect(auditOf('incident.escalated', idA)).toHaveLength(2);
    // The post in the queue shows the level it reached.
    const updates = updatesOf(messageOf(a['Slack message']).ts);
    expect(String(updates.at(-1)?.args.text)).toMatch(
      new RegExp(`^Medium incident ${idA} \\(Level 3, Open\\)`),
    );

    // B, acknowledged, never escalated.
    expect(escalations(idB)).toEqual([]);
    expect(incident(idB)).toMatchObject({ Level: 1, Status: 'Acknowledged' });
    expect(auditOf('incident.escalated', idB)).toEqual([]);
    expect(
      textsTo(stack.slack, stack.leaders.id).filter((t) => t.includes(`incident ${idB} has waited`)),
    ).toEqual([]);
  });
});

describe('a click from someone who is not a leader', () => {
  it('is refused with an ephemeral, and nothing changes', async () => {
    const row = await reportByForm('Someone at the book swap', 'Took all the books.');
    const id = String(row['Incident ID']);
    const post = messageOf(row['Slack message']);
    await outboxSettled(stack, 'UTC');
    const tabs = () => JSON.stringify(['Incidents', 'Outbox', 'Audit', 'Approvals'].map((t) => rows(t)));
    const before = tabs();
    const since = stack.slack.calls.length;

    await send(
      clickBody({ user: stranger, actionId: INCIDENT_ACTIONS.acknowledge, value: id, message: post }),
    );
    await waitFor('the refusal', () => ephemeralsTo(stranger.id, since)[0]);
    await outboxSettled(stack, 'UTC');

    expect(ephemeralsTo(stranger.id, since).map((c) => [c.args.channel, c.args.text])).toEqual([
      [stack.leaders.id, moderationRefusal('not-a-leader', id)],
    ]);
    expect(tabs()).toBe(before);
    expect(incident(id)).toMatchObject({ Status: 'Open', Assignee: null, 'Acknowledged at': null });
    expect(updatesOf(post.ts)).toEqual([]);
    expect(stack.slack.calls.slice(since).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });
});

describe('banning a member', () => {
  it('needs two distinct leaders; then the member is Banned, removed from the group’s channels, and the leaders told', async () => {
    const { incidentId, post } = await reportBySlack({
      reporter: rita,
      author: max,
      text: 'You are all idiots and I know where you live.',
      rule: 'No harassment',
      details: 'Max threatened people in #general.',
      urgency: 'High',
    });
    await outboxSettled(stack, 'UTC');
    expect(incident(incidentId)).toMatchObject({ About: `Max Mischief (${max.id})`, Reporter: rita.id });

    // Olive asks for a ban: an approval that needs two leaders, posted in the leaders channel.
    await send(clickBody({ user: olive, actionId: INCIDENT_ACTIONS.ban, value: incidentId, message: post }));
    const requested = await waitFor('the ban request to be posted', () => {
      const a = approvalOf(incidentId);
      return a?.['Slack message'] ? a : undefined;
    });
    await outboxSettled(stack, 'UTC');
    const approvalId = String(requested['Approval ID']);
    expect(requested).toMatchObject({ Kind: 'ban', Subject: 'M-903', Status: 'Pending', Needed: 2 });
    const request = messageOf(requested['Slack message']);
    expect(request.channel).toBe(stack.leaders.id);
    const approve = (user: FakeUser) =>
      clickBody({ user, actionId: 'approval:approve', value: approvalId, message: request });

    // Olive approves, and again: it counts once.
    await send(approve(olive));
    await waitFor('the first approval', () => approvalOf(incidentId)?.['Approved by'] === olive.id);
    await outboxSettled(stack, 'UTC');
    const since = stack.slack.calls.length;
    await send(approve(olive));
    await waitFor('the refusal', () => ephemeralsTo(olive.id, since)[0]);
    await outboxSettled(stack, 'UTC');
    expect(ephemeralsTo(olive.id, since).map((c) => c.args.text)).toEqual([refusalText('already-approved')]);
    expect(approvalOf(incidentId)).toMatchObject({ Status: 'Pending', 'Approved by': olive.id });
    expect(member('M-903').Status).toBe('Active');
    expect(stack.slack.callsTo('conversations.kick')).toEqual([]);

    // Oscar approves: Banned.
    await send(approve(oscar));
    await waitFor('the ban', () => member('M-903').Status === 'Banned');
    await waitFor('the removal report', () =>
      textsTo(stack.slack, stack.leaders.id).find((t) =>
        t.startsWith(`<@${max.id}> (Max Mischief) is banned`),
      ),
    );
    await outboxSettled(stack, 'UTC');

    expect(approvalOf(incidentId)).toMatchObject({
      Status: 'Approved',
      'Approved by': `${olive.id}, ${oscar.id}`,
    });
    expect(incident(incidentId)).toMatchObject({ Status: 'Resolved' });
    // The steps on the record: the request, then the decision naming the approval and the last approver.
    const decision = String(incident(incidentId).Decision).split('\n');
    expect(decision).toHaveLength(2);
    expect(decision[0]).toMatch(new RegExp(`^Ban requested by ${olive.id} at `));
    expect(decision[1]).toMatch(new RegExp(`${approvalId}.* by ${oscar.id} at `));
    expect(auditOf('member.banned', 'M-903')).toHaveLength(1);

    // Out of the channels Hearth manages where Max is; not out of the others.
    const kicks = stack.slack.callsTo('conversations.kick');
    expect(kicks.filter(accepted).map((c) => [c.args.channel, c.args.user])).toEqual(
      expect.arrayContaining([
        [announcements.id, max.id],
        [introductions.id, max.id],
      ]),
    );
    expect(kicks.map((c) => c.args.channel)).not.toContain(random.id);
    expect(kicks.map((c) => c.args.channel)).not.toContain(general.id);
    expect(stack.slack.membersOf('#announcements')).not.toContain(max.id);
    expect(stack.slack.membersOf('#introductions')).not.toContain(max.id);
    expect(stack.slack.membersOf('#random')).toContain(max.id);
    expect(
      rows('Outbox')
        .filter((m) => m.Kind === 'member.remove' && m.About === 'M-903')
        .map((m) => [m.To, m.Status]),
    ).toEqual([
      ['#announcements', 'Sent'],
      ['#introductions', 'Sent'],
    ]);

    // The removal report in the leaders channel, once.
    const reports = textsTo(stack.slack, stack.leaders.id).filter((t) =>
      t.startsWith(`<@${max.id}> (Max Mischief) is banned`),
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(
      `is banned (incident ${incidentId}). Removed them from #announcements and #introductions.`,
    );
    expect(reports[0]).toContain('A workspace admin still needs to: Deactivate their account');
    // The request shows the outcome, buttons gone; the reporter is told it was handled.
    const outcome = updatesOf(request.ts).at(-1);
    expect(String(outcome?.args.text)).toMatch(/^Approved: /);
    const blocks = (outcome?.args.blocks ?? []) as { type: string }[];
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(outboxOf(incidentId, 'report.closed').map((m) => m.Status)).toEqual(['Sent']);
    expectNoTraceOf(rita, RITA_SECRETS());
  });

  it('a ban of a leader: the report reaches the other moderators by DM, and the reported leader cannot decide', async () => {
    const { incidentId } = await reportBySlack({
      reporter: rita,
      author: leon,
      text: 'Members who disagree with me will be removed.',
      rule: 'Be kind',
      details: 'Leon threatened to remove people for disagreeing.',
      urgency: 'Medium',
    });
    await outboxSettled(stack, 'UTC');
    // To the other organizers and moderators by DM; not to the leaders channel, not to Leon.
    const about = (t: string) => t.includes(`incident ${incidentId} `);
    for (const l of [olive, oscar, mo]) expect(textsTo(stack.slack, l.id).filter(about)).toHaveLength(1);
    expect(textsTo(stack.slack, leon.id).filter(about)).toEqual([]);
    expect(textsTo(stack.slack, stack.leaders.id).filter(about)).toEqual([]);

    // Olive asks for a ban from her DM.
    const dm = dmsIn(olive).find((m) => about(m.text)) as { channel: string; ts: string };
    await send(clickBody({ user: olive, actionId: INCIDENT_ACTIONS.ban, value: incidentId, message: dm }));
    const requested = await waitFor('the ban request to be posted', () => {
      const a = approvalOf(incidentId);
      return a?.['Slack message'] ? a : undefined;
    });
    await outboxSettled(stack, 'UTC');
    expect(requested).toMatchObject({ Kind: 'ban', Subject: 'M-904', Status: 'Pending', Needed: 2 });
    const request = messageOf(requested['Slack message']);

    // Leon, who can approve, tries to: refused, nothing changes.
    const approvalId = String(requested['Approval ID']);
    const tabs = () => JSON.stringify(['Approvals', 'Members', 'Incidents', 'Outbox'].map((t) => rows(t)));
    const before = tabs();
    const since = stack.slack.calls.length;
    await send(clickBody({ user: leon, actionId: 'approval:approve', value: approvalId, message: request }));
    await waitFor('the refusal', () => ephemeralsTo(leon.id, since)[0]);
    await outboxSettled(stack, 'UTC');
    expect(ephemeralsTo(leon.id, since).map((c) => c.args.text)).toEqual([
      moderationRefusal('subject', incidentId),
    ]);
    expect(tabs()).toBe(before);
    expect(approvalOf(incidentId)).toMatchObject({ Status: 'Pending', 'Approved by': null });
    expect(rows('Audit').filter((a) => a.Target === approvalId)).toEqual([]);
    expect(updatesOf(request.ts)).toEqual([]);
    expect(member('M-904').Status).toBe('Active');
  });
});
