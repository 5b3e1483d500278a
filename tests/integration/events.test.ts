/**
 * Events over HTTP, through the real functions: events typed into the Events tab by hand, announced by the tick,
 * RSVPs from signed RSVP form submissions and from Going / Can’t go clicks under the announcement, the seats
 * tallied in the RSVPs and Events tabs, the DMs that follow, reminders planned and sent by (time-travelling)
 * ticks, and organizers moving and cancelling an event. One stack for the file; each test makes its own event
 * and people.
 *
 * Time: the real clock is the start of December 2026; forms and clicks are decided on it. Ticks carry `now`
 * (ALLOW_TIME_TRAVEL) to reach reminder times. The events are dated so that no tick of one test touches
 * another test's event: the first two are in January 2027, beyond every tick's reminder horizon.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cell, serialToDateTime } from '../../sheets-schema/cells.js';
import type { FakeChannel, FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  editByHand,
  emailOf,
  messageOf,
  nowSeconds,
  outboxSettled,
  postsTo,
  redeliver,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  teamJoinBody,
  textsTo,
  waitFor,
} from './helpers.js';

/** The group's time zone: event times are typed as wall-clock times in it. */
const ZONE = 'Europe/Berlin';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  setSetting(stack.sheets, 'Time zone', ZONE);
  setSetting(stack.sheets, 'Max guests', '2');
});

afterAll(async () => {
  await stack?.close();
});

// ---- the sheet ----------------------------------------------------------------------------------------

type Row = Record<string, Cell>;

const rows = (tab: string) => rowsOf(stack.sheets, tab);
const eventRow = (title: string) => rows('Events').find((e) => e.Title === title);
const eventById = (id: string) => rows('Events').find((e) => e['Event ID'] === id) as Row;
const rsvpsOf = (eventId: string) => rows('RSVPs').filter((r) => r['Event ID'] === eventId);
const rsvpOf = (eventId: string, email: string) => rsvpsOf(eventId).filter((r) => r.Email === email);
/** Outbox rows about an event (`EV-3 …`), optionally of one kind. */
const outboxOf = (eventId: string, kind?: string) =>
  rows('Outbox').filter(
    (m) => String(m.About ?? '').split(' ')[0] === eventId && (kind === undefined || m.Kind === kind),
  );
/** A date cell the system wrote: a serial number of the group's wall clock. */
const dateOf = (cell: Cell) => serialToDateTime(Number(cell), ZONE);
const local = (text: string) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: ZONE });

/** Edits cells of the row whose `idHeader` is `id`, as an organizer would in the browser. */
async function tick(now?: DateTime): Promise<void> {
  const answer = await stack.tick(now ? { now: now.toUTC().toISO() } : undefined);
  expect(answer.status, answer.text).toBe(200);
}

/** The sums over an event's RSVPs rows, guests included, as the Events row should show them. */
function tallyOf(eventId: string, capacity: number) {
  const seats = (r: Row) => 1 + Number(r.Guests ?? 0);
  const sum = (status: string) =>
    rsvpsOf(eventId)
      .filter((r) => r.Status === status)
      .reduce((n, r) => n + seats(r), 0);
  const confirmed = sum('Confirmed');
  return {
    Confirmed: confirmed,
    Waitlisted: sum('Waitlisted'),
    'Seats left': Math.max(0, capacity - confirmed),
  };
}

const countsOf = (eventId: string) => {
  const e = eventById(eventId);
  return { Confirmed: e.Confirmed, Waitlisted: e.Waitlisted, 'Seats left': e['Seats left'] };
};

// ---- Slack --------------------------------------------------------------------------------------------

/** Messages posted to a channel or DMed to a user (the Slack adapter posts a DM to the user's ID). */
const dmsTo = (user: FakeUser, pattern: RegExp) =>
  textsTo(stack.slack, user.id).filter((t) => pattern.test(t));
const updatesOf = (message: { ts: string }) =>
  stack.slack.callsTo('chat.update').filter((c) => accepted(c) && c.args.ts === message.ts);

let people = 0;
/**
 * A Slack user with an email, named for the test: `U0EV0001…`, and (Settings → RSVPs from is Members) a member
 * of the group: an Active Members row known by email, or by Slack ID too, or none at all.
 */
