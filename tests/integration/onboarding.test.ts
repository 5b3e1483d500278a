/**
 * Onboarding and leader approvals over HTTP, through the real functions: signed join forms and Slack requests
 * (button clicks, team_join) to the forms and slack doors, the writer applying the work in-process, the Sheets
 * fake as the spreadsheet and the Slack fake as Slack. One stack for the file; each test makes its own people.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cell } from '../../sheets-schema/cells.js';
import { serialToDateTime } from '../../sheets-schema/cells.js';
import { refusalText } from '../../workflows/approvals/messages.js';
import { joinInput } from '../fakes/inputs.js';
import type { FakeChannel, FakeUser, RecordedCall } from '../fakes/slack-fake.js';
import {
  appendByHand,
  buttonClick,
  deleteByHand,
  messageOf,
  nowSeconds,
  post,
  redeliver,
  rowsOf,
  SCHEDULER_TOKEN,
  type Stack,
  setSetting,
  startStack,
  teamJoinBody,
  waitFor,
} from './helpers.js';

let stack: Stack;
/** Leaders, as Slack users and in the Leaders tab. */
let olive: FakeUser; // Organizer, can approve
let oscar: FakeUser; // Organizer, can approve
let mo: FakeUser; // Moderator, Can approve = No
let greta: FakeUser; // Greeter (the only one)
let stranger: FakeUser; // in Slack, not in Leaders
let introductions: FakeChannel;

/** The writer's "batch applied" log lines (captured for the whole file): which work was decided together. */
const batchLog: { items: number; notes: string[] }[] = [];
function writerBatches() {
  const from = batchLog.length;
  return { lines: () => batchLog.slice(from) };
}

beforeAll(async () => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    for (const line of String(chunk).split('\n'))
      if (line.includes('"writer batch applied"')) batchLog.push(JSON.parse(line));
    return write(chunk, ...(rest as []));
  });
  stack = await startStack({ allowTimeTravel: true, logLevel: 'info' });
  const { slack, sheets } = stack;
  olive = slack.seedUser({ id: 'U0OLIVE001', name: 'olive', email: 'olive@example.org' });
  oscar = slack.seedUser({ id: 'U0OSCAR001', name: 'oscar', email: 'oscar@example.org' });
  mo = slack.seedUser({ id: 'U0MOMOD001', name: 'mo', email: 'mo@example.org' });
  greta = slack.seedUser({ id: 'U0GRETA001', name: 'greta', email: 'greta@example.org' });
  stranger = slack.seedUser({ id: 'U0STRANGE1', name: 'stranger', email: 'stranger@example.org' });
  introductions = slack.seedChannel({ name: 'introductions', is_member: true });
  appendByHand(sheets, 'Leaders', [
    { 'Slack ID': olive.id, Name: 'Olive Organizer', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': oscar.id, Name: 'Oscar Organizer', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': mo.id, Name: 'Mo Moderator', Role: 'Moderator', 'Can approve': 'No', Active: 'Yes' },
    { 'Slack ID': greta.id, Name: 'Greta Greeter', Role: 'Greeter', 'Can approve': 'No', Active: 'Yes' },
  ]);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

// ---- the sheet ----------------------------------------------------------------------------------------

const rows = (tab: string) => rowsOf(stack.sheets, tab);
const membersWith = (email: string) =>
  rows('Members').filter((m) => String(m.Email).toLowerCase() === email.toLowerCase());
const memberOf = (email: string) => membersWith(email)[0];
const approvalFor = (memberId: Cell) => rows('Approvals').find((a) => a.Subject === memberId);
const outboxAbout = (about: Cell) => rows('Outbox').filter((m) => m.About === about);
const auditOf = (action: string, target: Cell) =>
  rows('Audit').filter((a) => a.Action === action && a.Target === target);
/** A date cell (a serial number in the group's time zone, UTC here). */
const dateOf = (cell: Cell) => serialToDateTime(Number(cell), 'UTC');

/** The tabs a decision touches, as they are now. */
const decisionTabs = () =>
  JSON.stringify(['Members', 'Approvals', 'Outbox', 'Audit'].map((t) => stack.sheets.getGrid(t)));

/** Everything due has been sent (and marked), and a moment has passed for any second effect to show. */
async function settled(): Promise<void> {
  await waitFor(
    'every due Outbox row to be sent',
    () =>
      !rows('Outbox').some(
        (m) =>
          (m.Status === 'Scheduled' || m.Status === 'Sending') &&
          dateOf(m.Due) <= DateTime.utc().plus({ hours: 1 }),
      ),
    { timeoutMs: 20_000 },
  );
  await stack.idle();
}

// ---- Slack --------------------------------------------------------------------------------------------

