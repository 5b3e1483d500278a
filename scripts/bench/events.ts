/**
 * Events under load, through the real google adapter against the Sheets fake and the Writer:
 * - a burst of RSVPs to one event, with Google-like latency and the per-minute quota enforced;
 * - the Sheets calls one RSVP costs at rest, at several sizes;
 * - a tick that plans the reminders of 500 events and 20,000 RSVPs: our CPU time and its calls.
 * Slack is the Slack fake without pacing, so the figures are about the sheet.
 *
 * Run as a child (`tsx scripts/bench/events.ts fake '<options>'`) it is the Sheets fake holding an events group,
 * in a process of its own so that our CPU figures leave its work out (see child-fake.ts).
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { clockAt } from '../../common/clock.js';
import { ErrorCode, isHearthError } from '../../common/errors.js';
import type { Chat } from '../../functions/chat.js';
import { createSlackChat } from '../../functions/chat-slack.js';
import { Secret } from '../../functions/config.js';
import { memoryLogger } from '../../functions/log.js';
import { type WorkOutcome, WRITER_TABS, Writer } from '../../functions/writer/index.js';
import type { Cell } from '../../sheets-schema/cells.js';
import { append, type Change } from '../../sheets-schema/changes.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { provision } from '../../sheets-schema/provision.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { type FakeStats, type SheetsFake, startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { type SlackFake, startSlackFake } from '../../tests/fakes/slack-fake.js';
import { decideTick } from '../../workflows/decide.js';
import { REMINDER_HORIZON_DAYS } from '../../workflows/events/reminders.js';
import type { InputOf } from '../../workflows/inputs.js';
import { serveGrids, startFakeChild } from './child-fake.js';
import { benchMember, type EventGroup, type EventGroupOptions, eventGroup, ledgerInUse } from './data.js';
import { measure } from './measure.js';

/** The channel events are announced in, in the sheet and in the Slack fake. */
const CHANNEL = { id: 'C0EVENTS01', name: 'events' };
/** The moment sections 2 and 3 are seen at (a Monday morning in London): fixed, so the counts are too. */
export const EVENTS_NOW = DateTime.fromISO('2027-01-11T10:00:00Z', { zone: 'utc' });
const ZONE = 'Europe/London';

// ---- helpers ------------------------------------------------------------------------------------------

/** The GridStore, counting the 429s the fake answered (each one surfaces as one quota error). */
function countingQuota(store: GridStore): { store: GridStore; quotaErrors: () => number } {
  let count = 0;
  const guard =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        if (isHearthError(error, ErrorCode.SheetsQuotaExhausted)) count++;
        throw error;
      }
    };
  return {
    store: {
      backend: store.backend,
      readTabs: guard(store.readTabs.bind(store)),
      readColumns: guard(store.readColumns.bind(store)),
      write: guard(store.write.bind(store)),
      layout: guard(store.layout.bind(store)),
      applyLayout: guard(store.applyLayout.bind(store)),
    },
    quotaErrors: () => count,
  };
}

/** A tab of the Sheets fake as records by header text (bypasses latency and stats). */
function records(sheets: SheetsFake, tab: string): Record<string, Cell>[] {
  const [header = [], ...rows] = sheets.getGrid(tab);
  return rows
    .filter((row) => row.some((cell) => cell !== null && cell !== ''))
    .map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? null])));
}

async function slackWithChannel(): Promise<{ slack: SlackFake; chat: Chat }> {
  const slack = await startSlackFake();
  slack.seedChannel({ id: CHANNEL.id, name: CHANNEL.name, is_member: true });
  // Slack's pacing (about one message per second per channel) is left out, as in the writer burst.
  const chat = createSlackChat({ token: new Secret(slack.token), apiUrl: slack.apiUrl, postSpacingMs: 0 });
  return { slack, chat };
}

/**
 * Slack as the group sees it: every member has an account (a third are found by email, their Slack ID not
 * yet in the sheet), and every announcement is a real message, so edits and DMs succeed.
 */
