/**
 * Engagement levels and the drifting list, decided from snapshots: a year of synthetic activity read at several
 * dates, then each rule on its own (what counts, the weights, the ranking and its boundaries, New, Quiet, who is
 * drifting), and the daily step's part that writes Members → Engagement.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideTick } from '../workflows/decide.js';
import {
  driftingMembers,
  type Engagement,
  engagementOf,
  levelCounts,
  rankLevels,
} from '../workflows/presence/engagement.js';
import { planEngagementLevels } from '../workflows/presence/levels.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const iso = (d: DateTime) => d.toISO() as string;

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, { 'Time zone': ZONE, 'Group name': 'Leeds Hikers', ...settings });
}

const person = (n: number, name: string, over: Record<string, Cell> = {}) => ({
  'Member ID': `M-${n}`,
  Name: name,
  Email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
  'Slack ID': `U0${name.slice(0, 3).toUpperCase()}${String(n).padStart(6, '0')}`,
  Status: 'Active',
  Joined: '2025-06-01 10:00',
  ...over,
});

// ---- a year of activity --------------------------------------------------------------------------------

/** 52 walks, every Saturday of 2026 at 10:00: walk i starts on 3 January plus i weeks. */
const FIRST_WALK = at('2026-01-03T10:00');
const walks = Array.from({ length: 52 }, (_, i) => FIRST_WALK.plus({ weeks: i }));

const ADA = person(1, 'Ada Lovelace'); // every walk
const GRACE = person(2, 'Grace Hopper'); // every other walk
const HEDY = person(3, 'Hedy Lamarr'); // one walk in four
const JOAN = person(4, 'Joan Clarke'); // every walk until the end of June, then nothing
const KATH = person(5, 'Katherine Johnson', { Joined: '2026-09-15 19:00' }); // every walk once she joined
const LIN = person(6, 'Lin Ye'); // nothing
const MARY = person(7, 'Mary Jackson'); // hosts one walk in four (by name), never answers
const NELL = person(8, 'Nell Gwyn', { Status: 'Left' }); // every walk, but she has left
/** Twelve who come once every twelve weeks, each in turn: filler k comes to walk i when i % 12 === k. */
const FILLERS = Array.from({ length: 12 }, (_, k) => person(9 + k, `Filler ${k}`));

const comes: [Record<string, Cell>, (i: number) => boolean][] = [
  [ADA, () => true],
  [GRACE, (i) => i % 2 === 0],
  [HEDY, (i) => i % 4 === 0],
  [JOAN, (i) => (walks[i] as DateTime) < at('2026-07-01')],
  [KATH, (i) => (walks[i] as DateTime) > at('2026-09-15')],
  [NELL, () => true],
  ...FILLERS.map((f, k): [Record<string, Cell>, (i: number) => boolean] => [f, (i) => i % 12 === k]),
];

const YEAR = sheet({
  Members: [ADA, GRACE, HEDY, JOAN, KATH, LIN, MARY, NELL, ...FILLERS],
  Events: walks.map((starts, i) => ({
    'Event ID': `EV-${i + 1}`,
    Title: `Walk ${i + 1}`,
    Starts: iso(starts),
    Host: i % 4 === 1 ? 'Mary Jackson' : '',
    Status: 'Done',
  })),
  // Each answered Yes three days before, and ticked Attended.
  RSVPs: walks.flatMap((starts, i) =>
    comes
      .filter(([, come]) => come(i))
      .map(([m], j) => ({
        'RSVP ID': `R-${i + 1}-${j + 1}`,
        'Event ID': `EV-${i + 1}`,
        Email: m.Email as string,
        Response: 'Yes',
        Submitted: iso(starts.minus({ days: 3 })),
        Status: 'Confirmed',
        Attended: 'Yes',
      })),
  ),
});

const NAMED: Record<string, string> = {
  Ada: 'M-1',
  Grace: 'M-2',
  Hedy: 'M-3',
  Joan: 'M-4',
  Kath: 'M-5',
  Lin: 'M-6',
  Mary: 'M-7',
  Nell: 'M-8',
  'Filler 0': 'M-9',
  'Filler 2': 'M-11',
  'Filler 3': 'M-12',
  'Filler 5': 'M-14',
};