function slackPerson(
  name: string,
  member: 'by email' | 'by Slack ID' | 'not a member' = 'by email',
): FakeUser & { email: string } {
  const n = ++people;
  const id = `U0EV${String(n).padStart(6, '0')}`;
  const user = stack.slack.seedUser({ id, name, email: emailOf(name) }) as FakeUser & { email: string };
  if (member !== 'not a member') {
    appendByHand(stack.sheets, 'Members', [
      {
        'Member ID': `M-${8000 + n}`,
        Name: name,
        Email: user.email,
        ...(member === 'by Slack ID' ? { 'Slack ID': id } : {}),
        Status: 'Active',
      },
    ]);
  }
  return user;
}

let clicks = 0;
/** A signed block_actions click on Going / Can’t go under an announcement, shaped like Slack's. */
async function clickRsvp(
  user: FakeUser,
  event: { id: string; message: { channel: string; ts: string } },
  going: boolean,
): Promise<{ actionTs: string }> {
  const payload = JSON.parse(
    new URLSearchParams(slackFixture('block_actions.message-button.form.txt')).get('payload') as string,
  );
  payload.user = { ...payload.user, id: user.id, username: user.name, name: user.name };
  payload.container = {
    ...payload.container,
    message_ts: event.message.ts,
    channel_id: event.message.channel,
  };
  payload.channel = { id: event.message.channel };
  payload.message = { ...payload.message, ts: event.message.ts };
  const actionTs = `${nowSeconds()}.${String(++clicks).padStart(6, '0')}`;
  payload.actions = [
    {
      action_id: going ? 'rsvp:yes' : 'rsvp:no',
      block_id: `rsvp:${event.id}`,
      text: { type: 'plain_text', text: going ? 'Going' : 'Can’t go' },
      value: event.id,
      type: 'button',
      action_ts: actionTs,
    },
  ];
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
  return { actionTs };
}

// ---- events and the RSVP form -------------------------------------------------------------------------

interface TestEvent {
  id: string;
  title: string;
  capacity: number;
  /** The dropdown label of the RSVP form: `Title — Jan 14 (EV-3)`. */
  label: string;
  /** The announcement. */
  message: { channel: string; ts: string };
}

/** An event typed into the Events tab by hand, Announced: the ticks give it an ID and post its announcement. */
async function announcedEvent(e: {
  title: string;
  starts: string;
  capacity: number;
  channel: FakeChannel;
}): Promise<TestEvent> {
  appendByHand(stack.sheets, 'Events', [
    {
      Title: e.title,
      Starts: e.starts,
      Capacity: e.capacity,
      Status: 'Announced',
      Channel: `#${e.channel.name}`,
    },
  ]);
  await tick();
  const id = String(
    await waitFor(`${e.title} to get an ID`, () => eventRow(e.title)?.['Event ID'] || undefined),
  );
  expect(id).toMatch(/^EV-\d+$/);
  await tick();
  const link = await waitFor(
    `the announcement of ${id}`,
    () => eventRow(e.title)?.['Slack message'] || undefined,
  );
  const message = messageOf(link);
  expect(message.channel).toBe(e.channel.id);
  const announcements = postsTo(stack.slack, e.channel.id);
  expect(announcements).toHaveLength(1);
  const blocks = JSON.stringify(announcements[0]?.args.blocks);
  expect(blocks).toContain('"action_id":"rsvp:yes"');
  expect(blocks).toContain('"action_id":"rsvp:no"');
  expect(blocks).toContain(`"value":"${id}"`);
  await outboxSettled(stack, ZONE);
  return {
    id,
    title: e.title,
    capacity: e.capacity,
    label: `${e.title} — ${local(e.starts).toFormat('LLL d')} (${id})`,
    message,
  };
}

let responses = 0;
/** An RSVP form submission in the `answers` shape, from a form that collects verified emails. */
function rsvpForm(
  event: TestEvent,
  email: string,
  attending: 'Yes' | 'No',
  options: { guests?: number; responseId?: string; submittedAt?: string } = {},
): Record<string, unknown> {
  return {
    form: 'rsvp',
    responseId: options.responseId ?? `2_ABrsvp${String(++responses).padStart(4, '0')}`,
    submittedAt: options.submittedAt ?? new Date().toISOString(),
    respondentEmail: email,
    answers: {
      Email: email,
      Event: event.label,
      'Attending?': attending,
      Guests: String(options.guests ?? 0),
    },
  };
}

async function submit(body: Record<string, unknown>): Promise<void> {
  const answer = await stack.form(body);
  expect(answer.status, answer.text).toBe(202);
}