export async function slackForGroup(
  group: Pick<EventGroup, 'announcements'>,
  members: number,
): Promise<{ slack: SlackFake; chat: Chat }> {
  const made = await slackWithChannel();
  for (let n = 1; n <= members; n++) {
    const m = benchMember(n);
    made.slack.seedUser({ id: m.slackAccount, email: m.email, name: m.name });
  }
  for (const a of group.announcements) {
    made.slack.messages.set(`${a.channel}/${a.ts}`, { channel: a.channel, ts: a.ts, text: 'announcement' });
  }
  return made;
}

const rsvpWork = (
  identity: string,
  email: string,
  event: string,
  attending: boolean,
  guests: number,
  at: DateTime,
): InputOf<'rsvp_form'> => ({
  kind: 'rsvp_form',
  identity,
  submittedAt: at.toISO() as string,
  respondentEmail: email,
  answers: { email, event, attending, guests },
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const num = (cell: Cell | undefined) => (typeof cell === 'number' ? cell : Number(cell ?? 0) || 0);

/** Writer log lines worth reporting: failed batches, messages not sent. */
function troubles(log: ReturnType<typeof memoryLogger>): string[] {
  const lines = log.entries.filter((e) => e.severity === 'WARNING' || e.severity === 'ERROR');
  const counts = new Map<string, number>();
  for (const e of lines) {
    const error = typeof e.fields.error === 'string' ? `: ${e.fields.error.slice(0, 160)}` : '';
    const key = `${e.severity} ${e.message.replace(/MSG-\w+/g, 'MSG-…')}${error}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
}

// ---- 1. a burst of RSVPs to one event ---------------------------------------------------------------

export interface RsvpBurstFigures {
  rsvps: number;
  inFlight: number;
  capacity: number;
  /** From the first submission until every one was answered (applied to the sheet). */
  answeredMs: number;
  /** Until the writer was idle: every DM and edit sent and its Sent mark in the sheet. */
  idleMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  batches: number[];
  batchGets: number;
  gets: number;
  batchUpdates: number;
  /** 429s the fake answered (each one retried after a pause). */
  quota429s: number;
  outcomes: { applied: number; duplicate: number; failed: number };
  /** From the final sheet. */
  sheet: {
    rsvpRows: number;
    people: number;
    confirmedRows: number;
    confirmedSeats: number;
    waitlistedRows: number;
    waitlistedSeats: number;
    event: { confirmed: number; waitlisted: number; seatsLeft: number };
    notices: number;
    noticesSent: number;
    auditYes: number;
  };
  slack: { dms: number; announcementEdits: number; errors: number };
  troubles: string[];
  /** Goals missed and inconsistencies found; empty when all is well. */
  failures: string[];
}

export async function rsvpBurst(rsvps = 300, inFlight = 20, capacity = 120): Promise<RsvpBurstFigures> {
  const sheets = await startSheetsFake();
  const counted = countingQuota(
    createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl }),
  );
  const workbook = createWorkbook(counted.store);
  await provision(counted.store, workbook);
  const { slack, chat } = await slackWithChannel();
  const people = Array.from({ length: rsvps }, (_, i) => benchMember(i + 1));
  for (const p of people) slack.seedUser({ id: p.slackAccount, email: p.email, name: p.name });

  // The group before the burst: its members, and one event, announced by the writer's own tick.
  const start = DateTime.utc();
  const before = await workbook.read(['Members', 'Events']);
  const seed: Change[] = [
    ...people.map((p) =>
      append('Members', {
        memberId: p.memberId,
        name: p.name,
        email: p.email,
        slackId: p.slackId ?? null,
        status: 'Active',
        joined: start.minus({ days: 30 }),
      }),
    ),
    append('Events', {
      eventId: 'EV-1',
      title: 'Spring meetup',
      starts: start.plus({ days: 14 }).startOf('hour'),
      ends: start.plus({ days: 14, hours: 2 }).startOf('hour'),
      location: 'Community hall',
      capacity,
      rsvpDeadline: start.plus({ days: 13 }).startOf('hour'),
      status: 'Announced',
      channel: `#${CHANNEL.name}`,
    }),
  ];
  await workbook.apply(seed, { timeZone: before.timeZone });
  const log = memoryLogger();
  const writer = new Writer({
    workbook,
    chat,
    clock: clockAt(() => DateTime.utc()),
    log,
    ids: ledgerInUse(),
  });
  await writer.tick();
  await writer.idle();

  sheets.setLatency({ readMs: 200, writeMs: 400 });
  sheets.setQuota({ readsPerMinute: 60, writesPerMinute: 60 });
  sheets.resetStats();
  const quotaBefore = counted.quotaErrors();
  const slackBefore = slack.calls.length;
  const batchesBefore = writer.batchSizes.length;

  const outcomes: WorkOutcome[] = [];
  let failed = 0;
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < rsvps) {
      const i = next++;
      const p = people[i] as (typeof people)[number];
      const work = rsvpWork(
        `form:rsvp-burst-${i + 1}`,
        p.email,
        'EV-1',
        true,
        i % 5 === 0 ? 1 : 0,
        DateTime.utc(),
      );
      const sent = performance.now();
      try {
        outcomes.push(await writer.submit(work));
      } catch {
        failed++;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const answeredMs = performance.now() - t0;
  await writer.idle();
  const idleMs = performance.now() - t0;
  const stats = { ...sheets.stats };
  const quota429s = counted.quotaErrors() - quotaBefore;

  // The final sheet.
  const rows = records(sheets, 'RSVPs').filter((r) => r['Event ID'] === 'EV-1');
  const seats = (status: string) =>
    rows.filter((r) => r.Status === status).reduce((sum, r) => sum + 1 + num(r.Guests), 0);
  const confirmedSeats = seats('Confirmed');
  const waitlistedSeats = seats('Waitlisted');
  const eventRow = records(sheets, 'Events').find((r) => r['Event ID'] === 'EV-1') ?? {};
  const event = {
    confirmed: num(eventRow.Confirmed),
    waitlisted: num(eventRow.Waitlisted),
    seatsLeft: num(eventRow['Seats left']),
  };
  const outbox = records(sheets, 'Outbox');
  const notices = outbox.filter((r) => r.Kind === 'rsvp.notice');
  const auditYes = records(sheets, 'Audit').filter((r) => r.Action === 'rsvp.yes');
  const slackCalls = slack.calls.slice(slackBefore);
  const dms = slackCalls.filter(
    (c) => c.method === 'chat.postMessage' && /^[UD]/.test(String(c.args.channel)) && !c.error,
  );

  const sorted = [...latencies].sort((a, b) => a - b);
  const applied = outcomes.filter((o) => o.status === 'applied').length;
  const distinctPeople = new Set(rows.map((r) => String(r.Email)));
  const positions = rows
    .filter((r) => r.Status === 'Waitlisted')
    .map((r) => num(r.Position))
    .sort((a, b) => a - b);
  const failures: string[] = [];
  if (answeredMs > 240_000)
    failures.push(`took ${(answeredMs / 1000).toFixed(1)} s to apply (goal: 4 minutes)`);
  if (applied !== rsvps || failed > 0)
    failures.push(`${applied} of ${rsvps} applied, ${failed} failed after retries`);
  if (rows.length !== rsvps) failures.push(`${rows.length} RSVPs rows for ${rsvps} answers`);
  if (distinctPeople.size !== rows.length)
    failures.push(`${rows.length - distinctPeople.size} people have more than one row`);
  if (confirmedSeats > capacity)
    failures.push(`${confirmedSeats} seats Confirmed for a capacity of ${capacity}`);
  if (
    event.confirmed !== confirmedSeats ||
    event.waitlisted !== waitlistedSeats ||
    event.seatsLeft !== Math.max(0, capacity - confirmedSeats)
  )
    failures.push(
      `Events says ${event.confirmed}/${event.waitlisted}/${event.seatsLeft}, the RSVPs ${confirmedSeats}/${waitlistedSeats}/${capacity - confirmedSeats}`,
    );
  if (positions.some((p, i) => p !== i + 1))
    failures.push(`waitlist positions are not 1..${positions.length}`);
  if (notices.length !== rsvps || new Set(notices.map((r) => r.About)).size !== rsvps)
    failures.push(`${notices.length} notices planned for ${rsvps} answers`);
  if (auditYes.length !== rsvps) failures.push(`${auditYes.length} rsvp.yes Audit rows for ${rsvps} answers`);
  if (dms.length !== rsvps) failures.push(`${dms.length} DMs posted for ${rsvps} answers`);
  if (stats.batchGet + stats.batchUpdate >= rsvps)
    failures.push(`${stats.batchGet + stats.batchUpdate} Sheets calls for ${rsvps} answers`);

  const figures: RsvpBurstFigures = {
    rsvps,
    inFlight,
    capacity,
    answeredMs,
    idleMs,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted[sorted.length - 1] ?? 0,
    batches: writer.batchSizes.slice(batchesBefore),
    batchGets: stats.batchGet,
    gets: stats.get,
    batchUpdates: stats.batchUpdate,
    quota429s,
    outcomes: { applied, duplicate: outcomes.length - applied, failed },
    sheet: {
      rsvpRows: rows.length,
      people: distinctPeople.size,
      confirmedRows: rows.filter((r) => r.Status === 'Confirmed').length,
      confirmedSeats,
      waitlistedRows: positions.length,
      waitlistedSeats,
      event,
      notices: notices.length,
      noticesSent: notices.filter((r) => r.Status === 'Sent').length,
      auditYes: auditYes.length,
    },
    slack: {
      dms: dms.length,
      announcementEdits: slackCalls.filter((c) => c.method === 'chat.update' && !c.error).length,
      errors: slackCalls.filter((c) => c.error).length,
    },
    troubles: troubles(log),
    failures,
  };
  await Promise.all([sheets.close(), slack.close()]);
  return figures;
}

// ---- 2. one RSVP at rest -----------------------------------------------------------------------------

export interface RsvpCallsRow {
  members: number;
  events: number;
  rsvps: number;
  operation: string;
  outcome: string;
  /** The RSVP's own change set: from submit until it is answered. */
  own: Pick<FakeStats, 'get' | 'batchGet' | 'batchUpdate' | 'cellsRead' | 'cellsWritten'>;
  /** After the answer: the Slack sends' Sent marks, written once nothing else is waiting. */
  marks: Pick<FakeStats, 'get' | 'batchGet' | 'batchUpdate' | 'cellsWritten'>;
  slackCalls: string[];
}

export async function rsvpCallsAtRest(sizes: readonly number[]): Promise<RsvpCallsRow[]> {
  const rows: RsvpCallsRow[] = [];
  const now = EVENTS_NOW;
  for (const members of sizes) {
    const events = Math.ceil(members / 20);
    const rsvps = members * 2;
    const group = eventGroup({ members, events, rsvps, now, zone: ZONE, channel: CHANNEL });
    const sheets = await startSheetsFake({ tabs: group.grids });
    const workbook = createWorkbook(
      createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl }),
    );
    const { slack, chat } = await slackForGroup(group, members);
    const writer = new Writer({
      workbook,
      chat,
      clock: clockAt(() => now),
      log: memoryLogger(),
      ids: ledgerInUse(),
    });
    await workbook.read(WRITER_TABS); // warm: tab list and headers known, as in a running writer

    // An event two weeks out (open, and full), answered by someone new, then by someone who had a seat.
    const eventNo = Math.floor(events / 2) + 1;
    const answered = new Set(group.answered.get(eventNo) ?? []);
    const newcomer = benchMember(
      [...Array(members).keys()].map((i) => i + 1).find((n) => !answered.has(n)) ?? 1,
    );
    const holder = benchMember(group.answered.get(eventNo)?.[0] ?? 1);
    const ops = [
      { operation: 'Yes from someone new (event full: waitlisted)', who: newcomer, attending: true },
      { operation: 'No from someone Confirmed (the waitlist moves up)', who: holder, attending: false },
    ];
    for (const [i, op] of ops.entries()) {
      sheets.resetStats();
      const slackBefore = slack.calls.length;
      const work = rsvpWork(`form:rest-${members}-${i}`, op.who.email, `EV-${eventNo}`, op.attending, 0, now);
      const outcome = await writer.submit(work);
      const own = { ...sheets.stats };
      await writer.idle();
      const all = { ...sheets.stats };
      rows.push({
        members,
        events,
        rsvps,
        operation: op.operation,
        outcome: `${outcome.status}: ${outcome.notes.join('; ').replace(/^form:\S+ /, '')}`,
        own: {
          get: own.get,
          batchGet: own.batchGet,
          batchUpdate: own.batchUpdate,
          cellsRead: own.cellsRead,
          cellsWritten: own.cellsWritten,
        },
        marks: {
          get: all.get - own.get,
          batchGet: all.batchGet - own.batchGet,
          batchUpdate: all.batchUpdate - own.batchUpdate,
          cellsWritten: all.cellsWritten - own.cellsWritten,
        },
        slackCalls: slack.calls
          .slice(slackBefore)
          .map((c) => (c.error ? `${c.method} (${c.error})` : c.method)),
      });
    }
    await Promise.all([sheets.close(), slack.close()]);
  }
  return rows;
}