describe('a year of activity, read on several days', () => {
  // Each walk is attended (3) and kept (1): 4 points; a walk hosted is 5. Scores are worked out in the comments.
  it.each([
    [
      // Walks 0-12: Ada and Joan 13 walks (52), Grace 7 (28), Hedy 4 (16), Mary hosts 3 (15), Filler 0 two (8),
      // the other fillers one (4). 17 ranked: 1 Core (Ada and Joan tie), up to rank 5 Regular.
      '1 April',
      '2026-04-01T09:00',
      {
        Ada: 'Core 52',
        Joan: 'Core 52',
        Grace: 'Regular 28',
        Hedy: 'Regular 16',
        Mary: 'Regular 15',
        'Filler 0': 'Casual 8',
        'Filler 3': 'Casual 4',
        Kath: 'New 0', // a Joined still to come counts as new
        Lin: 'Quiet 0',
      },
    ],
    [
      // Walks 18-29: Ada 48, Joan 8 walks until 27 June (32), Grace 24, Mary 15, Hedy 12, fillers one each.
      '1 August',
      '2026-08-01T12:00',
      {
        Ada: 'Core 48',
        Joan: 'Regular 32 drifting',
        Grace: 'Regular 24',
        Mary: 'Regular 15',
        Hedy: 'Regular 12',
        'Filler 5': 'Casual 4',
        Lin: 'Quiet 0',
      },
    ],
    [
      // Walks 26-38: Ada 52, Grace 28, Mary 15, Hedy 12, Filler 2 twice (8), the rest once; Joan nothing since
      // June; Kath joined on 15 September.
      '1 October',
      '2026-10-01T08:00',
      {
        Ada: 'Core 52',
        Grace: 'Regular 28',
        Mary: 'Regular 15',
        Hedy: 'Regular 12',
        'Filler 2': 'Regular 8',
        'Filler 0': 'Casual 4',
        Joan: 'Quiet 0',
        Kath: 'New 8',
      },
    ],
    [
      // Walks 39-51: Ada and Kath 52 (no longer new), Grace 24, Mary 15, Hedy 12, Filler 3 twice (8).
      '31 December',
      '2026-12-31T23:59',
      {
        Ada: 'Core 52',
        Kath: 'Core 52',
        Grace: 'Regular 24',
        Mary: 'Regular 15',
        Hedy: 'Regular 12',
        'Filler 3': 'Casual 8',
        Joan: 'Quiet 0',
        Lin: 'Quiet 0',
      },
    ],
  ])('%s', (_day, when, expected) => {
    const engagement = engagementOf(YEAR, at(when));
    const seen = Object.fromEntries(
      Object.keys(expected).map((name) => {
        const e = engagement.get(NAMED[name] as string) as Engagement;
        return [name, `${e.level} ${e.score}${e.drifting ? ' drifting' : ''}`];
      }),
    );
    expect(seen).toEqual(expected);
    // Nell has left: no level at all.
    expect(engagement.has('M-8')).toBe(false);
    // The 10% and 25% are of those ranked (not New, not Quiet), ties going up.
    const counts = levelCounts(engagement);
    expect(counts.New + counts.Quiet + counts.Core + counts.Regular + counts.Casual).toBe(19);
  });

  it('the drifting list on 1 August is Joan, with her last walk', () => {
    const drifting = driftingMembers(YEAR, at('2026-08-01T12:00'));
    expect(drifting.map((d) => [d.member.name, d.engagement.lastActivity?.toISODate()])).toEqual([
      ['Joan Clarke', '2026-06-27'],
    ]);
  });

  it.each([
    // Her last walk was on 27 June at 10:00: a full 28 days have gone by at the start of 26 July.
    ['2026-07-25T23:00', []],
    ['2026-07-26T00:30', ['Joan Clarke']],
    // By 26 September nothing of hers is in the 90 days: Quiet, off the list. In a group this small the twelve
    // who come once a quarter tie at 4 and all rank Regular (ties go up): those whose walk was more than 28
    // days ago (walks 27 to 33) are drifting; Filler 2 has answered for walk 38 since.
    ['2026-09-26T10:00', [3, 4, 5, 6, 7, 8, 9].map((k) => `Filler ${k}`)],
  ])('drifting on %s', (when, names) => {
    expect(driftingMembers(YEAR, at(when)).map((d) => d.member.name)).toEqual(names);
  });

  it('counts each activity over the 90 days before the day, not the day itself', () => {
    // 4 April is walk 13: on that day it does not count yet, and walk 0 (3 January) is out of the 90 days.
    expect(engagementOf(YEAR, at('2026-04-04T18:00')).get('M-1')?.counts.attended).toBe(12);
    // The next day, walks 1 to 13.
    expect(engagementOf(YEAR, at('2026-04-05T08:00')).get('M-1')?.score).toBe(52);
    expect(engagementOf(YEAR, at('2026-04-05T08:00')).get('M-1')?.counts).toEqual({
      attended: 13,
      kept: 13,
      hosted: 0,
      greeted: 0,
      met: 0,
      answered: 0,
      volunteered: 0,
    });
  });
});