const ok = (c: RecordedCall) => c.status === 200 && !c.error;
const postsTo = (channel: string) =>
  stack.slack.callsTo('chat.postMessage').filter((c) => ok(c) && c.args.channel === channel);
const updatesOf = (ts: string) => stack.slack.callsTo('chat.update').filter((c) => ok(c) && c.args.ts === ts);
/** Ephemeral replies to `user`, since the `since`-th Slack call. */
const ephemeralsTo = (user: string, since = 0) =>
  stack.slack.calls
    .slice(since)
    .filter((c) => c.method === 'chat.postEphemeral' && ok(c) && c.args.user === user);
const blocksOf = (call: RecordedCall | undefined) => (call?.args.blocks ?? []) as Record<string, unknown>[];
const hasButtons = (call: RecordedCall | undefined) => blocksOf(call).some((b) => b.type === 'actions');

/** A signed click on an approval button, from `message`. */
const clickBody = (c: {
  user: string;
  action: 'approval:approve' | 'approval:decline';
  approvalId: string;
  message: { channel: string; ts: string };
  actionTs?: string;
}) => buttonClick({ ...c, value: c.approvalId });

async function click(body: string, retryNum?: number): Promise<void> {
  const answer = await stack.slackRequest(body, {
    contentType: 'application/x-www-form-urlencoded',
    ...(retryNum === undefined ? {} : { retryNum }),
  });
  expect(answer.status).toBe(200);
}

// ---- the join form ------------------------------------------------------------------------------------

