/**
 * The growth curve: the same group at several sizes (1 event per 20 members, 2 RSVPs per member, the Outbox
 * as the writer leaves it), its writer alone in a process of its own on the built code, as deployed, and the
 * fakes (Sheets and Slack) in another, so our CPU and memory are the writer's alone. Per size, in order: a tick
 * that plans reminders, a tick a minute later with nothing to do, one RSVP at rest, and a burst of RSVPs to one
 * new event at Google's pace and per-minute quota (see writer-process.mjs).
 *
 * Run as a child (`tsx scripts/bench/growth.ts fakes '{"members":…}'`) it is the fakes holding that group.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DateTime } from 'luxon';
import { dateTimeToSerial } from '../../sheets-schema/cells.js';
import { writerHeapMb } from '../lib/deploy-plan.js';
import { startChild } from './child.js';
import { serveGrids, startFakeChild } from './child-fake.js';
import { benchMember, eventGroup, rowOf } from './data.js';
import { EVENTS_NOW, slackForGroup } from './events.js';

const ZONE = 'Europe/London';
const CHANNEL = { id: 'C0EVENTS01', name: 'events' };
/** The burst: this many people answer Yes to a new event with this many seats, 20 answers in flight. */
export const BURST = { rsvps: 300, capacity: 120 };

export interface GrowthStep {
  cpuMs: number;
  reads: number;
  writes: number;
  /** The process's resident memory at its highest during the step, and the heap alive after it. */
  peakRssMb: number;
  liveHeapMb: number;
}

export interface GrowthRow {
  /** What the writer is deployed with (npm run deploy -- --writer-memory), its heap bounded as deploy does. */
  writerMemoryMb: number;
  members: number;
  events: number;
  rsvps: number;
  planning: GrowthStep & { changes: number };
  noop: GrowthStep & { changes: number };
  rest: GrowthStep & { outcome: string };
  burst: GrowthStep & {
    rsvps: number;
    wallMs: number;
    batches: number;
    quota429s: number;
    applied: number;
    failed: number;
    lost: number;
    duplicated: number;
    overbooked: number;
    countsAgree: boolean;
  };
  /** The writer process's peak resident memory over the whole run. */
  peakRssMb: number;
  warnings: string[];
}

/**
 * The group at each size, one after the other (never two at once: the figures are per process), its writer
 * deployed with `writerMemoryMb`.
 */
export async function growthCurve(
  sizes: readonly { members: number; writerMemoryMb: number }[],
): Promise<GrowthRow[]> {
  const rows: GrowthRow[] = [];
  for (const { members, writerMemoryMb } of sizes) {
    const fakes = await startFakeChild('scripts/bench/growth.ts', ['fakes', JSON.stringify({ members })]);
    const writer = await startChild(
      'scripts/bench/writer-process.mjs',
      [JSON.stringify(fakes.line)],
      `--expose-gc --max-old-space-size=${writerHeapMb(writerMemoryMb)}`,
      true,
    );
    rows.push({ writerMemoryMb, ...(writer.line as unknown as Omit<GrowthRow, 'writerMemoryMb'>) });
    await writer.stop();
    await fakes.stop();
  }
  return rows;
}

// ---- the child: the fakes holding a group of `members` ---------------------------------------------------

async function serveFakes(json: string): Promise<void> {
  const { members } = JSON.parse(json) as { members: number };
  const now = EVENTS_NOW;
  const events = members / 20;
  const rsvps = members * 2;
  const group = eventGroup({ members, events, rsvps, now, zone: ZONE, channel: CHANNEL, spreadDays: 35 });
  // The burst's event: two weeks out, Announced by the planning tick.
  const burstEvent = `EV-${events + 1}`;
  const serial = (t: DateTime) => dateTimeToSerial(t, ZONE);
  const starts = now.plus({ days: 14 }).startOf('hour');
  group.grids.Events?.push(
    rowOf('Events', {
      eventId: burstEvent,
      title: 'Spring meetup',
      starts: serial(starts),
      ends: serial(starts.plus({ hours: 2 })),
      location: 'Community hall',
      capacity: BURST.capacity,
      rsvpDeadline: serial(starts.minus({ days: 1 })),
      status: 'Announced',
      channel: `#${CHANNEL.name}`,
    }),
  );
  const { slack } = await slackForGroup(group, members);
  // One RSVP at rest: someone new answers an event two and a half weeks out.
  const restNo = Math.floor(events / 2) + 1;
  const answered = new Set(group.answered.get(restNo) ?? []);
  const newcomer = [...Array(members).keys()].map((i) => i + 1).find((n) => !answered.has(n)) ?? 1;
  // The burst's people: Active members (every sixth is Pending and fifth Inactive, see data.ts).
  const active = [...Array(members).keys()].filter((i) => i % 6 < 4).map((i) => benchMember(i + 1).email);
  await serveGrids(
    group.grids,
    {
      members,
      events,
      rsvps,
      now: now.toISO(),
      slackApiUrl: slack.apiUrl,
      slackToken: slack.token,
      rest: { event: `EV-${restNo}`, email: benchMember(newcomer).email },
      burst: { event: burstEvent, capacity: BURST.capacity, emails: active.slice(0, BURST.rsvps) },
    },
    () => slack.close(),
  );
}

if (process.argv[2] === 'fakes' && import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  await serveFakes(process.argv[3] ?? '{}');
}