// ---- each rule ----------------------------------------------------------------------------------------

/** Tuesday 8 December 2026, 18:00: the window is 9 September to 7 December. */
const NOW = at('2026-12-08T18:00');
const daysAgo = (days: number) => iso(NOW.startOf('day').minus({ days }).set({ hour: 19 }));
const OLIVE = person(1, 'Olive Dennis');
const PAT = person(2, 'Pat Bath');
const walk = (n: number, days: number, over: Record<string, Cell> = {}) => ({
  'Event ID': `EV-${n}`,
  Title: `Walk ${n}`,
  Starts: daysAgo(days),
  Status: 'Done',
  ...over,
});
const rsvp = (n: number, eventN: number, over: Record<string, Cell> = {}) => ({
  'RSVP ID': `R-${n}`,
  'Event ID': `EV-${eventN}`,
  Email: 'olive.dennis@example.org',
  Response: 'Yes',
  Status: 'Confirmed',
  ...over,
});

const countsOf = (snapshot: Snapshot, id = 'M-1') => {
  const counts: Record<string, number> = engagementOf(snapshot, NOW).get(id)?.counts ?? {};
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
};

describe('what counts', () => {
  it.each<[string, Partial<Record<TabName, Rows>>, Record<string, number>]>([
    [
      'attended and kept',
      { Events: [walk(1, 10)], RSVPs: [rsvp(1, 1, { Attended: 'Yes' })] },
      { attended: 1, kept: 1 },
    ],
    ['a no-show: neither', { Events: [walk(1, 10)], RSVPs: [rsvp(1, 1, { Attended: 'No' })] }, {}],
    [
      'said they could not come: kept',
      { Events: [walk(1, 10)], RSVPs: [rsvp(1, 1, { Response: 'No', Status: 'Declined' })] },
      { kept: 1 },
    ],
    [
      'cancelled their seat: kept',
      { Events: [walk(1, 10)], RSVPs: [rsvp(1, 1, { Status: 'Cancelled' })] },
      { kept: 1 },
    ],
    [
      'an RSVP by Slack ID, without an email',
      {
        Events: [walk(1, 10)],
        RSVPs: [rsvp(1, 1, { Email: '', 'Slack ID': OLIVE['Slack ID'], Attended: 'Yes' })],
      },
      { attended: 1, kept: 1 },
    ],
    [
      'the same walk twice (a row copied by hand): once',
      {
        Events: [walk(1, 10)],
        RSVPs: [
          rsvp(1, 1, { Attended: 'Yes' }),
          rsvp(2, 1, { Attended: 'Yes', Email: 'OLIVE.Dennis@example.org' }),
        ],
      },
      { attended: 1, kept: 1 },
    ],
    [
      'a walk of 91 days ago, and one today: neither',
      {
        Events: [walk(1, 91), walk(2, 0)],
        RSVPs: [rsvp(1, 1, { Attended: 'Yes' }), rsvp(2, 2, { Attended: 'Yes' })],
      },
      {},
    ],
    [
      'a walk of 90 days ago',
      { Events: [walk(1, 90)], RSVPs: [rsvp(1, 1, { Attended: 'Yes' })] },
      { attended: 1, kept: 1 },
    ],
    [
      'a cancelled walk',
      { Events: [walk(1, 10, { Status: 'Cancelled' })], RSVPs: [rsvp(1, 1, { Attended: 'Yes' })] },
      {},
    ],
    ['hosted, by Slack ID', { Events: [walk(1, 10, { Host: OLIVE['Slack ID'] })] }, { hosted: 1 }],
    ['hosted, by a mention', { Events: [walk(1, 10, { Host: `<@${OLIVE['Slack ID']}>` })] }, { hosted: 1 }],
    ['hosted, by name', { Events: [walk(1, 10, { Host: ' olive DENNIS ' })] }, { hosted: 1 }],
    ['hosted, with a co-host', { Events: [walk(1, 10, { Host: 'Pat Bath & Olive Dennis' })] }, { hosted: 1 }],
    [
      'hosted, a cancelled walk',
      { Events: [walk(1, 10, { Host: 'Olive Dennis', Status: 'Cancelled' })] },
      {},
    ],
    ['hosted by someone else', { Events: [walk(1, 10, { Host: 'Olive' })] }, {}],
    [
      'greeted a newcomer',
      { Members: [OLIVE, person(3, 'New Comer', { Joined: daysAgo(10), Greeter: OLIVE['Slack ID'] })] },
      { greeted: 1 },
    ],
    [
      'greeted someone who joined before the 90 days',
      { Members: [OLIVE, person(3, 'New Comer', { Joined: daysAgo(100), Greeter: OLIVE['Slack ID'] })] },
      {},
    ],
    [
      'met in an intro',
      { Intros: [{ 'Intro ID': 'IR-1', Round: '2026-11-30', Members: 'M-2, M-1', Met: 'Yes' }] },
      { met: 1 },
    ],
    [
      'an intro that did not meet',
      { Intros: [{ 'Intro ID': 'IR-1', Round: '2026-11-30', Members: 'M-1, M-2', Met: 'No' }] },
      {},
    ],
    [
      'an intro before the 90 days',
      { Intros: [{ 'Intro ID': 'IR-1', Round: '2026-08-31', Members: 'M-1, M-2', Met: 'Yes' }] },
      {},
    ],
    [
      'answered a question',
      {
        Questions: [
          { 'Question ID': 'Q-1', Channel: '#help', Asked: daysAgo(5), 'Answered by': OLIVE['Slack ID'] },
        ],
      },
      { answered: 1 },
    ],
    [
      'answered a question asked before the 90 days',
      {
        Questions: [
          { 'Question ID': 'Q-1', Channel: '#help', Asked: daysAgo(95), 'Answered by': OLIVE['Slack ID'] },
        ],
      },
      {},
    ],
  ])('%s', (_case, tabs, expected) => {
    const snapshot = sheet({ Members: [OLIVE, PAT], ...tabs });
    expect(countsOf(snapshot)).toEqual(expected);
  });

  it('an RSVP an organizer deleted no longer counts', () => {
    const rows = [rsvp(1, 1, { Attended: 'Yes' }), rsvp(2, 2, { Attended: 'Yes' })];
    const before = sheet({ Members: [OLIVE], Events: [walk(1, 10), walk(2, 20)], RSVPs: rows });
    const after = sheet({ Members: [OLIVE], Events: [walk(1, 10), walk(2, 20)], RSVPs: rows.slice(1) });
    expect(countsOf(before)).toEqual({ attended: 2, kept: 2 });
    expect(countsOf(after)).toEqual({ attended: 1, kept: 1 });
  });
});

