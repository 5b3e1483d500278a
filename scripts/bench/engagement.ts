/**
 * The daily step at 10,000 members: a group with half a year behind it (500 events, 20,000 RSVPs ticked
 * Attended, intro rounds, questions answered), at rest, through the real writer against the Sheets fake (in a
 * process of its own, so our CPU leaves its work out). The first tick of a day runs the daily step: every
 * member's Engagement on the first day, only the changes the day after, and the quiet check-ins.
 *
 * Run as a child (`tsx scripts/bench/engagement.ts fake`) it is the Sheets fake holding that group.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { clockAt } from '../../common/clock.js';
import { memoryLogger } from '../../functions/log.js';
import { WRITER_TABS, Writer } from '../../functions/writer/index.js';
import { type Cell, dateTimeToSerial } from '../../sheets-schema/cells.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { SETTING_KEYS } from '../../sheets-schema/settings.js';
import { TAB_NAMES, type TabName } from '../../sheets-schema/tabs/index.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { planDashboard } from '../../workflows/presence/dashboard.js';
import { engagementOf, levelCounts } from '../../workflows/presence/engagement.js';
import { planEngagementLevels } from '../../workflows/presence/levels.js';
import { planQuietCheckIns } from '../../workflows/presence/quiet.js';
import { serveGrids, startFakeChild } from './child-fake.js';
import { benchMember, headersOf, ledgerInUse, rowOf } from './data.js';
import { slackForGroup } from './events.js';
import { measure } from './measure.js';

const ZONE = 'Europe/London';
/** Monday 11 January 2027, the first tick of the day (London): the daily step is due. */
export const DAILY_NOW = DateTime.fromISO('2027-01-11T00:05', { zone: ZONE });
const SIZE = { members: 10_000, events: 500, rsvps: 20_000 };
/** Members 1 to 2,000 answer three RSVPs in four: the regulars; the others now and then, or never. */
const REGULARS = 2_000;

/**
 * The group at rest, as the writer leaves it: every event in the last 180 days and Done (no capacity, counts
 * agreeing with the RSVPs), each member's Events attended right, nothing for a tick to do but the daily step.
 */
export function dailyGroup(now = DAILY_NOW): Record<string, Cell[][]> {
  const serial = (t: DateTime) => dateTimeToSerial(t, ZONE);
  const day = now.startOf('day');
  const settings: Record<string, string> = {
    'Time zone': ZONE,
    'Leaders summary': 'off',
    'Intro rounds': 'Off',
    'Celebrate milestones': 'No',
    'Check in on quiet members': 'Yes',
  };
  const settingRows: Cell[][] = SETTING_KEYS.map((s) => [s.key, settings[s.key] ?? s.defaultValue, s.note]);

  const starts = Array.from({ length: SIZE.events }, (_, e) =>
    day
      .minus({ days: 180 })
      .plus({ days: Math.floor((e * 178) / SIZE.events) })
      .set({ hour: 19 }),
  );
  const attended = new Map<number, number>();
  const confirmed = new Array<number>(SIZE.events).fill(0);
  const rsvpRows = Array.from({ length: SIZE.rsvps }, (_, n) => {
    const e = n % SIZE.events;
    const memberNo = n % 4 === 3 ? ((n * 7919) % SIZE.members) + 1 : ((n * 31) % REGULARS) + 1;
    const yes = n % 9 !== 0;
    const came = yes && n % 7 !== 0;
    if (yes) confirmed[e] = (confirmed[e] ?? 0) + 1;
    if (came) attended.set(memberNo, (attended.get(memberNo) ?? 0) + 1);
    return rowOf('RSVPs', {
      rsvpId: `R-${n + 1}`,
      eventId: `EV-${e + 1}`,
      email: benchMember(memberNo).email,
      response: yes ? 'Yes' : 'No',
      guests: 0,
      submitted: serial((starts[e] as DateTime).minus({ days: 1 + (n % 10) })),
      source: 'Form',
      status: yes ? 'Confirmed' : 'Declined',
      notified: yes ? 'Confirmed' : 'Declined',
      attended: yes ? (came ? 'Yes' : 'No') : null,
    });
  });
  const eventRows = starts.map((start, e) =>
    rowOf('Events', {
      eventId: `EV-${e + 1}`,
      title: `Event ${e + 1}`,
      starts: serial(start),
      ends: serial(start.plus({ hours: 2 })),
      location: 'Community hall',
      // A host in three events: by name, by Slack ID, or none.
      host: e % 3 === 0 ? benchMember(e + 1).name : e % 3 === 1 ? benchMember(e + 2).slackAccount : null,
      status: 'Done',
      confirmed: confirmed[e],
      waitlisted: 0,
    }),
  );

  const statuses = ['Active', 'Active', 'Active', 'Active', 'Inactive', 'Pending'];
  const memberRows = Array.from({ length: SIZE.members }, (_, i) => {
    const m = benchMember(i + 1);
    const joinedDaysAgo = (i * 37) % 700;
    return rowOf('Members', {
      memberId: m.memberId,
      name: m.name,
      email: m.email,
      slackId: m.slackId,
      status: statuses[i % statuses.length],
      joined: serial(day.minus({ days: joinedDaysAgo }).set({ hour: 20 })),
      // Greeted by one of fifty regulars who greet.
      greeter: joinedDaysAgo < 180 ? benchMember((i % 50) + 1).slackAccount : null,
      eventsAttended: attended.get(i + 1) ?? 0,
    });
  });

  // Fortnightly intro rounds over the half year: 200 pairs each, three in five met.
  const introRows: Cell[][] = [];
  for (let r = 0; r < 13; r++) {
    const round = day.minus({ weeks: 2 * (13 - r) }).toISODate() as string;
    for (let g = 0; g < 200; g++) {
      const a = ((g * 2 + r * 97) % SIZE.members) + 1;
      const b = ((g * 2 + 1 + r * 89) % SIZE.members) + 1;
      introRows.push(
        rowOf('Intros', {
          introId: `IR-${introRows.length + 1}`,
          round,
          members: `M-${a}, M-${b}`,
          met: g % 5 < 3 ? 'Yes' : 'No',
        }),
      );
    }
  }
  // 600 questions over the half year, most answered by someone on Slack.
  const questionRows = Array.from({ length: 600 }, (_, q) => {
    const asked = day.minus({ days: 180 - Math.floor((q * 180) / 600) }).set({ hour: 12 });
    const answerer = benchMember(((q * 17) % 3_000) + 1);
    return rowOf('Questions', {
      questionId: `Q-${q + 1}`,
      channel: '#help',
      asked: serial(asked),
      status: 'Answered',
      firstReply: serial(asked.plus({ minutes: 42 })),
      minutesToFirstReply: 42,
      answeredBy: answerer.slackId,
    });
  });

  const empty = Object.fromEntries(TAB_NAMES.map((tab) => [tab, [headersOf(tab)]])) as Record<
    TabName,
    Cell[][]
  >;
  return {
    ...empty,
    Settings: [headersOf('Settings'), ...settingRows],
    Members: [headersOf('Members'), ...memberRows],
    Events: [headersOf('Events'), ...eventRows],
    RSVPs: [headersOf('RSVPs'), ...rsvpRows],
    Intros: [headersOf('Intros'), ...introRows],
    Questions: [headersOf('Questions'), ...questionRows],
  };
}