/** The email a test person named `name` uses: `grace.hopper@example.org`. */
const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`;

function joinForm(
  name: string,
  options: {
    email?: string;
    responseId?: string;
    submittedAt?: string;
    intros?: 'Yes' | 'No';
    interests?: string[];
  } = {},
): Record<string, unknown> {
  return {
    form: 'join',
    ...(options.responseId ? { responseId: options.responseId } : {}),
    submittedAt: options.submittedAt ?? new Date().toISOString(),
    answers: {
      Name: name,
      Email: options.email ?? emailOf(name),
      'How did you hear about us?': 'A friend',
      Interests: options.interests ?? ['Walks'],
      'Introduce me to other members': options.intros ?? 'No',
      'I agree to the ground rules': 'Yes',
    },
  };
}

async function submitJoin(body: Record<string, unknown>): Promise<void> {
  const answer = await stack.form(body);
  expect(answer.status, answer.text).toBe(202);
}

/** A join under `Join approval: Required`, its request posted in the leaders channel. */
async function pendingJoin(name: string) {
  setSetting(stack.sheets, 'Join approval', 'Required');
  await submitJoin(joinForm(name));
  const email = emailOf(name);
  const approval = await waitFor(`the request for ${name} to be posted`, () => {
    const member = memberOf(email);
    const row = member && approvalFor(member['Member ID']);
    return row?.['Slack message'] ? row : undefined;
  });
  await settled();
  const member = memberOf(email) as Record<string, Cell>;
  return {
    email,
    memberId: String(member['Member ID']),
    approvalId: String(approval['Approval ID']),
    message: messageOf(approval['Slack message']),
  };
}

// ---- tests --------------------------------------------------------------------------------------------

describe('a new join', () => {
  it('without approval: Active, welcomed by DM (found by email), a greeter, an intro post and a follow-up', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    setSetting(stack.sheets, 'Follow-up after days', '3');
    const ada = stack.slack.seedUser({ id: 'U0ADA00001', name: 'ada', email: 'ada.lovelace@example.org' });
    const before = DateTime.utc();
    await submitJoin(joinForm('Ada Lovelace', { intros: 'Yes', interests: ['TypeScript', 'Events'] }));

    const member = await waitFor('Ada to be linked to her Slack account', () => {
      const m = memberOf('ada.lovelace@example.org');
      return m?.['Slack ID'] ? m : undefined;
    });
    const after = DateTime.utc();
    await settled();
    const id = String(member['Member ID']);
    expect(id).toMatch(/^M-\d+$/);
    expect(member).toMatchObject({
      Name: 'Ada Lovelace',
      Status: 'Active',
      'Slack ID': ada.id,
      Greeter: greta.id,
      Interests: 'TypeScript, Events',
      Intros: 'Yes',
    });

    // The welcome: a DM to the Slack user found by email.
    expect(stack.slack.callsTo('users.lookupByEmail').map((c) => c.args.email)).toContain(
      'ada.lovelace@example.org',
    );
    const welcome = postsTo(ada.id);
    expect(welcome).toHaveLength(1);
    expect(String(welcome[0]?.args.text)).toMatch(/^Welcome to Our Community, Ada Lovelace!/);
    expect(String(welcome[0]?.args.text)).toContain(`<@${greta.id}> is your greeter`);
    // The greeter, told in a DM; the introduction, in the introductions channel.
    expect(postsTo(greta.id).map((c) => String(c.args.text))).toEqual([
      expect.stringMatching(/Ada Lovelace.* just joined Our Community, and you’re their greeter/),
    ]);
    expect(postsTo(introductions.id).map((c) => String(c.args.text))).toEqual([
      expect.stringMatching(
        /^Please welcome .* to Our Community! They’re interested in TypeScript, Events\./,
      ),
    ]);

    const outbox = outboxAbout(id);
    expect(outbox.map((m) => [m.Kind, m.To, m.Status])).toEqual([
      ['welcome', `member:${id}`, 'Sent'],
      ['greeter', greta.id, 'Sent'],
      ['intro', '#introductions', 'Sent'],
      ['followup', `member:${id}`, 'Scheduled'],
    ]);
    // The follow-up is due `Follow-up after days` later, for organizers to see (and cancel) in the Outbox.
    const due = dateOf(outbox[3]?.Due as Cell);
    expect(due >= before.plus({ days: 3 }).minus({ seconds: 1 }) && due <= after.plus({ days: 3 })).toBe(
      true,
    );
    setSetting(stack.sheets, 'Follow-up after days', '7');
  });

  it('with approval: Pending, an Approvals row and a request with Approve / Decline in the leaders channel', async () => {
    const { memberId, approvalId, message, email } = await pendingJoin('Grace Hopper');
    expect(memberOf(email)).toMatchObject({ Status: 'Pending', Greeter: null, 'Slack ID': null });
    expect(approvalFor(memberId)).toMatchObject({
      'Approval ID': approvalId,
      Kind: 'join',
      Status: 'Pending',
      Needed: 1,
    });
    expect(String(approvalFor(memberId)?.Summary)).toMatch(
      /^Grace Hopper <grace\.hopper@example\.org> wants to join/,
    );
    // No welcome yet.
    expect(outboxAbout(memberId)).toEqual([]);

    const request = postsTo(stack.leaders.id).filter((c) => String(c.args.text).includes('Grace Hopper'));
    expect(request).toHaveLength(1);
    expect(String(request[0]?.args.text)).toMatch(/^Approval needed: Grace Hopper wants to join\./);
    const buttons = blocksOf(request[0]).find((b) => b.type === 'actions')?.elements as Record<
      string,
      unknown
    >[];
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ['approval:approve', approvalId],
      ['approval:decline', approvalId],
    ]);
    // Its permalink is in `Slack message`: the message the buttons are on.
    expect(message.channel).toBe(stack.leaders.id);
    expect(stack.slack.messages.get(`${message.channel}/${message.ts}`)?.text).toBe(request[0]?.args.text);
  });
});

describe('the same person joining again', () => {
  it('the same submission twice (and re-delivered to the writer) makes one member', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    const body = joinForm('Hedy Lamarr', { responseId: '2_ABaOnudHedy' });
    await Promise.all([submitJoin(body), submitJoin(body)]);
    await waitFor(
      'Hedy to be welcomed',
      () => outboxAbout(memberOf(emailOf('Hedy Lamarr'))?.['Member ID'] ?? '-').length > 0,
    );
    await settled();
    // Past the door's memory: the same work handed to the writer again, as Cloud Tasks would re-deliver it.
    const again = await post(
      `${stack.url.writer}/work`,
      JSON.stringify(
        joinInput(
          { identity: 'form:2_ABaOnudHedy', submittedAt: String(body.submittedAt) },
          { name: 'Hedy Lamarr', email: emailOf('Hedy Lamarr') },
        ),
      ),
      { 'Content-Type': 'application/json', Authorization: `Bearer ${SCHEDULER_TOKEN}` },
    );
    expect(again.json).toMatchObject({ identity: 'form:2_ABaOnudHedy', status: 'duplicate' });
    await settled();

    const members = membersWith(emailOf('Hedy Lamarr'));
    expect(members).toHaveLength(1);
    const id = members[0]?.['Member ID'] as Cell;
    expect(auditOf('member.joined', id)).toHaveLength(1);
    expect(outboxAbout(id).filter((m) => m.Kind === 'welcome')).toHaveLength(1);
  });

  it('the same email in other case makes one member; only Last active moves', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    const first = DateTime.utc().minus({ minutes: 2 });
    await submitJoin(joinForm('Mary Jackson', { submittedAt: first.toISO() as string }));
    const member = await waitFor('Mary to be a member', () => memberOf(emailOf('Mary Jackson')));
    await settled();
    const later = DateTime.utc().startOf('second');
    await submitJoin(
      joinForm('Mary J.', { email: '  MARY.Jackson@Example.ORG ', submittedAt: later.toISO() as string }),
    );
    const id = member['Member ID'] as Cell;
    await waitFor('Mary to join again', () => auditOf('member.join-again', id).length === 1);
    await settled();

    const members = membersWith(emailOf('Mary Jackson'));
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ Name: 'Mary Jackson', Status: 'Active' });
    expect(dateOf(members[0]?.['Last active'] as Cell).toMillis()).toBe(later.toMillis());
    expect(dateOf(members[0]?.Joined as Cell).toMillis()).toBe(first.toMillis());
    expect(outboxAbout(id).filter((m) => m.Kind === 'welcome')).toHaveLength(1);
  });

  it('the same email in two Unicode forms makes one member, stored in one form', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    // "zoë": precomposed ë (NFC) from one keyboard, e + combining diaeresis (NFD) from another.
    const composed = 'zo\u00eb.unicode@example.org';
    const decomposed = ' ZOE\u0308.Unicode@Example.org';
    const first = DateTime.utc().minus({ minutes: 2 });
    await submitJoin(joinForm('Zoë Unicode', { email: decomposed, submittedAt: first.toISO() as string }));
    const member = await waitFor('Zoë to be a member', () => memberOf(composed));
    await settled();
    expect(member.Email).toBe(composed);
    const id = member['Member ID'] as Cell;
    await submitJoin(joinForm('Zoë U.', { email: composed }));
    await waitFor('Zoë to join again', () => auditOf('member.join-again', id).length === 1);

    // An organizer pastes a member typed the other way; the join form finds that row too.
    appendByHand(stack.sheets, 'Members', [
      { 'Member ID': 'M-950', Name: 'Noël Pasted', Email: 'NOE\u0308L.pasted@example.org', Status: 'Active' },
    ]);
    await submitJoin(joinForm('Noël Pasted', { email: 'no\u00ebl.pasted@example.org' }));
    await waitFor('Noël to join again', () => auditOf('member.join-again', 'M-950').length === 1);
    await settled();

    const unicode = rows('Members').filter((m) => /unicode|pasted@/i.test(String(m.Email).normalize('NFC')));
    expect(unicode.map((m) => m['Member ID'])).toEqual([id, 'M-950']);
    expect(auditOf('member.joined', id)).toHaveLength(1);
    expect(outboxAbout(id).filter((m) => m.Kind === 'welcome')).toHaveLength(1);
    expect(outboxAbout('M-950')).toEqual([]);
  });
});

describe('who may decide', () => {
  it.each([
    ['someone not in Leaders', () => stranger, refusalText('not-a-leader')],
    ['a leader with Can approve = No', () => mo, refusalText('cannot-approve')],
  ])('%s clicking Approve is refused (ephemeral) and nothing changes', async (_who, who, text) => {
    const { approvalId, message, memberId } = await pendingJoin(`Refused ${who().name}`);
    const before = decisionTabs();
    const updates = stack.slack.callsTo('chat.update').length;
    const since = stack.slack.calls.length;

    await click(clickBody({ user: who().id, action: 'approval:approve', approvalId, message }));
    const refusal = await waitFor('the ephemeral refusal', () => ephemeralsTo(who().id, since)[0]);
    await stack.idle();
    expect(refusal.args).toMatchObject({ channel: stack.leaders.id, user: who().id, text });
    expect(decisionTabs()).toBe(before);
    expect(approvalFor(memberId)?.Status).toBe('Pending');
    expect(stack.slack.callsTo('chat.update')).toHaveLength(updates);
  });
});

describe('a decision', () => {
  it('a leader approving: Approved, the member Active with Approved by, the request updated, welcomed', async () => {
    const ida = stack.slack.seedUser({ id: 'U0IDA00001', name: 'ida', email: emailOf('Ida Rhodes') });
    const { approvalId, message, memberId, email } = await pendingJoin('Ida Rhodes');

    await click(clickBody({ user: olive.id, action: 'approval:approve', approvalId, message }));
    await waitFor('the approval', () => approvalFor(memberId)?.Status === 'Approved');
    await settled();

    const approval = approvalFor(memberId) as Record<string, Cell>;
    expect(approval).toMatchObject({ 'Approved by': olive.id, 'Declined by': null });
    expect(approval.Decided).toEqual(expect.any(Number));
    expect(memberOf(email)).toMatchObject({
      Status: 'Active',
      'Approved by': 'Olive Organizer',
      'Slack ID': ida.id,
      Greeter: greta.id,
    });
    expect(auditOf('approval.approved', approvalId)).toHaveLength(1);

    const updates = updatesOf(message.ts);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.channel).toBe(message.channel);
    expect(String(updates[0]?.args.text)).toMatch(
      /^Approved: Ida Rhodes wants to join, by <@U0OLIVE001> at /,
    );
    expect(hasButtons(updates[0])).toBe(false);

    expect(postsTo(ida.id).map((c) => String(c.args.text))).toEqual([
      expect.stringMatching(/^Welcome to Our Community, Ida Rhodes!/),
    ]);
    expect(outboxAbout(memberId).map((m) => m.Kind)).toEqual(['welcome', 'greeter', 'followup']);
  });

  it.each([
    ['in batches one after the other', false],
    ['in one batch (queued behind a slow tick)', true],
  ])(
    'two leaders clicking at once, decided %s: one decision, recorded once, the message updated once',
    async (_how, oneBatch) => {
      const { approvalId, message, memberId } = await pendingJoin(
        oneBatch ? 'Joan Clarke' : 'Betty Holberton',
      );
      const batches = writerBatches();
      const since = stack.slack.calls.length;
      try {
        let tick: Promise<unknown> = Promise.resolve();
        if (oneBatch) {
          // The writer is busy reading a slow sheet for a tick while both clicks arrive: they wait together.
          stack.sheets.setLatency({ readMs: 400 });
          const reads = stack.sheets.stats.batchGet;
          tick = stack.tick();
          await waitFor('the tick to be reading the sheet', () => stack.sheets.stats.batchGet > reads);
        }
        await Promise.all([
          click(clickBody({ user: olive.id, action: 'approval:approve', approvalId, message })),
          click(clickBody({ user: oscar.id, action: 'approval:approve', approvalId, message })),
          tick,
        ]);
        await waitFor('the approval', () => approvalFor(memberId)?.Status === 'Approved');
        await waitFor('one leader to be told it was decided', () =>
          [...ephemeralsTo(olive.id, since), ...ephemeralsTo(oscar.id, since)].find((c) =>
            String(c.args.text).startsWith('This was already approved by'),
          ),
        );
      } finally {
        stack.sheets.setLatency({ readMs: 0 });
      }
      await settled();

      const decidedIn = batches
        .lines()
        .filter((b) => b.notes.some((n) => n.startsWith(`${approvalId}: approve`)));
      expect(decidedIn.length).toBe(oneBatch ? 1 : 2);
      const approvedBy = String(approvalFor(memberId)?.['Approved by']);
      expect([olive.id, oscar.id]).toContain(approvedBy);
      expect(auditOf('approval.approved', approvalId)).toHaveLength(1);
      expect(auditOf('approval.approve', approvalId)).toHaveLength(0);
      expect(updatesOf(message.ts)).toHaveLength(1);
      expect(outboxAbout(memberId).filter((m) => m.Kind === 'welcome')).toHaveLength(1);
      const loser = approvedBy === olive.id ? oscar.id : olive.id;
      expect(ephemeralsTo(loser, since).map((c) => c.args.text)).toEqual([
        expect.stringMatching(new RegExp(`^This was already approved by <@${approvedBy}> at `)),
      ]);
    },
  );

  it('the same click delivered twice, then clicked again: one decision (a decline: no DM)', async () => {
    const { approvalId, message, memberId, email } = await pendingJoin('Alan Turing');
    const body = clickBody({ user: oscar.id, action: 'approval:decline', approvalId, message });
    await click(body);
    await click(body, 1);
    await waitFor('the decline', () => approvalFor(memberId)?.Status === 'Declined');
    await settled();
    // The person clicks once more, a moment later.
    const since = stack.slack.calls.length;
    await click(clickBody({ user: oscar.id, action: 'approval:decline', approvalId, message }));
    await waitFor('the refusal', () =>
      ephemeralsTo(oscar.id, since).find((c) =>
        String(c.args.text).startsWith('This was already declined by'),
      ),
    );
    await settled();

    expect(approvalFor(memberId)).toMatchObject({ Status: 'Declined', 'Declined by': oscar.id });
    expect(memberOf(email)).toMatchObject({ Status: 'Declined', 'Approved by': null });
    expect(auditOf('approval.declined', approvalId)).toHaveLength(1);
    const updates = updatesOf(message.ts);
    expect(updates).toHaveLength(1);
    expect(String(updates[0]?.args.text)).toMatch(
      /^Declined: Alan Turing wants to join, by <@U0OSCAR001> at /,
    );
    expect(hasButtons(updates[0])).toBe(false);
    // Declined: no DM, nothing planned for the member.
    expect(outboxAbout(memberId)).toEqual([]);
    expect(stack.slack.callsTo('users.lookupByEmail').map((c) => c.args.email)).not.toContain(email);
  });

  it('2 of N: one leader clicking twice still needs a second leader; then Approved', async () => {
    setSetting(stack.sheets, 'Join approval', 'Required');
    // A request that needs two leaders, posted in the leaders channel.
    const ts = `${nowSeconds()}.000777`;
    const message = { channel: stack.leaders.id, ts };
    stack.slack.messages.set(`${message.channel}/${ts}`, {
      channel: message.channel,
      ts,
      text: 'Approval needed',
    });
    const permalink = `https://hearth-test.slack.com/archives/${message.channel}/p${ts.replace('.', '')}`;
    const now = DateTime.utc();
    const at = (t: DateTime) => t.toFormat('yyyy-MM-dd HH:mm');
    appendByHand(stack.sheets, 'Members', [
      {
        'Member ID': 'M-900',
        Name: 'Katherine Johnson',
        Email: emailOf('Katherine Johnson'),
        Status: 'Pending',
      },
    ]);
    appendByHand(stack.sheets, 'Approvals', [
      {
        'Approval ID': 'AP-900',
        Kind: 'join',
        Subject: 'M-900',
        Summary: 'Katherine Johnson wants to join',
        Requested: at(now),
        Status: 'Pending',
        Needed: 2,
        Expires: at(now.plus({ hours: 72 })),
        'Slack message': permalink,
      },
    ]);
    const approve = (user: string) =>
      clickBody({ user, action: 'approval:approve', approvalId: 'AP-900', message });

    await click(approve(olive.id));
    await waitFor('the first approval', () => approvalFor('M-900')?.['Approved by'] === olive.id);
    await settled();
    expect(approvalFor('M-900')?.Status).toBe('Pending');
    expect(updatesOf(ts)).toHaveLength(1);
    expect(String(updatesOf(ts)[0]?.args.text)).toContain('1 of 2 approvals so far, from <@U0OLIVE001>');
    expect(hasButtons(updatesOf(ts)[0])).toBe(true);

    const since = stack.slack.calls.length;
    await click(approve(olive.id));
    await waitFor('the refusal', () =>
      ephemeralsTo(olive.id, since).find((c) => c.args.text === refusalText('already-approved')),
    );
    await settled();
    expect(approvalFor('M-900')).toMatchObject({ Status: 'Pending', 'Approved by': olive.id });
    expect(memberOf(emailOf('Katherine Johnson'))?.Status).toBe('Pending');
    expect(updatesOf(ts)).toHaveLength(1);

    await click(approve(oscar.id));
    await waitFor('the approval', () => approvalFor('M-900')?.Status === 'Approved');
    await settled();
    expect(approvalFor('M-900')?.['Approved by']).toBe(`${olive.id}, ${oscar.id}`);
    expect(memberOf(emailOf('Katherine Johnson'))).toMatchObject({
      Status: 'Active',
      'Approved by': 'Olive Organizer, Oscar Organizer',
    });
    expect(auditOf('approval.approve', 'AP-900')).toHaveLength(1);
    expect(auditOf('approval.approved', 'AP-900')).toHaveLength(1);
    expect(updatesOf(ts)).toHaveLength(2);
    expect(String(updatesOf(ts)[1]?.args.text)).toMatch(
      /^Approved: Katherine Johnson wants to join, by <@U0OLIVE001> and <@U0OSCAR001> at /,
    );
    expect(hasButtons(updatesOf(ts)[1])).toBe(false);
  });
});