const going = /^You’re going to /;
const waiting = /^You’re on the waitlist for /;
const declined = /^Thanks for letting us know you can’t make it to /;
const promoted = /^Good news: a seat freed up/;

// ---- tests --------------------------------------------------------------------------------------------

describe('RSVPs from the form and from Slack', () => {
  it('agree on one event: one row per person, the counts are the sums, DMs and the announcement follow', async () => {
    const channel = stack.slack.seedChannel({ name: 'ev-supper', is_member: true });
    const ada = slackPerson('Ada Form');
    const bea = slackPerson('Bea Form');
    const cal = slackPerson('Cal Form');
    const sam = slackPerson('Sam Slack', 'by Slack ID');
    const pat = slackPerson('Pat Profile'); // known to Members by email only: her profile is read
    const event = await announcedEvent({
      title: 'Winter supper',
      starts: '2027-01-14 18:30',
      capacity: 4,
      channel,
    });
    stack.resetRecords();

    // Ada brings a guest, Bea comes alone, Cal can't make it.
    const adaForm = rsvpForm(event, ada.email, 'Yes', { guests: 1 });
    await submit(adaForm);
    await submit(rsvpForm(event, bea.email, 'Yes'));
    await submit(rsvpForm(event, cal.email, 'No'));
    await waitFor('three form RSVPs', () => rsvpsOf(event.id).length === 3);
    // Sam takes the last seat from Slack; Pat, a moment later, is waitlisted.
    await clickRsvp(sam, event, true);
    await waitFor('Sam’s RSVP', () => rsvpOf(event.id, sam.email).length === 1);
    await clickRsvp(pat, event, true);
    await waitFor('Pat’s RSVP', () => rsvpOf(event.id, pat.email).length === 1);
    await outboxSettled(stack, ZONE);

    expect(rsvpsOf(event.id)).toHaveLength(5);
    expect(rsvpOf(event.id, ada.email)[0]).toMatchObject({
      Source: 'Form',
      Response: 'Yes',
      Guests: 1,
      Status: 'Confirmed',
    });
    expect(rsvpOf(event.id, cal.email)[0]).toMatchObject({ Response: 'No', Status: 'Declined' });
    expect(rsvpOf(event.id, sam.email)[0]).toMatchObject({
      Source: 'Slack',
      'Slack ID': sam.id,
      Status: 'Confirmed',
    });
    // Pat is known to the Members tab by email only: the writer read her Slack profile to find her.
    expect(rsvpOf(event.id, pat.email)[0]).toMatchObject({
      Source: 'Slack',
      'Slack ID': pat.id,
      Status: 'Waitlisted',
      Position: 1,
    });
    expect(stack.slack.callsTo('users.info').some((c) => accepted(c) && c.args.user === pat.id)).toBe(true);
    expect(countsOf(event.id)).toEqual(tallyOf(event.id, event.capacity));
    expect(countsOf(event.id)).toEqual({ Confirmed: 4, Waitlisted: 1, 'Seats left': 0 });

    // Each person was told what Hearth took from their answer, once.
    expect(dmsTo(ada, going)).toHaveLength(1);
    expect(dmsTo(ada, going)[0]).toContain('you + 1 guest');
    expect(dmsTo(bea, going)).toHaveLength(1);
    expect(dmsTo(cal, declined)).toHaveLength(1);
    expect(dmsTo(sam, going)).toHaveLength(1);
    expect(dmsTo(pat, waiting)).toHaveLength(1);
    expect(dmsTo(pat, waiting)[0]).toContain('at position 1');
    // The announcement was edited in place to show the tally.
    expect(updatesOf(event.message).at(-1)?.args.text).toContain('Full: 1 on the waitlist');

    // Sam, who answered by button, later answers the form: No. His one row changes and Pat gets his seat.
    await submit(rsvpForm(event, sam.email, 'No', { submittedAt: new Date().toISOString() }));
    await waitFor('Sam’s No', () => rsvpOf(event.id, sam.email)[0]?.Status === 'Declined');
    // Ada edits her form response (same responseId): her guest can't come after all.
    await submit({
      ...adaForm,
      submittedAt: new Date().toISOString(),
      answers: {
        ...(adaForm.answers as Record<string, string>),
        Guests: '0',
      },
    });
    await waitFor('Ada’s edited response', () => rsvpOf(event.id, ada.email)[0]?.Guests === 0);
    await outboxSettled(stack, ZONE);

    const rsvps = rsvpsOf(event.id);
    expect(rsvps).toHaveLength(5);
    expect(new Set(rsvps.map((r) => r.Email)).size).toBe(5);
    expect(rsvpOf(event.id, sam.email)).toEqual([
      expect.objectContaining({ 'Slack ID': sam.id, Source: 'Form', Response: 'No', Status: 'Declined' }),
    ]);
    expect(rsvpOf(event.id, pat.email)).toEqual([
      expect.objectContaining({ Status: 'Confirmed', Position: null }),
    ]);
    expect(rsvpOf(event.id, ada.email)).toEqual([
      expect.objectContaining({ Status: 'Confirmed', Guests: 0 }),
    ]);
    expect(countsOf(event.id)).toEqual(tallyOf(event.id, event.capacity));
    expect(countsOf(event.id)).toEqual({ Confirmed: 3, Waitlisted: 0, 'Seats left': 1 });
    expect(dmsTo(sam, declined)).toHaveLength(1);
    expect(dmsTo(pat, promoted)).toHaveLength(1);
    expect(dmsTo(ada, going)).toHaveLength(2);
    expect(dmsTo(ada, going)[1]).toContain('just you');
    expect(updatesOf(event.message).at(-1)?.args.text).toContain('1 of 4 seats left');
  });
});