// ---- 3. a tick that plans the reminders of 500 events ------------------------------------------------

export interface TickTimes {
  cpuMs: number;
  wallMs: number;
}

export interface ReminderTickFigures {
  members: number;
  events: number;
  rsvps: number;
  offsets: string;
  /** Reminders are planned this many days ahead. */
  horizonDays: number;
  /**
   * The writer's snapshot read (all tabs but Audit) before the tick, for scale: our CPU parsing and decoding
   * it, the process's first read and a second one (warm, as in a running writer).
   */
  read: TickTimes & { first: TickTimes; peakRssMb: number };
  /** decideTick on that snapshot: the first call, and the median of the next three. */
  decide: { first: TickTimes; median: TickTimes };
  /** What decideTick planned. */
  plan: { reminderPosts: number; reminderDms: number; skipped: number; other: number; send: number };
  /** The whole tick through the Writer against the fake (no latency): answered after its write. */
  tick: TickTimes & {
    peakRssMb: number;
    batchGet: number;
    get: number;
    batchUpdate: number;
    cellsWritten: number;
  };
  /** Anything after the tick's own write (Sent marks of messages due now). */
  marks: { batchGet: number; batchUpdate: number };
  /** Outbox rows in the sheet afterwards, by kind and status. */
  outbox: { reminders: number; reminderPosts: number; scheduled: number; skipped: number; sent: number };
  /** The next tick, a minute later, with nothing new to plan. */
  next: TickTimes & { batchGet: number; batchUpdate: number; changes: number };
  troubles: string[];
  failures: string[];
}

