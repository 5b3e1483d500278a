// The writer of a group, alone in a process of its own and on the built code, as it is deployed (no TypeScript
// loader: it would add about 40 MB). Run by growth.ts with the fakes' line as its argument; prints one JSON
// line of figures, then exits when stdin closes.
//
// In order: a tick that plans reminders, a tick a minute later with nothing to do, one RSVP at rest, and a
// burst of RSVPs to one event at Google's pace and per-minute quota. Our CPU, the Sheets calls of each, and
// the process's peak resident memory over the whole run.
import { DateTime } from 'luxon';

const dist = (path) => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { clockAt } = await dist('common/clock.js');
const { ErrorCode, isHearthError } = await dist('common/errors.js');
const { createSlackChat } = await dist('functions/chat-slack.js');
const { Secret } = await dist('functions/config.js');
const { createMemoryIdLedger } = await dist('functions/id-ledger.js');
const { memoryLogger } = await dist('functions/log.js');
const { WRITER_TABS, Writer } = await dist('functions/writer/index.js');
const { createGoogleGridStore } = await dist('sheets-schema/google.js');
const { createWorkbook } = await dist('sheets-schema/workbook.js');

const line = JSON.parse(process.argv[2] ?? '{}');
const MB = 1024 * 1024;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

// 429s as the writer meets them (each one is retried after a pause).
let quota429s = 0;
const google = createGoogleGridStore({ spreadsheetId: line.spreadsheetId, rootUrl: line.rootUrl });
const counting =
  (run) =>
  async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (isHearthError(error, ErrorCode.SheetsQuotaExhausted)) quota429s++;
      throw error;
    }
  };
const store = {
  backend: google.backend,
  readTabs: counting(google.readTabs.bind(google)),
  readColumns: counting(google.readColumns.bind(google)),
  write: counting(google.write.bind(google)),
  layout: counting(google.layout.bind(google)),
  applyLayout: counting(google.applyLayout.bind(google)),
};
const workbook = createWorkbook(store);
const chat = createSlackChat({
  token: new Secret(line.slackToken),
  apiUrl: line.slackApiUrl,
  postSpacingMs: 0,
});
const start = DateTime.fromISO(line.now, { zone: 'utc' });
let now = start;
const log = memoryLogger();
// A ledger in use, as a running group's is (a new one reads Audit once, a one-off the figures should not count).
const ids = createMemoryIdLedger(new Map([['M-', 1]]));
const writer = new Writer({ workbook, chat, clock: clockAt(() => now), log, ids });

const control = (path, body) => {
  const ask = () =>
    fetch(`${line.controlUrl}${path}`, { method: body ? 'POST' : 'GET', body: body && JSON.stringify(body) });
  // A kept-alive connection the fakes closed during a long step: asked again once.
  return ask()
    .catch(ask)
    .then((r) => r.json());
};
const calls = (stats) => ({ reads: stats.batchGet + stats.get, writes: stats.batchUpdate });

/**
 * Until the process is idle: a collection forced by gc() goes on sweeping on V8's helper threads after it
 * returns, and that CPU is not the next step's. Idle: under 1 ms of CPU in 20 ms of time, twice in a row.
 */
async function settled() {
  for (let quiet = 0, tries = 0; quiet < 2 && tries < 100; tries++) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const used = process.cpuUsage(before);
    quiet = used.user + used.system < 1000 ? quiet + 1 : 0;
  }
}

/** Our CPU and wall time, and the Sheets calls made, from now until `run` is done (not its messages' marks). */
async function step(run) {
  await control('reset', {});
  globalThis.gc?.();
  await settled();
  const stepStart = peakRss;
  peakRss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const own = calls(await control('stats'));
  await writer.idle();
  const stepPeak = peakRss;
  peakRss = Math.max(stepStart, stepPeak);
  globalThis.gc?.();
  const liveHeapMb = process.memoryUsage().heapUsed / MB;
  return {
    result,
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    ...own,
    peakRssMb: stepPeak / MB,
    liveHeapMb,
  };
}