describe('RSVPs that cannot be taken', () => {
  /** An event with 5 seats, announced in a channel of its own. */
  const eventIn = (channel: string, title: string, starts: string) =>
    announcedEvent({
      title,
      starts,
      capacity: 5,
      channel: stack.slack.seedChannel({ name: channel, is_member: true }),
    });
  const refusals = (key: string) =>
    rows('Audit').filter((a) => a.Action === 'rsvp.refused' && String(a.Key).startsWith(key));
  const refusalsBy = (email: string) =>
    rows('Audit').filter((a) => a.Action === 'rsvp.refused' && a.Actor === email);
  const ephemeralsTo = (user: FakeUser) =>
    stack.slack.callsTo('chat.postEphemeral').filter((c) => accepted(c) && c.args.user === user.id);

  it('from someone who is not a member: refused, recorded with the reason, told how to join', async () => {
    setSetting(stack.sheets, 'Join form link', 'https://forms.gle/JoinLeedsTs1');
    const event = await eventIn('ev-open-day', 'Open day', '2027-01-28 18:00');
    const stan = slackPerson('Stan Stranger', 'not a member');
    const penny = slackPerson('Penny Pending', 'not a member');
    appendByHand(stack.sheets, 'Members', [
      { 'Member ID': 'M-8901', Name: 'Penny Pending', Email: penny.email, Status: 'Pending' },
    ]);

    await clickRsvp(stan, event, true);
    await submit(rsvpForm(event, penny.email, 'Yes'));
    await waitFor(
      'both refusals',
      () => refusalsBy(stan.email).length + refusalsBy(penny.email).length === 2,
    );
    await outboxSettled(stack, ZONE);

    expect(rsvpsOf(event.id)).toEqual([]);
    expect(refusalsBy(stan.email)[0]).toMatchObject({
      Target: event.id,
      Details:
        'Yes by Slack not taken: nobody in Members has this email or Slack ID, and Settings → RSVPs from is Members: add them to Members (or they fill in the join form), or set RSVPs from to Anyone',
    });
    expect(refusalsBy(penny.email)[0]).toMatchObject({
      Target: event.id,
      Details:
        'Yes by Form not taken: M-8901 is Pending (their join waits for approval): approve it, or set their Status to Active in Members',
    });
    const replies = ephemeralsTo(stan);
    expect(replies).toHaveLength(1);
    expect(String(replies[0]?.args.text)).toMatch(/^RSVPs for Open day are for members of Our Community/);
    expect(String(replies[0]?.args.text)).toContain('https://forms.gle/JoinLeedsTs1');
    expect(dmsTo(penny, /waiting for approval/)).toHaveLength(1);
    expect(countsOf(event.id)).toEqual({ Confirmed: 0, Waitlisted: 0, 'Seats left': 5 });

    // With Settings → RSVPs from = Anyone, the same person's next click takes a seat.
    setSetting(stack.sheets, 'RSVPs from', 'Anyone');
    await clickRsvp(stan, event, true);
    await waitFor('Stan’s seat', () => rsvpOf(event.id, stan.email)[0]?.Status === 'Confirmed');
    await outboxSettled(stack, ZONE);
    setSetting(stack.sheets, 'RSVPs from', 'Members');
    expect(dmsTo(stan, going)).toHaveLength(1);
  });

  it('a refused click delivered again is recorded and answered once', async () => {
    const event = await eventIn('ev-closed', 'Closed doors', '2027-01-29 18:00');
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toFormat('yyyy-MM-dd HH:mm');
    editByHand(stack.sheets, 'Events', 'Event ID', event.id, { 'RSVP deadline': yesterday });
    const rey = slackPerson('Rey Late', 'by Slack ID');
    const { actionTs } = await clickRsvp(rey, event, true);
    const identity = `slack:action:${event.message.ts}:rsvp:yes:${rey.id}:${actionTs}`;
    await waitFor('the refusal', () => refusals(identity).length === 1);
    await outboxSettled(stack, ZONE);

    // Delivered again past the door's memory (Cloud Tasks after a lost answer), twice.
    const work = {
      kind: 'slack',
      identity,
      type: 'action',
      payload: {
        actionId: 'rsvp:yes',
        value: event.id,
        user: rey.id,
        channel: event.message.channel,
        actionTs,
      },
      receivedAt: new Date().toISOString(),
    };
    for (const _ of [1, 2]) {
      const again = await redeliver(stack, work);
      expect(again.json).toMatchObject({ identity, status: 'duplicate' });
    }
    await outboxSettled(stack, ZONE);
    expect(refusals(identity)).toHaveLength(1);
    expect(String(refusals(identity)[0]?.Details)).toMatch(
      new RegExp(`^Yes by Slack not taken: RSVPs for ${event.id} closed at ${yesterday}`),
    );
    expect(ephemeralsTo(rey)).toHaveLength(1);
    expect(String(ephemeralsTo(rey)[0]?.args.text)).toMatch(/^RSVPs for Closed doors closed on /);
  });

  it('a typo elsewhere in the event’s row: the refusal names the cell to fix', async () => {
    const event = await eventIn('ev-typo', 'Typo night', '2027-01-30 18:00');
    editByHand(stack.sheets, 'Events', 'Event ID', event.id, { Capacity: 'twenty' });
    const tia = slackPerson('Tia Typo');
    await submit(rsvpForm(event, tia.email, 'Yes'));
    await waitFor('the refusal', () => refusalsBy(tia.email).length === 1);
    await outboxSettled(stack, ZONE);

    const header = (stack.sheets.getGrid('Events')[0] ?? []).map(String);
    const column = String.fromCharCode(65 + header.indexOf('Capacity'));
    const row = stack.sheets.getGrid('Events').findIndex((r) => r[0] === event.id) + 1;
    expect(refusalsBy(tia.email)[0]?.Details).toBe(
      `Yes by Form not taken: ${event.id} can’t take RSVPs until Events!${column}${row} is fixed: Capacity "twenty" is not a whole number (0 or more): type a number like 20`,
    );
    expect(dmsTo(tia, /isn’t taking RSVPs just now/)).toHaveLength(1);
    expect(rsvpsOf(event.id)).toEqual([]);
  });

  it('an unknown event: Audit says which, and how to fix it', async () => {
    const una = slackPerson('Una Unknown');
    await submit({ ...rsvpForm({ label: 'EV-9999' } as TestEvent, una.email, 'Yes') });
    await waitFor('the refusal', () => refusalsBy(una.email).length === 1);
    expect(refusalsBy(una.email)[0]).toMatchObject({
      Target: 'EV-9999',
      Details: 'Yes by Form not taken: no event EV-9999 in the Events tab: check the Event ID',
    });
  });

  it('refused while waiting for a Slack account: sent once the person joins Slack', async () => {
    const email = emailOf('Wendy Waiting');
    appendByHand(stack.sheets, 'Members', [
      { 'Member ID': 'M-8902', Name: 'Wendy Waiting', Email: email, Status: 'Active' },
    ]);
    await submit({ ...rsvpForm({ label: 'EV-9998' } as TestEvent, email, 'Yes') });
    const refused = () => rows('Outbox').find((m) => m.Kind === 'rsvp.refused' && m.To === 'member:M-8902');
    await waitFor('the refusal to wait for her Slack account', () => refused()?.Status === 'Skipped');
    expect(refused()?.['Last error']).toBe(`waiting for a Slack account: sent when ${email} joins Slack`);

    const wendy = stack.slack.seedUser({ id: 'U0WENDY001', name: 'Wendy Waiting', email });
    const join = teamJoinBody(wendy, email, 'EvWENDY0001');
    expect((await stack.slackRequest(join)).status).toBe(200);
    await waitFor('the refusal to be sent', () => refused()?.Status === 'Sent');
    expect((await stack.slackRequest(join, { retryNum: 1 })).status).toBe(200);
    await outboxSettled(stack, ZONE);
    expect(textsTo(stack.slack, wendy.id)).toEqual([
      expect.stringMatching(/^I couldn’t find an event with the ID EV-9998/),
    ]);
  });
});