interface DayFigures {
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  reads: number;
  writes: number;
  cellsWritten: number;
  /** Changes in the tick's one write. */
  changes: number;
  /** What the tick's batch said it decided (the engagement note among them). */
  notes: string[];
  /** The Sending and Sent marks of its messages, in writes of their own. */
  markWrites: number;
}

export interface DailyFigures {
  size: typeof SIZE;
  /** engagementOf on a fresh snapshot (the pure part), and the two daily parts with it. */
  engagement: { cpuMs: number; partsCpuMs: number; dashboardCpuMs: number };
  read: { cpuMs: number };
  /** The first tick of the first day: every member's Engagement written. */
  first: DayFigures;
  /** The first tick of the next day: only what changed; the check-ins planned for 10:00 yesterday go out. */
  next: DayFigures;
  /** A tick later that day: no daily step, for comparison. */
  later: DayFigures;
  levels: ReturnType<typeof levelCounts>;
  checkIns: number;
  failures: string[];
}

const cpuOf = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

export async function dailyStep(): Promise<DailyFigures> {
  const fake = await startFakeChild('scripts/bench/engagement.ts', ['fake']);
  const { slack, chat } = await slackForGroup({ announcements: [] }, SIZE.members);
  const workbook = createWorkbook(
    createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl }),
  );
  const failures: string[] = [];

  // The pure part, on the snapshot the writer reads.
  const read = await measure(() => workbook.read(WRITER_TABS));
  const snapshot = read.result;
  let levels = levelCounts(new Map());
  const engagementCpu = cpuOf(() => {
    levels = levelCounts(engagementOf(snapshot, DAILY_NOW));
  });
  let checkIns = 0;
  const partsCpu = cpuOf(() => {
    planEngagementLevels(snapshot, DAILY_NOW);
    checkIns = planQuietCheckIns(snapshot, DAILY_NOW).changes.length;
  });
  const dashboardCpu = cpuOf(() => {
    planDashboard(snapshot, DAILY_NOW);
  });

  const writer = new Writer({
    workbook,
    chat,
    clock: clockAt(() => DAILY_NOW),
    log: memoryLogger(),
    ids: ledgerInUse(),
  });
  const day = async (now: DateTime): Promise<DayFigures> => {
    await fake.stats(true);
    const tick = await measure(() => writer.tick(now));
    const own = await fake.stats();
    await writer.idle();
    const all = await fake.stats(true);
    return {
      cpuMs: tick.cpuMs,
      wallMs: tick.wallMs,
      peakRssMb: tick.peakRssMb,
      reads: own.batchGet + own.get,
      writes: own.batchUpdate,
      cellsWritten: own.cellsWritten,
      changes: tick.result.changes,
      notes: tick.result.notes,
      markWrites: all.batchUpdate - own.batchUpdate,
    };
  };
  const first = await day(DAILY_NOW);
  const next = await day(DAILY_NOW.plus({ days: 1 }));
  const later = await day(DAILY_NOW.plus({ days: 1, minutes: 1 }));
  for (const [which, f] of [
    ['first', first],
    ['next', next],
  ] as const) {
    if (f.reads > 2 || f.writes > 1)
      failures.push(`the ${which} day's tick made ${f.reads} reads and ${f.writes} writes`);
  }
  await Promise.all([fake.stop(), slack.close()]);
  return {
    size: SIZE,
    engagement: { cpuMs: engagementCpu, partsCpuMs: partsCpu, dashboardCpuMs: dashboardCpu },
    read: { cpuMs: read.cpuMs },
    first,
    next,
    later,
    levels,
    checkIns,
    failures,
  };
}

if (process.argv[2] === 'fake' && import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  await serveGrids(dailyGroup());
}