describe('approving a join whose member row was deleted', () => {
  it('tells the leader and Audit, approves nobody, and a click delivered again changes nothing', async () => {
    const { approvalId, message, memberId } = await pendingJoin('Dora Deleted');
    const row = memberOf(emailOf('Dora Deleted')) as Record<string, Cell>;
    deleteByHand(stack.sheets, 'Members', 'Member ID', memberId);
    const since = stack.slack.calls.length;
    const updates = updatesOf(message.ts).length;
    const actionTs = `${nowSeconds()}.999001`;
    const body = clickBody({ user: olive.id, action: 'approval:approve', approvalId, message, actionTs });
    await click(body);
    const reply = await waitFor('the reply to Olive', () => ephemeralsTo(olive.id, since)[0]);
    expect(reply.args).toMatchObject({
      channel: stack.leaders.id,
      text: `Nobody was approved: ${memberId}, whom this request is for, is no longer in the Members tab. Put their row back (with Member ID ${memberId}) and click Approve again, or Decline the request.`,
    });
    const audit = await waitFor('the Audit row', () => auditOf('approval.refused', approvalId)[0]);
    expect(audit).toMatchObject({
      Actor: olive.id,
      Details: `approve not done: ${memberId} is not in the Members tab (its row was deleted?): put the row back with its Member ID, or decline ${approvalId}`,
    });

    // The same click handed to the writer again, past the door's memory.
    const again = await redeliver(stack, {
      kind: 'slack',
      identity: `slack:action:${message.ts}:approval:approve:${olive.id}:${actionTs}`,
      type: 'action',
      payload: { actionId: 'approval:approve', value: approvalId, user: olive.id, channel: message.channel },
      receivedAt: new Date().toISOString(),
    });
    expect(again.json).toMatchObject({ status: 'duplicate' });
    await settled();
    expect(auditOf('approval.refused', approvalId)).toHaveLength(1);
    expect(ephemeralsTo(olive.id, since)).toHaveLength(1);
    expect(rows('Approvals').find((a) => a['Approval ID'] === approvalId)?.Status).toBe('Pending');
    expect(updatesOf(message.ts)).toHaveLength(updates);
    expect(auditOf('approval.approved', approvalId)).toEqual([]);

    // An organizer puts the row back, with its Member ID; Approve now approves Dora.
    appendByHand(stack.sheets, 'Members', [row]);
    await click(clickBody({ user: olive.id, action: 'approval:approve', approvalId, message }));
    await waitFor('the approval', () => approvalFor(memberId)?.Status === 'Approved');
    await settled();
    expect(memberOf(emailOf('Dora Deleted'))?.Status).toBe('Active');
  });
});