describe('concurrent RSVPs for the last seats', () => {
  it('never overbook: 3 seats Confirmed, the rest waitlisted in order, a No promotes the first once', async () => {
    const channel = stack.slack.seedChannel({ name: 'ev-workshop', is_member: true });
    const event = await announcedEvent({
      title: 'Soldering workshop',
      starts: '2027-01-21 19:00',
      capacity: 3,
      channel,
    });
    const crowd = Array.from({ length: 12 }, (_, i) => slackPerson(`Crowd Person ${i + 1}`));
    stack.resetRecords();

    const bodies = crowd.map((p) => rsvpForm(event, p.email, 'Yes'));
    // All at once, and two of them relayed twice.
    const answers = await Promise.all(
      [...bodies, bodies[0], bodies[5]].map((body) => stack.form(body as Record<string, unknown>)),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
    await waitFor('twelve RSVPs', () => rsvpsOf(event.id).length >= 12);
    await outboxSettled(stack, ZONE);

    const rsvps = rsvpsOf(event.id);
    expect(rsvps).toHaveLength(12);
    expect(new Set(rsvps.map((r) => r.Email)).size).toBe(12);
    expect(new Set(rsvps.map((r) => r['RSVP ID'])).size).toBe(12);
    const confirmed = rsvps.filter((r) => r.Status === 'Confirmed');
    const waitlisted = rsvps.filter((r) => r.Status === 'Waitlisted');
    expect(confirmed).toHaveLength(3);
    expect(waitlisted).toHaveLength(9);
    expect(waitlisted.map((r) => r.Position).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(countsOf(event.id)).toEqual({ Confirmed: 3, Waitlisted: 9, 'Seats left': 0 });
    expect(countsOf(event.id)).toEqual(tallyOf(event.id, event.capacity));
    // Everyone told once what they got.
    for (const person of crowd) {
      const row = rsvpOf(event.id, person.email)[0] as Row;
      const told = textsTo(stack.slack, person.id);
      expect(told, person.name).toHaveLength(1);
      expect(told[0]).toMatch(row.Status === 'Confirmed' ? going : waiting);
      if (row.Status === 'Waitlisted') expect(told[0]).toContain(`at position ${row.Position}`);
    }

    // One of those Confirmed can't come after all: the first on the waitlist gets the seat.
    const leaver = crowd.find((p) => confirmed.some((r) => r.Email === p.email)) as FakeUser & {
      email: string;
    };
    const first = crowd.find((p) =>
      waitlisted.some((r) => r.Email === p.email && r.Position === 1),
    ) as FakeUser;
    await submit(rsvpForm(event, leaver.email, 'No', { submittedAt: new Date().toISOString() }));
    await waitFor('the leaver’s No', () => rsvpOf(event.id, leaver.email)[0]?.Status === 'Declined');
    await outboxSettled(stack, ZONE);
    await tick();
    await tick();
    await outboxSettled(stack, ZONE);

    const after = rsvpsOf(event.id);
    expect(after).toHaveLength(12);
    expect(after.find((r) => r.Email === emailOf(first.name))).toMatchObject({ Status: 'Confirmed' });
    expect(after.filter((r) => r.Status === 'Confirmed')).toHaveLength(3);
    expect(
      after
        .filter((r) => r.Status === 'Waitlisted')
        .map((r) => r.Position)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(countsOf(event.id)).toEqual({ Confirmed: 3, Waitlisted: 8, 'Seats left': 0 });
    expect(dmsTo(first, promoted)).toHaveLength(1);
    expect(crowd.filter((p) => dmsTo(p, promoted).length > 0)).toEqual([first]);
    expect(dmsTo(leaver, declined)).toHaveLength(1);
  });
});

describe('reminders', () => {
  it('are sent exactly once across repeated and overlapping ticks', async () => {
    setSetting(stack.sheets, 'Reminder offsets', '2 hours');
    setSetting(stack.sheets, 'Quiet hours', 'none');
    const channel = stack.slack.seedChannel({ name: 'ev-walk', is_member: true });
    const starts = '2026-12-10 18:30';
    const event = await announcedEvent({ title: 'Lantern walk', starts, capacity: 10, channel });
    const walkers = [slackPerson('Walker One'), slackPerson('Walker Two'), slackPerson('Walker Three')];
    for (const w of walkers) await submit(rsvpForm(event, w.email, 'Yes'));
    await waitFor(
      'three Confirmed',
      () => rsvpsOf(event.id).filter((r) => r.Status === 'Confirmed').length === 3,
    );
    await outboxSettled(stack, ZONE);
    stack.resetRecords();

    const reminderAt = local(starts).minus({ hours: 2 });
    // Before the reminder time: planned, not sent.
    await tick(reminderAt.minus({ hours: 1 }));
    await outboxSettled(stack, ZONE, reminderAt.minus({ hours: 1 }));
    const planned = [...outboxOf(event.id, 'reminder'), ...outboxOf(event.id, 'reminder.post')];
    expect(planned).toHaveLength(4);
    for (const row of planned) {
      expect(row.Status).toBe('Scheduled');
      expect(dateOf(row.Due).toMillis()).toBe(reminderAt.toMillis());
    }
    expect(
      outboxOf(event.id, 'reminder')
        .map((r) => r.To)
        .sort(),
    ).toEqual(
      rsvpsOf(event.id)
        .map((r) => `rsvp:${r['RSVP ID']}`)
        .sort(),
    );
    expect(stack.slack.callsTo('chat.postMessage')).toHaveLength(0);

    // Past it: several ticks at once, then more while the first are still sending, then later ones.
    const past = reminderAt.plus({ minutes: 1 });
    await Promise.all([tick(past), tick(past), tick(past.plus({ minutes: 1 }))]);
    await Promise.all([tick(past.plus({ minutes: 2 })), tick(past.plus({ minutes: 2 }))]);
    await outboxSettled(stack, ZONE, past.plus({ minutes: 2 }));
    await Promise.all([tick(past.plus({ minutes: 20 })), tick(past.plus({ minutes: 40 }))]);
    await tick(past.plus({ minutes: 60 }));
    await outboxSettled(stack, ZONE, past.plus({ minutes: 60 }));

    for (const w of walkers) {
      expect(dmsTo(w, /^Reminder: Lantern walk starts in 2 hours/), w.name).toHaveLength(1);
      expect(textsTo(stack.slack, w.id), w.name).toHaveLength(1);
    }
    expect(textsTo(stack.slack, channel.id)).toEqual([
      expect.stringMatching(/^Lantern walk starts in 2 hours: /),
    ]);
    const sent = [...outboxOf(event.id, 'reminder'), ...outboxOf(event.id, 'reminder.post')];
    expect(sent).toHaveLength(4);
    for (const row of sent) expect(row).toMatchObject({ Status: 'Sent', Attempts: 1, 'Last error': null });
  });
});

describe('an event moved, then cancelled', () => {
  it('re-plans its reminders and tells everyone once each time', async () => {
    setSetting(stack.sheets, 'Reminder offsets', '1 day, 2 hours');
    setSetting(stack.sheets, 'Quiet hours', 'none');
    const channel = stack.slack.seedChannel({ name: 'ev-quiz', is_member: true });
    const starts = '2026-12-17 19:00';
    const event = await announcedEvent({ title: 'Pub quiz', starts, capacity: 2, channel });
    const [una, vic, wes] = [slackPerson('Una Quiz'), slackPerson('Vic Quiz'), slackPerson('Wes Quiz')] as [
      FakeUser & { email: string },
      FakeUser & { email: string },
      FakeUser & { email: string },
    ];
    for (const p of [una, vic, wes]) {
      await submit(rsvpForm(event, p.email, 'Yes'));
      await waitFor(`${p.name}’s RSVP`, () => rsvpOf(event.id, p.email).length === 1);
    }
    await outboxSettled(stack, ZONE);
    expect(rsvpsOf(event.id).map((r) => [r.Email, r.Status])).toEqual([
      [una.email, 'Confirmed'],
      [vic.email, 'Confirmed'],
      [wes.email, 'Waitlisted'],
    ]);
    const confirmedTo = rsvpsOf(event.id)
      .filter((r) => r.Status === 'Confirmed')
      .map((r) => `rsvp:${r['RSVP ID']}`)
      .sort();

    // Two days ahead, the reminders are planned: per offset, a post and a DM to each Confirmed.
    let now = local(starts).minus({ days: 2 });
    await tick(now);
    await outboxSettled(stack, ZONE, now);
    const old = [...outboxOf(event.id, 'reminder'), ...outboxOf(event.id, 'reminder.post')];
    expect(old).toHaveLength(6);
    expect(old.every((r) => r.Status === 'Scheduled')).toBe(true);
    expect(
      outboxOf(event.id, 'reminder')
        .map((r) => r.To)
        .sort(),
    ).toEqual([...confirmedTo, ...confirmedTo].sort());
    expect(new Set(old.map((r) => dateOf(r.Due).toMillis()))).toEqual(
      new Set([local(starts).minus({ days: 1 }).toMillis(), local(starts).minus({ hours: 2 }).toMillis()]),
    );
    stack.resetRecords();

    // An organizer moves it a day later.
    const moved = '2026-12-18 19:00';
    editByHand(stack.sheets, 'Events', 'Event ID', event.id, { Starts: moved });
    now = now.plus({ minutes: 5 });
    await tick(now);
    await outboxSettled(stack, ZONE, now);
    await tick(now.plus({ minutes: 1 }));
    await outboxSettled(stack, ZONE, now.plus({ minutes: 1 }));

    const oldIds = new Set(old.map((r) => r['Message ID']));
    const reminders = [...outboxOf(event.id, 'reminder'), ...outboxOf(event.id, 'reminder.post')];
    const before = reminders.filter((r) => oldIds.has(r['Message ID']));
    const replanned = reminders.filter((r) => !oldIds.has(r['Message ID']));
    expect(before).toHaveLength(6);
    for (const row of before) {
      expect(row.Status).toBe('Cancelled');
      expect(String(row['Last error'])).toContain('2026-12-18 19:00');
    }
    expect(replanned).toHaveLength(6);
    expect(replanned.every((r) => r.Status === 'Scheduled')).toBe(true);
    expect(new Set(replanned.map((r) => dateOf(r.Due).toMillis()))).toEqual(
      new Set([local(moved).minus({ days: 1 }).toMillis(), local(moved).minus({ hours: 2 }).toMillis()]),
    );
    const movedDm = /^Pub quiz has moved: it’s now /;
    for (const p of [una, vic]) {
      expect(dmsTo(p, movedDm), p.name).toHaveLength(1);
      expect(dmsTo(p, movedDm)[0]).toContain('Your seat is still saved');
    }
    expect(dmsTo(wes, movedDm)).toHaveLength(1);
    expect(dmsTo(wes, movedDm)[0]).toContain('still on the waitlist');
    expect(updatesOf(event.message).length).toBeGreaterThan(0);
    expect(updatesOf(event.message).at(-1)?.args.text).toContain('18 Dec');
    stack.resetRecords();

    // Then cancels it.
    editByHand(stack.sheets, 'Events', 'Event ID', event.id, { Status: 'Cancelled' });
    now = now.plus({ minutes: 10 });
    await tick(now);
    await outboxSettled(stack, ZONE, now);
    await Promise.all([tick(now.plus({ minutes: 1 })), tick(now.plus({ minutes: 2 }))]);
    await outboxSettled(stack, ZONE, now.plus({ minutes: 2 }));

    const cancelledDm = /^Sorry: Pub quiz \(.*\) has been cancelled\./;
    for (const p of [una, vic, wes]) {
      expect(dmsTo(p, cancelledDm), p.name).toHaveLength(1);
      expect(textsTo(stack.slack, p.id), p.name).toHaveLength(1);
    }
    for (const row of replanned) {
      const current = rows('Outbox').find((r) => r['Message ID'] === row['Message ID']) as Row;
      expect(current).toMatchObject({ Status: 'Cancelled', 'Last error': 'the event is Cancelled' });
    }
    expect(textsTo(stack.slack, channel.id)).toEqual([]);
    expect(updatesOf(event.message).at(-1)?.args.text).toMatch(/^Cancelled: Pub quiz\./);
  });
});