function timeSync<T>(run: () => T): { result: T } & TickTimes {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

const SCALE_OPTIONS = { members: 10_000, events: 500, rsvps: 20_000, spreadDays: 35 };
const OFFSETS = '7 days, 1 day, 2 hours';

/** The reminder-planning tick at the scale, in this process (the growth curve has its own, growth.ts). */
export async function reminderTick(): Promise<ReminderTickFigures> {
  const now = EVENTS_NOW;
  const scale = SCALE_OPTIONS;
  const options = { ...scale, reminderOffsets: OFFSETS, zone: ZONE, channel: CHANNEL };
  const fake = await startFakeChild('scripts/bench/events.ts', [
    'fake',
    JSON.stringify({ ...options, now: now.toISO() }),
  ]);
  const fakeStats = fake.stats;
  const group = eventGroup({ ...options, now });
  const { slack, chat } = await slackForGroup(group, options.members);
  const workbook = createWorkbook(
    createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl }),
  );
  const failures: string[] = [];

  // decideTick on the snapshot the writer would read.
  const coldRead = await measure(() => workbook.read(WRITER_TABS));
  const read = await measure(() => workbook.read(WRITER_TABS));
  const snapshot = read.result;
  const runs = Array.from({ length: 4 }, () => timeSync(() => decideTick(snapshot, WRITER_TABS, now)));
  const plan = (runs[0] as (typeof runs)[number]).result;
  const later = runs
    .slice(1)
    .map(({ cpuMs, wallMs }) => ({ cpuMs, wallMs }))
    .sort((a, b) => a.cpuMs - b.cpuMs);
  const appended = (kind: string) =>
    plan.changes.filter((c) => c.kind === 'append' && c.tab === 'Outbox' && c.values.kind === kind).length;
  const reminderPosts = appended('reminder.post');
  const reminderDms = appended('reminder');
  const skipped = plan.changes.filter((c) => c.kind === 'update' && c.tab === 'Outbox').length;
  const other = plan.changes.length - reminderPosts - reminderDms - skipped;

  // The whole tick through the writer.
  const log = memoryLogger();
  const writer = new Writer({ workbook, chat, clock: clockAt(() => now), log, ids: ledgerInUse() });
  await fakeStats(true);
  const tick = await measure(() => writer.tick(now));
  const own = await fakeStats();
  await writer.idle();
  const all = await fakeStats(true);

  const afterTick = await workbook.read(['Outbox', 'IDs']);
  const after = afterTick.table('Outbox').rows.map((r) => r.values);
  // A writer's first batch brings the IDs tab up to the IDs in the sheet: a row per prefix, once.
  const idRows = afterTick.table('IDs').rows.length;
  const reminderRows = after.filter((r) => r.kind === 'reminder' || r.kind === 'reminder.post');
  await fakeStats(true);

  const again = await measure(() => writer.tick(now.plus({ minutes: 1 })));
  const nextStats = await fakeStats();
  await writer.idle();

  // Each message sent is marked Sending in the same write, one change more each.
  if (tick.result.changes !== plan.changes.length + tick.result.messages + idRows)
    failures.push(
      `the writer's tick wrote ${tick.result.changes} changes; decideTick planned ${plan.changes.length}, ${tick.result.messages} messages went out and ${idRows} IDs rows were written`,
    );
  if (other > 0) failures.push(`${other} changes other than reminders in a group at rest`);
  await Promise.all([fake.stop(), slack.close()]);
  return {
    members: scale.members,
    events: scale.events,
    rsvps: scale.rsvps,
    offsets: OFFSETS,
    horizonDays: REMINDER_HORIZON_DAYS,
    read: {
      first: { cpuMs: coldRead.cpuMs, wallMs: coldRead.wallMs },
      cpuMs: read.cpuMs,
      wallMs: read.wallMs,
      peakRssMb: read.peakRssMb,
    },
    decide: {
      first: { cpuMs: (runs[0] as TickTimes).cpuMs, wallMs: (runs[0] as TickTimes).wallMs },
      median: later[1] as TickTimes,
    },
    plan: { reminderPosts, reminderDms, skipped, other, send: plan.send.length },
    tick: {
      cpuMs: tick.cpuMs,
      wallMs: tick.wallMs,
      peakRssMb: tick.peakRssMb,
      batchGet: own.batchGet,
      get: own.get,
      batchUpdate: own.batchUpdate,
      cellsWritten: own.cellsWritten,
    },
    marks: { batchGet: all.batchGet - own.batchGet, batchUpdate: all.batchUpdate - own.batchUpdate },
    outbox: {
      reminders: reminderRows.filter((r) => r.kind === 'reminder').length,
      reminderPosts: reminderRows.filter((r) => r.kind === 'reminder.post').length,
      scheduled: reminderRows.filter((r) => r.status === 'Scheduled').length,
      skipped: reminderRows.filter((r) => r.status === 'Skipped').length,
      sent: reminderRows.filter((r) => r.status === 'Sent').length,
    },
    next: {
      cpuMs: again.cpuMs,
      wallMs: again.wallMs,
      batchGet: nextStats.batchGet,
      batchUpdate: nextStats.batchUpdate,
      changes: again.result.changes,
    },
    troubles: troubles(log),
    failures,
  };
}

// ---- the child: the Sheets fake holding an events group ----------------------------------------------

async function serveFake(json: string): Promise<void> {
  const raw = JSON.parse(json) as Omit<EventGroupOptions, 'now'> & { now: string };
  await serveGrids(eventGroup({ ...raw, now: DateTime.fromISO(raw.now, { zone: 'utc' }) }).grids);
}

if (process.argv[2] === 'fake' && import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  await serveFake(process.argv[3] ?? '{}');
}