const rsvp = (identity, email, event, at) => ({
  kind: 'rsvp_form',
  identity,
  submittedAt: at.toISO(),
  respondentEmail: email,
  answers: { email, event, attending: true, guests: 0 },
});

// A running writer has read the sheet a minute ago: its tab list and the rows it decoded are known.
await workbook.read(WRITER_TABS);
const planning = await step(() => writer.tick(now));
// The next tick reads the planning tick's rows and its Sent marks for the first time; the one after is at rest.
now = start.plus({ minutes: 1 });
await writer.tick(now);
await writer.idle();
now = start.plus({ minutes: 2 });
const noop = await step(() => writer.tick(now));
now = start.plus({ minutes: 3 });
const rest = await step(() => writer.submit(rsvp('form:rest', line.rest.email, line.rest.event, now)));

// The burst: Google's latency and 60 requests a minute from here on.
now = start.plus({ minutes: 4 });
await control('setup', {
  latency: { readMs: 200, writeMs: 400 },
  quota: { readsPerMinute: 60, writesPerMinute: 60 },
});
const quotaBefore = quota429s;
const batchesBefore = writer.batchSizes.length;
const outcomes = [];
let failed = 0;
const burst = await step(async () => {
  let next = 0;
  const worker = async () => {
    while (next < line.burst.emails.length) {
      const i = next++;
      try {
        outcomes.push(
          await writer.submit(rsvp(`form:burst-${i}`, line.burst.emails[i], line.burst.event, now)),
        );
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
});
await control('setup', { latency: { readMs: 0, writeMs: 0 }, quota: {} });

// The sheet afterwards: every answer once, never more seats than the event has, its counts agreeing.
const after = await workbook.read(['Events', 'RSVPs']);
const rows = after
  .table('RSVPs')
  .rows.map((r) => r.values)
  .filter((r) => r.eventId === line.burst.event);
const people = new Set(rows.map((r) => r.email));
const seats = (status) =>
  rows.filter((r) => r.status === status).reduce((sum, r) => sum + 1 + (r.guests ?? 0), 0);
const event = after.table('Events').byId(line.burst.event)?.values ?? {};
const asked = line.burst.emails.length;
clearInterval(sampler);
process.stdout.write(
  `${JSON.stringify({
    members: line.members,
    events: line.events,
    rsvps: line.rsvps,
    planning: {
      peakRssMb: planning.peakRssMb,
      liveHeapMb: planning.liveHeapMb,
      cpuMs: planning.cpuMs,
      reads: planning.reads,
      writes: planning.writes,
      changes: planning.result.changes,
    },
    noop: {
      peakRssMb: noop.peakRssMb,
      liveHeapMb: noop.liveHeapMb,
      cpuMs: noop.cpuMs,
      reads: noop.reads,
      writes: noop.writes,
      changes: noop.result.changes,
    },
    rest: {
      peakRssMb: rest.peakRssMb,
      liveHeapMb: rest.liveHeapMb,
      cpuMs: rest.cpuMs,
      reads: rest.reads,
      writes: rest.writes,
      outcome: rest.result.status,
    },
    burst: {
      peakRssMb: burst.peakRssMb,
      liveHeapMb: burst.liveHeapMb,
      rsvps: asked,
      cpuMs: burst.cpuMs,
      wallMs: burst.wallMs,
      reads: burst.reads,
      writes: burst.writes,
      batches: writer.batchSizes.length - batchesBefore,
      quota429s: quota429s - quotaBefore,
      applied: outcomes.filter((o) => o.status === 'applied').length,
      failed,
      lost: Math.max(0, asked - people.size),
      duplicated: rows.length - people.size,
      overbooked: Math.max(0, seats('Confirmed') - line.burst.capacity),
      countsAgree: event.confirmed === seats('Confirmed') && event.waitlisted === seats('Waitlisted'),
    },
    peakRssMb: peakRss / MB,
    warnings: log.entries
      .filter((e) => e.severity === 'WARNING' || e.severity === 'ERROR')
      .map((e) => e.message),
  })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