describe('weights from Settings', () => {
  const busy = {
    Members: [OLIVE, PAT],
    Events: [walk(1, 10, { Host: 'Olive Dennis' }), walk(2, 20)],
    RSVPs: [rsvp(1, 1, { Attended: 'Yes' }), rsvp(2, 2, { Attended: 'Yes' })],
    Intros: [{ 'Intro ID': 'IR-1', Round: '2026-11-30', Members: 'M-1, M-2', Met: 'Yes' }],
  };
  it.each([
    // 2 attended, 2 kept, 1 hosted, 1 met.
    ['the defaults', '', 3 * 2 + 2 + 5 + 2],
    ['attended 1, hosted 10: the rest keep their defaults', 'attended 1, hosted 10', 2 + 2 + 10 + 2],
    ['a 0 leaves an activity out', 'attended 0, kept 0, hosted 0', 2],
    ['halves', 'met 0.5, attended 0.1, kept 0.2', 0.2 + 0.4 + 5 + 0.5],
  ])('%s', (_case, weights, score) => {
    const snapshot = sheet(busy, weights ? { 'Engagement weights': weights } : {});
    expect(engagementOf(snapshot, NOW).get('M-1')?.score).toBeCloseTo(score, 9);
  });

  it('every weight 0: nobody is Core, and nobody who did something is Quiet', () => {
    const snapshot = sheet(busy, {
      'Engagement weights': 'attended 0, kept 0, hosted 0, greeted 0, met 0, answered 0',
    });
    const levels = [...engagementOf(snapshot, NOW).values()].map((e) => e.level);
    expect(levels).toEqual(['Casual', 'Casual']);
  });
});