describe('a click right after the request appears', () => {
  it('while later requests are still going out: the request is still updated with the outcome', async () => {
    setSetting(stack.sheets, 'Join approval', 'Required');
    // Two requests at once: the second is posted a second after the first (Slack's pace per channel).
    await Promise.all([submitJoin(joinForm('Dorothy Vaughan')), submitJoin(joinForm('Evelyn Boyd'))]);
    const first = await waitFor('a request to be posted', () =>
      [...stack.slack.messages.values()].find(
        (m) =>
          m.channel === stack.leaders.id && /^Approval needed: (Dorothy Vaughan|Evelyn Boyd)/.test(m.text),
      ),
    );
    const name = first.text.includes('Dorothy') ? 'Dorothy Vaughan' : 'Evelyn Boyd';
    const memberId = memberOf(emailOf(name))?.['Member ID'] as Cell;
    const approvalId = String(approvalFor(memberId)?.['Approval ID']);
    const message = { channel: first.channel, ts: first.ts };

    await click(clickBody({ user: olive.id, action: 'approval:approve', approvalId, message }));
    await waitFor('the approval', () => approvalFor(memberId)?.Status === 'Approved');
    await settled();

    const outcome = outboxAbout(approvalId).find((m) => m.Kind === 'approval.update');
    expect(outcome).toMatchObject({ Status: 'Sent', 'Last error': null });
    expect(updatesOf(message.ts)).toHaveLength(1);
    expect(hasButtons(updatesOf(message.ts)[0])).toBe(false);
  });
});

