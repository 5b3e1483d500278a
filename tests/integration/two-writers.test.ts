/**
 * Two writers at once (a deploy's overlap, Cloud Run running one instance too many): two Writer instances, each
 * with its own Sheets and Slack clients, on one Sheets fake and one Slack fake, taking turns through the writers'
 * lease in Cloud Storage (the loopback fake) and sharing the ID ledger there. Under a burst of RSVPs for an event
 * with 10 seats, some delivered to both, and overlapping ticks on both: none lost, none doubled, none overbooked.
 */

import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clockAt } from '../../common/clock.js';
import { createSlackChat } from '../../functions/chat-slack.js';
import { Secret } from '../../functions/config.js';
import { createCloudStorageIdLedger } from '../../functions/id-ledger.js';
import { createCloudStorageLease } from '../../functions/lease-cloud-storage.js';
import { memoryLogger } from '../../functions/log.js';
import { Writer } from '../../functions/writer/index.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import type { Work } from '../../workflows/inputs.js';
import { rsvpInput } from '../fakes/inputs.js';
import { type SheetsFake, startSheetsFake } from '../fakes/sheets-fake.js';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.js';
import { type StorageFake, startStorageFake } from '../fakes/storage-fake.js';
import { appendByHand, provisionFake, rowsOf, waitFor } from './helpers.js';

const BUCKET = 'hearth-two-writers';
const PEOPLE = 40;
const SEATS = 10;

let sheets: SheetsFake;
let slack: SlackFake;
let storage: StorageFake;

beforeAll(async () => {
  [sheets, slack, storage] = await Promise.all([
    startSheetsFake(),
    startSlackFake(),
    startStorageFake({ buckets: [BUCKET] }),
  ]);
  await provisionFake(sheets);
  slack.seedChannel({ name: 'leaders', is_member: true, is_private: true });
  slack.seedChannel({ name: 'announcements', is_member: true });
});

afterAll(async () => {
  await Promise.all([sheets?.close(), slack?.close(), storage?.close()]);
});

/** A writer as its own instance would build it: its own clients, the shared lease and ledger. */
function writer(name: string): Writer {
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  return new Writer({
    workbook: createWorkbook(store),
    chat: createSlackChat({
      token: new Secret(slack.token),
      apiUrl: slack.apiUrl,
      postSpacingMs: 0,
    }),
    clock: clockAt(() => DateTime.utc()),
    log: memoryLogger(),
    lease: createCloudStorageLease({ bucket: BUCKET, apiRootUrl: storage.url, holder: name, ttlMs: 5_000 }),
    ids: createCloudStorageIdLedger({ bucket: BUCKET, apiRootUrl: storage.url }),
  });
}

const email = (i: number) => `person${i}@example.org`;
const rsvp = (i: number, eventId: string): Work =>
  rsvpInput(
    {
      identity: `form:two-writers-${i}`,
      submittedAt: new Date(Date.now() + i).toISOString(),
      respondentEmail: email(i),
    },
    { email: email(i), event: eventId, attending: true, guests: 0 },
  );

it('gives every accepted RSVP one row, one DM and one seat at most, with no ID given twice', async () => {
  const users = Array.from({ length: PEOPLE }, (_, i) =>
    slack.seedUser({ id: `U07TWO${String(i).padStart(5, '0')}`, name: `person${i}`, email: email(i) }),
  );
  appendByHand(
    sheets,
    'Members',
    users.map((u, i) => ({ Name: `Person ${i}`, Email: email(i), 'Slack ID': u.id, Status: 'Active' })),
  );
  appendByHand(sheets, 'Events', [
    { Title: 'Two writers supper', Starts: '2027-01-20 19:00', Capacity: SEATS, Status: 'Announced' },
  ]);
  const a = writer('writer-a');
  const b = writer('writer-b');
  await a.tick();
  await b.tick();
  const eventId = String(
    await waitFor('the event announced', () => {
      const event = rowsOf(sheets, 'Events')[0];
      return event?.['Slack message'] ? event['Event ID'] : undefined;
    }),
  );
  sheets.setLatency({ readMs: 30, writeMs: 60 });

  // The burst: half to each writer, a fifth to both (a task delivered twice, to two instances), ticks between.
  const submitted = Array.from({ length: PEOPLE }, (_, i) => {
    const work = rsvp(i, eventId);
    const first = (i % 2 === 0 ? a : b).submit(work);
    return i % 5 === 0 ? Promise.all([first, (i % 2 === 0 ? b : a).submit(work)]) : first;
  });
  const ticks = Array.from({ length: 4 }, (_, i) => (i % 2 === 0 ? a : b).tick());
  await Promise.all([...submitted, ...ticks]);
  await Promise.all([a.idle(), b.idle()]);
  await Promise.all([a.tick(), b.tick()]);
  await Promise.all([a.idle(), b.idle()]);
  sheets.setLatency({ readMs: 0, writeMs: 0 });

  const rsvps = rowsOf(sheets, 'RSVPs').filter((r) => r['Event ID'] === eventId);
  // None lost, none doubled.
  expect(rsvps).toHaveLength(PEOPLE);
  expect(new Set(rsvps.map((r) => r.Email)).size).toBe(PEOPLE);
  expect(new Set(rsvps.map((r) => r['RSVP ID'])).size).toBe(PEOPLE);
  // None overbooked, and the Events row agrees.
  expect(rsvps.filter((r) => r.Status === 'Confirmed')).toHaveLength(SEATS);
  expect(rsvps.filter((r) => r.Status === 'Waitlisted')).toHaveLength(PEOPLE - SEATS);
  const event = rowsOf(sheets, 'Events')[0];
  expect([event?.Confirmed, event?.Waitlisted, event?.['Seats left']]).toEqual([SEATS, PEOPLE - SEATS, 0]);
  // One DM each, and no Outbox message posted twice.
  await waitFor('every notice Sent', () =>
    rowsOf(sheets, 'Outbox')
      .filter((m) => m.Kind === 'rsvp.notice')
      .every((m) => m.Status === 'Sent'),
  );
  const noticesTo = (user: string) =>
    slack
      .callsTo('chat.postMessage')
      .filter((c) => c.status === 200 && !c.error && c.args.channel === user)
      .filter((c) => /^You’re (going|on the waitlist)/.test(String(c.args.text)));
  for (const user of users) expect(noticesTo(user.id), user.id).toHaveLength(1);
  const ids = slack
    .callsTo('chat.postMessage')
    .filter((c) => c.status === 200 && !c.error)
    .map(
      (c) =>
        (c.args.metadata as { event_payload?: { message_id?: string } } | undefined)?.event_payload
          ?.message_id,
    )
    .filter(Boolean);
  expect(ids.length).toBeGreaterThanOrEqual(PEOPLE);
  expect(new Set(ids).size).toBe(ids.length);
  const notices = rowsOf(sheets, 'Outbox').filter((m) => m.Kind === 'rsvp.notice');
  expect(notices).toHaveLength(PEOPLE);
}, 120_000);