describe('levels', () => {
  const descending = (n: number) => Array.from({ length: n }, (_, i) => n - i);
  const tally = (levels: string[]) => {
    const t: Record<string, number> = {};
    for (const l of levels) t[l] = (t[l] ?? 0) + 1;
    return t;
  };
  it.each([
    ['one person', [7], { Core: 1 }],
    ['three: Core is at least one', descending(3), { Core: 1, Casual: 2 }],
    ['10: 1 Core, top 35% is 3', descending(10), { Core: 1, Regular: 2, Casual: 7 }],
    ['19: 1 Core, top 35% is 6', descending(19), { Core: 1, Regular: 5, Casual: 13 }],
    ['20: 2 Core, 5 Regular', descending(20), { Core: 2, Regular: 5, Casual: 13 }],
    ['100: 10 Core, 25 Regular', descending(100), { Core: 10, Regular: 25, Casual: 65 }],
    [
      'a tie across the Core line goes up',
      [9, 9, 5, 4, 3, 2, 1, 1, 1, 1],
      { Core: 2, Regular: 1, Casual: 7 },
    ],
    [
      'a tie across the Regular line goes up',
      [9, 5, 4, 4, 4, 2, 1, 1, 1, 1],
      { Core: 1, Regular: 4, Casual: 5 },
    ],
    ['everyone tied: everyone Core', [3, 3, 3, 3], { Core: 4 }],
    ['a score of 0 is Casual whatever its rank', [0, 0, 0], { Casual: 3 }],
  ])('%s', (_case, scores, expected) => {
    expect(tally(rankLevels(scores))).toEqual(expected);
  });

  it('keeps the order it was given', () => {
    expect(rankLevels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([
      'Casual',
      'Casual',
      'Casual',
      'Casual',
      'Casual',
      'Casual',
      'Casual',
      'Regular',
      'Regular',
      'Core',
    ]);
  });

  it.each([
    ['joined 29 days ago, busy: New', daysAgo(29), 'New'],
    ['joined 30 days ago: New', daysAgo(30).replace('T19', 'T00'), 'New'],
    ['joined 31 days ago: ranked', daysAgo(31), 'Core'],
  ])('%s', (_case, joined, level) => {
    const snapshot = sheet({
      Members: [{ ...OLIVE, Joined: joined }],
      Events: [walk(1, 10)],
      RSVPs: [rsvp(1, 1, { Attended: 'Yes' })],
    });
    expect(engagementOf(snapshot, NOW).get('M-1')?.level).toBe(level);
  });

  it.each<[string, Rows, Rows, string]>([
    ['nothing at all: Quiet', [], [], 'Quiet'],
    // An answer to a walk still to come is a sign of life, though nothing counts yet.
    [
      'an RSVP for next week, sent yesterday: not Quiet',
      [walk(1, -7)],
      [rsvp(1, 1, { Submitted: daysAgo(1) })],
      'Casual',
    ],
    ['an RSVP sent 100 days ago: Quiet', [walk(1, -7)], [rsvp(1, 1, { Submitted: daysAgo(100) })], 'Quiet'],
    ['a no-show last week: not Quiet', [walk(1, 7)], [rsvp(1, 1)], 'Casual'],
  ])('%s', (_case, events, rsvps, level) => {
    const snapshot = sheet({ Members: [OLIVE, PAT], Events: events, RSVPs: rsvps });
    expect(engagementOf(snapshot, NOW).get('M-1')?.level).toBe(level);
  });

  it.each(['Pending', 'Inactive', 'Left', 'Suspended', 'Banned', 'Declined'])('%s: no level', (status) => {
    const snapshot = sheet({ Members: [{ ...OLIVE, Status: status }] });
    expect(engagementOf(snapshot, NOW).has('M-1')).toBe(false);
  });
});

describe('drifting', () => {
  // Olive is Core (the only one ranked with points); Pat, Casual with a no-show, never drifts.
  it.each([
    ['last came 27 days ago', 27, false],
    ['last came 28 days ago', 28, false],
    ['last came 29 days ago', 29, true],
    ['last came 80 days ago', 80, true],
  ])('%s', (_case, days, drifting) => {
    const snapshot = sheet({
      Members: [OLIVE, PAT],
      Events: [walk(1, days), walk(2, 60)],
      RSVPs: [
        rsvp(1, 1, { Attended: 'Yes', Submitted: daysAgo(days + 2) }),
        rsvp(2, 2, { Email: 'pat.bath@example.org', Submitted: daysAgo(62) }),
      ],
    });
    expect(driftingMembers(snapshot, NOW).map((d) => d.member.memberId)).toEqual(drifting ? ['M-1'] : []);
  });

  it('an RSVP answered since stops it', () => {
    const snapshot = sheet({
      Members: [OLIVE],
      Events: [walk(1, 40), walk(2, -10)],
      RSVPs: [rsvp(1, 1, { Attended: 'Yes' }), rsvp(2, 2, { Submitted: daysAgo(3) })],
    });
    expect(driftingMembers(snapshot, NOW)).toEqual([]);
  });
});

describe('the daily step writes Members → Engagement', () => {
  const snapshot = (members: Rows) =>
    sheet({ Members: members, Events: [walk(1, 10)], RSVPs: [rsvp(1, 1, { Attended: 'Yes' })] });
  const updates = (s: Snapshot) =>
    planEngagementLevels(s, NOW).changes.map((c) =>
      c.kind === 'update' ? [c.id, c.set.engagement] : c.kind,
    );

  it('only where it changes; blank for members who are not Active; a level typed by hand is put back', () => {
    expect(
      updates(
        snapshot([
          { ...OLIVE, Engagement: 'Casual' },
          { ...PAT, Engagement: 'Quiet' },
          person(3, 'Sue Left', { Status: 'Left', Engagement: 'Core' }),
          person(4, 'Ann Pending', { Status: 'Pending' }),
        ]),
      ),
    ).toEqual([
      ['M-1', 'Core'],
      ['M-3', null],
    ]);
  });

  it('a word that is no level is cleared', () => {
    expect(updates(snapshot([OLIVE, { ...PAT, Engagement: 'Superstar' }]))).toEqual([
      ['M-1', 'Core'],
      ['M-2', null],
    ]);
  });

  it('runs once a day, as a part of the tick’s daily step', () => {
    const s = snapshot([OLIVE, PAT]);
    const engagement = (plan: ReturnType<typeof decideTick>) =>
      plan.changes.filter((c) => c.kind === 'update' && c.tab === 'Members' && 'engagement' in c.set).length;
    expect(engagement(decideTick(s, ['Members'], NOW))).toBe(2);
  });
});