describe('an unanswered request', () => {
  it('is reminded once halfway, then Expired: the member stays Pending, leaders told, message updated', async () => {
    setSetting(stack.sheets, 'Approval expires after hours', '2');
    try {
      const { approvalId, message, memberId, email } = await pendingJoin('Annie Easley');
      const approval = approvalFor(memberId) as Record<string, Cell>;
      const requested = dateOf(approval.Requested);
      const expires = dateOf(approval.Expires);
      expect(expires.diff(requested, 'hours').hours).toBeCloseTo(2, 5);
      const reminders = () =>
        postsTo(stack.leaders.id).filter((c) =>
          String(c.args.text).startsWith('Still waiting for a leader: Annie'),
        );
      const tick = async (at: DateTime) => {
        const answer = await stack.tick({ now: at.toISO() });
        expect(answer.status, answer.text).toBe(200);
      };

      await tick(requested.plus({ minutes: 50 }));
      await stack.idle();
      expect(reminders()).toHaveLength(0);

      await tick(requested.plus({ minutes: 61 }));
      await waitFor('the reminder', () => reminders().length === 1);
      await tick(requested.plus({ minutes: 90 }));
      await settled();
      expect(reminders()).toHaveLength(1);
      expect(String(reminders()[0]?.args.text)).toMatch(
        /^Still waiting for a leader: Annie Easley wants to join\. It expires /,
      );
      expect(approvalFor(memberId)?.Status).toBe('Pending');

      await tick(expires.plus({ minutes: 1 }));
      await waitFor('the expiry', () => approvalFor(memberId)?.Status === 'Expired');
      await waitFor('the leaders to be told', () =>
        postsTo(stack.leaders.id).find((c) =>
          String(c.args.text).startsWith('Expired without a decision: Annie'),
        ),
      );
      await waitFor('the request to be updated', () => updatesOf(message.ts).length === 1);
      await settled();

      expect(memberOf(email)?.Status).toBe('Pending');
      expect(auditOf('approval.expired', approvalId)).toEqual([
        expect.objectContaining({
          Actor: 'Hearth',
          Details: expect.stringMatching(/^Annie Easley stays Pending/),
        }),
      ]);
      const told = postsTo(stack.leaders.id).filter((c) =>
        String(c.args.text).startsWith('Expired without a decision'),
      );
      expect(told).toHaveLength(1);
      expect(String(told[0]?.args.text)).toContain(
        'Annie Easley stays Pending: to let them in, set their Status to Active',
      );
      const update = updatesOf(message.ts)[0];
      expect(String(update?.args.text)).toMatch(
        /^Expired: Annie Easley wants to join, at .* without a decision\.$/,
      );
      expect(hasButtons(update)).toBe(false);
      expect(reminders()).toHaveLength(1);
    } finally {
      setSetting(stack.sheets, 'Approval expires after hours', '72');
    }
  });
});

