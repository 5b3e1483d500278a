/**
 * An intro round at scale: 2,000 members who want intros, with half a year of rounds behind them, through the
 * writer against the loopback Sheets and Slack fakes. Counts the round's own Sheets calls, the group DMs, and how
 * long Slack's limits make sending them take (Slack's pacing runs on a stepped clock: measured, not waited).
 */
import { DateTime } from 'luxon';
import { clockAt, steppedClock } from '../../common/clock.js';
import { createSlackChat } from '../../functions/chat-slack.js';
import { Secret } from '../../functions/config.js';
import { memoryLogger } from '../../functions/log.js';
import { Writer } from '../../functions/writer/index.js';
import type { Cell } from '../../sheets-schema/cells.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { provision } from '../../sheets-schema/provision.js';
import { TABS } from '../../sheets-schema/tabs/index.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { startSlackFake } from '../../tests/fakes/slack-fake.js';
import { decideTick, WRITER_TABS } from '../../workflows/decide.js';
import { ledgerInUse } from './data.js';
import { measure } from './measure.js';

export interface IntroRoundFigures {
  members: number;
  pastRounds: number;
  groups: number;
  trios: number;
  decideCpuMs: number;
  roundCpuMs: number;
  /** The round's own batch: its snapshot, the ID re-check and its write. */
  reads: number;
  writes: number;
  /** The Sending and Sent marks that follow. */
  markWrites: number;
  opened: number;
  posted: number;
  /** How long Slack's limits make the group DMs take (conversations.open about 50 a minute). */
  sendMinutes: number;
  repeats: number;
}

const INTERESTS = [
  'Hiking',
  'Chess',
  'Cooking',
  'Running',
  'Photography',
  'Board games',
  'Climbing',
  'Books',
];
/** Monday 7 June 2027, 10:00 UTC: Intro day, after 13 fortnightly rounds. */
const MONDAY = DateTime.fromISO('2027-06-07T10:00:00Z', { zone: 'utc' });

export async function introRound(members = 2_000, pastRounds = 13): Promise<IntroRoundFigures> {
  const sheets = await startSheetsFake();
  const slack = await startSlackFake();
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  await provision(store, createWorkbook(store));
  const header = (tab: keyof typeof TABS) => Object.values(TABS[tab].columns).map((c) => c.header);
  const row = (tab: keyof typeof TABS, values: Record<string, Cell>) =>
    header(tab).map((h) => values[h] ?? null);
  const slackId = (n: number) => `U07B${String(n).padStart(7, '0')}`;
  sheets.setGrid('Members', [
    header('Members'),
    ...Array.from({ length: members }, (_, i) => {
      slack.seedUser({ id: slackId(i + 1), name: `person${i + 1}` });
      return row('Members', {
        'Member ID': `M-${i + 1}`,
        Name: `Person ${i + 1}`,
        Email: `person${i + 1}@example.org`,
        'Slack ID': slackId(i + 1),
        Status: 'Active',
        Joined: '2026-01-05 10:00',
        Interests: `${INTERESTS[i % INTERESTS.length]}, ${INTERESTS[(i * 7) % INTERESTS.length]}`,
        Intros: 'Yes',
      });
    }),
  ]);
  // Half a year of fortnightly rounds, everyone in a pair each time (shifted, so pairs differ).
  const past: Cell[][] = [];
  for (let r = 0; r < pastRounds; r++) {
    const round = MONDAY.minus({ weeks: 2 * (pastRounds - r) }).toISODate() as string;
    for (let i = 0; i + 1 < members; i += 2) {
      const a = ((i + r * 3) % members) + 1;
      const b = ((i + 1 + r * 5) % members) + 1;
      if (a === b) continue;
      past.push(
        row('Intros', {
          'Intro ID': `IR-${past.length + 1}`,
          Round: round,
          Members: `M-${a}, M-${b}`,
          Met: 'Yes',
          'Checked in': `M-${a}, M-${b}`,
        }),
      );
    }
  }
  sheets.setGrid('Intros', [header('Intros'), ...past]);
  // Today's daily step has run: the round is measured alone (the daily step has a bench of its own).
  sheets.setGrid('Dashboard', [
    header('Dashboard'),
    row('Dashboard', { Week: MONDAY.toISODate() as string, Updated: `${MONDAY.toISODate()} 00:05` }),
  ]);
  const settings = sheets.getGrid('Settings');
  for (const [key, value] of [
    ['Intro rounds', 'Every 2 weeks'],
    ['Intro day', 'Monday 10:00'],
  ]) {
    const at = settings.findIndex((r) => r[0] === key);
    sheets.setCell('Settings', at, 1, value as string);
  }

  const workbook = createWorkbook(store);
  const snapshot = await workbook.read(WRITER_TABS);
  const decided = await measure(async () => decideTick(snapshot, WRITER_TABS, MONDAY));
  // Slack's own pacing (posts a second apart per channel, 1.2 s between group DMs opened), on a stepped clock.
  const slackClock = steppedClock(MONDAY);
  const chat = createSlackChat({ token: new Secret(slack.token), apiUrl: slack.apiUrl, clock: slackClock });
  const writer = new Writer({
    workbook,
    chat,
    clock: clockAt(() => MONDAY),
    log: memoryLogger(),
    ids: ledgerInUse(),
  });
  // Warm, an hour before Intro day (no round yet): the IDs tab brought up, as in a running writer.
  await writer.tick(MONDAY.minus({ hours: 1 }));
  await writer.idle();
  sheets.resetStats();
  slack.calls.length = 0;
  const round = await measure(() => writer.tick(MONDAY));
  const own = { ...sheets.stats };
  await writer.idle();
  const after = await workbook.read(['Intros']);
  const made = after.table('Intros').rows.filter((r) => r.values.round === MONDAY.toISODate());
  // Pairs that met within the window (90 days) and meet again: none unless the group were too small.
  const pairsOf = (ids: string[]) =>
    ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b].sort().join('+')));
  const recent = MONDAY.minus({ days: 90 }).toISODate() as string;
  const met = new Set(
    past.filter((r) => String(r[1]) >= recent).flatMap((r) => pairsOf(String(r[2]).split(', '))),
  );
  const repeats = made
    .flatMap((r) => pairsOf(String(r.values.members).split(', ')))
    .filter((pair) => met.has(pair)).length;
  await slack.close();
  await sheets.close();
  return {
    members,
    pastRounds,
    groups: made.length,
    trios: made.filter((r) => String(r.values.members).split(', ').length === 3).length,
    decideCpuMs: decided.cpuMs,
    roundCpuMs: round.cpuMs,
    reads: own.batchGet + own.get,
    writes: own.batchUpdate,
    markWrites: sheets.stats.batchUpdate - own.batchUpdate,
    opened: slack.callsTo('conversations.open').length,
    posted: slack.callsTo('chat.postMessage').length,
    sendMinutes: slackClock.now().diff(MONDAY, 'minutes').minutes,
    repeats,
  };
}