describe('joining Slack after the form', () => {
  it('team_join links the member and welcomes them then, once, also when the event is re-delivered', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    const email = emailOf('Zora Neale');
    await submitJoin(joinForm('Zora Neale'));
    const member = await waitFor('Zora to be a member', () => memberOf(email));
    const id = member['Member ID'] as Cell;
    const welcome = () => outboxAbout(id).find((m) => m.Kind === 'welcome');
    await waitFor('the welcome to wait for a Slack account', () => welcome()?.Status === 'Skipped');
    await settled();
    expect(welcome()?.['Last error']).toBe(`waiting for a Slack account: sent when ${email} joins Slack`);
    expect(memberOf(email)?.['Slack ID']).toBeNull();

    // Zora joins the workspace.
    const zora = stack.slack.seedUser({ id: 'U0ZORA0001', name: 'zora', email });
    const event = teamJoinBody(zora, email, 'EvZORA00001');
    expect((await stack.slackRequest(event)).status).toBe(200);
    await waitFor('the welcome to be sent', () => welcome()?.Status === 'Sent');
    expect(memberOf(email)?.['Slack ID']).toBe(zora.id);
    expect(auditOf('member.linked', id)).toHaveLength(1);

    // Slack delivers the event again; and the writer is handed it again past the door's memory.
    expect((await stack.slackRequest(event, { retryNum: 1 })).status).toBe(200);
    const redelivered = await post(
      `${stack.url.writer}/work`,
      JSON.stringify({
        kind: 'slack',
        identity: 'slack:event:EvZORA00001',
        type: 'event',
        payload: { type: 'team_join', user: zora.id, email },
        receivedAt: new Date().toISOString(),
      }),
      { 'Content-Type': 'application/json', Authorization: `Bearer ${SCHEDULER_TOKEN}` },
    );
    expect(redelivered.json).toMatchObject({ status: 'duplicate' });
    await settled();

    const dms = postsTo(zora.id);
    expect(dms).toHaveLength(1);
    expect(String(dms[0]?.args.text)).toMatch(/^Welcome to Our Community, Zora Neale!/);
    expect(auditOf('member.linked', id)).toHaveLength(1);
  });
});

describe('members added by hand', () => {
  it('a pasted member list gets IDs at the next tick and nobody is DMed', async () => {
    const people = ['Pat Pasted', 'Quinn Pasted', 'Robin Pasted'];
    const users = people.map((name, i) =>
      stack.slack.seedUser({ id: `U0PASTED0${i}`, name: name.toLowerCase(), email: emailOf(name) }),
    );
    appendByHand(
      stack.sheets,
      'Members',
      people.map((name) => ({ Name: name, Email: emailOf(name), Status: 'Active' })),
    );
    expect((await stack.tick()).status).toBe(200);
    const pasted = await waitFor('the pasted rows to get IDs', () => {
      const found = people.map((name) => memberOf(emailOf(name)));
      return found.every((m) => m?.['Member ID']) ? found : undefined;
    });
    expect((await stack.tick()).status).toBe(200);
    await settled();

    const ids = pasted.map((m) => String(m?.['Member ID']));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^M-\d+$/);
    expect(pasted.map((m) => m?.Status)).toEqual(['Active', 'Active', 'Active']);
    for (const id of ids) expect(outboxAbout(id)).toEqual([]);
    for (const user of users) expect(postsTo(user.id)).toEqual([]);
    const looked = stack.slack.callsTo('users.lookupByEmail').map((c) => c.args.email);
    for (const name of people) expect(looked).not.toContain(emailOf(name));
  });
});

describe('what people type', () => {
  it('a name typed as a formula is stored as text, never as a formula', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    const name = '=HYPERLINK("http://x","y")';
    await submitJoin(joinForm(name, { email: 'formula@example.org' }));
    await waitFor('the member row', () => memberOf('formula@example.org'));
    await settled();
    const grid = stack.sheets.getGrid('Members');
    const row = grid.findIndex((r) => r.includes('formula@example.org'));
    const column = (grid[0] ?? []).indexOf('Name');
    expect(stack.sheets.cell('Members', row, column)).toMatchObject({ kind: 'text', value: name });
    expect(stack.sheets.cell('Members', row, column).formula).toBeUndefined();
  });
});
