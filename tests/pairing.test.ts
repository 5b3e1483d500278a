import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  NEWCOMER_DAYS,
  type Pairing,
  type PairingOptions,
  type PastIntro,
  pairMembers,
} from '../workflows/connections/pairing.js';

const NOW = DateTime.fromISO('2026-12-07T10:00:00', { zone: 'Europe/Berlin' });
const WINDOW = 90;

const options = (over: Partial<PairingOptions> = {}): PairingOptions => ({
  now: NOW,
  groupSize: 2,
  noRepeatDays: WINDOW,
  seed: '2026-12-07',
  ...over,
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `M-${i + 1}`);
const member = (memberId: string, over: Partial<Candidate> = {}): Candidate => ({
  memberId,
  joined: NOW.minus({ days: 400 }),
  interests: [],
  ...over,
});
const members = (n: number) => ids(n).map((id) => member(id));

const key = (a: string, b: string) => (a < b ? `${a}+${b}` : `${b}+${a}`);

/** Every two people of each group. */
function pairsOf(groups: readonly { members: readonly string[] }[]): [string, string][] {
  return groups.flatMap((g) =>
    g.members.flatMap((a, i) => g.members.slice(i + 1).map((b) => [a, b] as [string, string])),
  );
}

/** Each pair's last meeting in the history, in milliseconds. */
function lastMeetings(history: readonly PastIntro[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const h of history)
    for (const [a, b] of pairsOf([h]))
      last.set(key(a, b), Math.max(h.at.toMillis(), last.get(key(a, b)) ?? -Infinity));
  return last;
}

/** The pairs of `pairing` that met within the window before `now`, with when. */
function repeats(pairing: Pairing, history: readonly PastIntro[], now: DateTime): Map<string, number> {
  const last = lastMeetings(history);
  const since = now.minus({ days: WINDOW }).toMillis();
  const out = new Map<string, number>();
  for (const [a, b] of pairsOf(pairing.groups)) {
    const at = last.get(key(a, b));
    if (at !== undefined && at > since) out.set(key(a, b), at);
  }
  return out;
}

const relaxedOf = (pairing: Pairing) =>
  new Map(pairing.relaxed.map((r) => [key(...r.members), r.lastMet.toMillis()] as const));

const sizesOf = (pairing: Pairing) => pairing.groups.map((g) => g.members.length).sort((a, b) => b - a);

/** Everyone given is in exactly one group, or unpaired. */
function expectEveryoneOnce(pairing: Pairing, given: readonly string[]): void {
  const placed = [...pairing.groups.flatMap((g) => g.members), ...pairing.unpaired];
  expect([...placed].sort()).toEqual([...new Set(given)].sort());
}

/** Whether the people could be split into groups of `sizes` with no two who met recently together. */
function repeatFree(people: readonly string[], sizes: readonly number[], met: ReadonlySet<string>): boolean {
  const left = new Map<number, number>();
  for (const s of sizes) left.set(s, (left.get(s) ?? 0) + 1);
  const free = new Set(people);
  const fits = (group: readonly string[], b: string) => group.every((a) => !met.has(key(a, b)));
  const grow = (group: string[], size: number): boolean => {
    if (group.length === size) return place();
    const after = people.indexOf(group[group.length - 1] as string);
    for (const b of people.slice(after + 1)) {
      if (!free.has(b) || !fits(group, b)) continue;
      free.delete(b);
      const done = grow([...group, b], size);
      free.add(b);
      if (done) return true;
    }
    return false;
  };
  const place = (): boolean => {
    const first = people.find((p) => free.has(p));
    if (first === undefined) return true;
    free.delete(first);
    let done = false;
    for (const [size, count] of left) {
      if (count === 0 || done) continue;
      left.set(size, count - 1);
      done = grow([first], size);
      left.set(size, count);
    }
    free.add(first);
    return done;
  };
  return place();
}

/** Every way to split `people` into groups of `sizes`. */
function groupings(people: readonly string[], sizes: readonly number[]): string[][][] {
  if (people.length === 0) return [[]];
  const [first, ...rest] = people as [string, ...string[]];
  const out: string[][][] = [];
  for (const size of new Set(sizes)) {
    const others = [...sizes];
    others.splice(others.indexOf(size), 1);
    const choose = (from: number, group: string[]) => {
      if (group.length === size) {
        const remaining = rest.filter((p) => !group.includes(p));
        for (const tail of groupings(remaining, others)) out.push([group, ...tail]);
        return;
      }
      for (let i = from; i < rest.length; i++) choose(i + 1, [...group, rest[i] as string]);
    };
    choose(0, [first]);
  }
  return out;
}

/** A grouping's repeats, most recent first: comparing two, the first older one wins, then the shorter list. */
function recency(groups: readonly string[][], last: ReadonlyMap<string, number>, since: number): number[] {
  return pairsOf(groups.map((g) => ({ members: g })))
    .map(([a, b]) => last.get(key(a, b)) ?? -Infinity)
    .filter((at) => at > since)
    .sort((a, b) => b - a);
}

function compareRecency(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

interface Round {
  now: DateTime;
  candidates: string[];
  pairing: Pairing;
  /** The history it was given. */
  history: PastIntro[];
}

/** Rounds 14 days apart, each round's groups fed back as history; `away` says who is paused in which round. */
function simulate(
  people: readonly Candidate[],
  rounds: number,
  groupSize: 2 | 3,
  away: (round: number, memberId: string) => boolean = () => false,
): Round[] {
  const history: PastIntro[] = [];
  const out: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    const now = NOW.plus({ days: 14 * r });
    const candidates = people.filter((c) => !away(r, c.memberId));
    const pairing = pairMembers(
      candidates,
      history,
      options({ now, groupSize, seed: now.toISODate() as string }),
    );
    out.push({ now, candidates: candidates.map((c) => c.memberId), pairing, history: [...history] });
    history.push(...pairing.groups.map((g) => ({ members: g.members, at: now })));
  }
  return out;
}

/** Everyone grouped once; exactly the repeats made are reported; a repeat only when none could be avoided. */
function expectHonestRound({
  now,
  candidates,
  pairing,
  history,
}: Omit<Round, 'candidates'> & { candidates: readonly string[] }): void {
  expectEveryoneOnce(pairing, candidates);
  const made = repeats(pairing, history, now);
  expect(relaxedOf(pairing)).toEqual(made);
  const since = now.minus({ days: WINDOW }).toMillis();
  const met = new Set([...lastMeetings(history)].filter(([, at]) => at > since).map(([k]) => k));
  if (candidates.length >= 2) expect(made.size === 0).toBe(repeatFree(candidates, sizesOf(pairing), met));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('no pair meets again within the window', () => {
  describe.each([2, 3] as const)('groups of %i', (groupSize) => {
    it.each(range(2, 40))('%i members, 12 rounds 14 days apart, a 90-day window', (n) => {
      for (const round of simulate(members(n), 12, groupSize)) expectHonestRound(round);
    });
  });

  it.each([
    [2, 'a member paused for rounds 4 to 6', (r: number, id: string) => id === 'M-3' && r >= 3 && r <= 5],
    [3, 'a member paused for rounds 4 to 6', (r: number, id: string) => id === 'M-3' && r >= 3 && r <= 5],
    [
      2,
      'two members paused at different times',
      (r: number, id: string) => (id === 'M-1' && r >= 2 && r <= 4) || (id === 'M-9' && r >= 5 && r <= 8),
    ],
    [
      3,
      'a member paused from round 2 on and back for the last',
      (r: number, id: string) => id === 'M-7' && r >= 1 && r <= 10,
    ],
  ])('groups of %i, %s: not a candidate while paused, never repeated when back', (groupSize, _name, away) => {
    const rounds = simulate(members(24), 12, groupSize as 2 | 3, away);
    rounds.forEach((round, r) => {
      const paused = ids(24).filter((id) => away(r, id));
      expect(round.pairing.groups.flatMap((g) => g.members).filter((id) => paused.includes(id))).toEqual([]);
      expectHonestRound(round);
      expect(round.pairing.relaxed).toEqual([]);
    });
  });
});

describe('everyone is in a group', () => {
  it.each([
    [2, 2, [2]],
    [2, 3, [3]],
    [2, 4, [2, 2]],
    [2, 5, [3, 2]],
    [2, 7, [3, 2, 2]],
    [2, 9, [3, 2, 2, 2]],
    [3, 2, [2]],
    [3, 3, [3]],
    [3, 4, [2, 2]],
    [3, 5, [3, 2]],
    [3, 6, [3, 3]],
    [3, 7, [3, 2, 2]],
    [3, 8, [3, 3, 2]],
    [3, 10, [3, 3, 2, 2]],
    [3, 11, [3, 3, 3, 2]],
    [3, 13, [3, 3, 3, 2, 2]],
  ])('groups of %i, %i candidates: %j', (groupSize, n, sizes) => {
    const pairing = pairMembers(members(n), [], options({ groupSize: groupSize as 2 | 3 }));
    expectEveryoneOnce(pairing, ids(n));
    expect(sizesOf(pairing)).toEqual(sizes);
    expect(pairing.unpaired).toEqual([]);
  });

  it.each([
    ['no candidates', 0, { groups: [], relaxed: [], unpaired: [] }],
    ['one candidate, unpaired', 1, { groups: [], relaxed: [], unpaired: ['M-1'] }],
    [
      'two candidates, a pair',
      2,
      { groups: [{ members: ['M-1', 'M-2'], sharedInterests: [] }], relaxed: [], unpaired: [] },
    ],
  ])('%s', (_name, n, expected) => {
    for (const groupSize of [2, 3] as const)
      expect(pairMembers(members(n), [], options({ groupSize }))).toEqual(expected);
  });

  it('two candidates who met last week are still a pair, reported', () => {
    const lastWeek = NOW.minus({ days: 7 });
    const pairing = pairMembers(members(2), [{ members: ['M-2', 'M-1'], at: lastWeek }], options());
    expect(pairing.groups.map((g) => g.members)).toEqual([['M-1', 'M-2']]);
    expect(pairing.relaxed).toEqual([{ members: ['M-1', 'M-2'], lastMet: lastWeek }]);
  });

  it('a candidate given twice is grouped once', () => {
    const pairing = pairMembers([...members(3), member('M-2')], [], options());
    expectEveryoneOnce(pairing, ids(3));
    expect(sizesOf(pairing)).toEqual([3]);
  });

  it.each([2, 3] as const)(
    'random rounds with groups of %i: everyone exactly once, repeats reported',
    (groupSize) => {
      // A small LCG: the property holds for any input, these are just many of them, the same every run.
      let state = 20261207 + groupSize;
      const random = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
      for (let trial = 0; trial < 200; trial++) {
        const pool = ids(1 + Math.floor(random() * 60));
        const candidates = pool
          .filter(() => random() < 0.5)
          .map((id) =>
            member(id, {
              joined: random() < 0.2 ? undefined : NOW.minus({ days: Math.floor(random() * 60) }),
              interests: ['Chess', 'chess ', 'hiking', 'Go', 'Running', ''].filter(() => random() < 0.3),
            }),
          );
        const history = Array.from({ length: Math.floor(random() * 40) }, () => ({
          members: Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(pool)),
          at: NOW.minus({ days: Math.floor(random() * 200) }),
        }));
        const pairing = pairMembers(candidates, history, options({ groupSize, seed: `trial ${trial}` }));
        const given = candidates.map((c) => c.memberId);
        expectHonestRound({ now: NOW, candidates: given, pairing, history });
        expect(pairing.unpaired).toEqual(given.length === 1 ? given : []);
        // Pairs with one trio for an odd count, or trios with a pair or two: 2 for a remainder of 1, 1 for 2.
        const count = (size: number) => pairing.groups.filter((g) => g.members.length === size).length;
        const n = given.length;
        if (n >= 2 && groupSize === 2) expect([count(3), count(2)]).toEqual([n % 2, (n - 3 * (n % 2)) / 2]);
        if (n >= 2 && groupSize === 3) expect(count(2)).toBe([0, 2, 1][n % 3]);
        expect(count(2) * 2 + count(3) * 3).toBe(n < 2 ? 0 : n);
      }
    },
  );
});

describe('a window that must be relaxed', () => {
  const at = (daysAgo: number) => NOW.minus({ days: daysAgo });

  const met = (who: string, daysAgo: number) => ({ members: who.split(' '), at: at(daysAgo) });

  it.each([
    ['a way without a repeat is taken', [met('M-1 M-2', 14), met('M-3 M-4', 28), met('M-1 M-3', 28)], []],
    [
      'all have met: the pairs that met longest ago meet again',
      [
        met('M-1 M-2', 14),
        met('M-3 M-4', 14),
        met('M-1 M-3', 28),
        met('M-2 M-4', 28),
        met('M-1 M-4', 42),
        met('M-2 M-3', 42),
      ],
      [met('M-1 M-4', 42), met('M-2 M-3', 42)],
    ],
    [
      'of the same age, as few as can be',
      [met('M-1 M-2', 14), met('M-3 M-4', 14), met('M-1 M-3', 42), met('M-2 M-4', 42), met('M-1 M-4', 42)],
      [met('M-1 M-4', 42)],
    ],
    [
      'an older meeting rather than a more recent one',
      [met('M-1 M-2', 14), met('M-3 M-4', 28), met('M-1 M-3', 28), met('M-1 M-4', 60)],
      [met('M-1 M-4', 60)],
    ],
  ])('four members in pairs, %s', (_name, history, expected) => {
    const pairing = pairMembers(members(4), history, options());
    expect(pairing.groups.map((g) => g.members)).toEqual([
      ['M-1', 'M-4'],
      ['M-2', 'M-3'],
    ]);
    expect(pairing.relaxed).toEqual(expected.map((m) => ({ members: m.members, lastMet: m.at })));
  });

  it('a meeting outside the window is no repeat', () => {
    const history = [{ members: ['M-1', 'M-2', 'M-3'], at: at(WINDOW) }];
    expect(pairMembers(members(3), history, options()).relaxed).toEqual([]);
    const inside = [{ members: ['M-1', 'M-2', 'M-3'], at: at(WINDOW - 1) }];
    expect(pairMembers(members(3), inside, options()).relaxed).toHaveLength(3);
  });

  // Up to the largest round where 12 rounds (6 inside the window) cannot avoid a repeat.
  describe.each([
    [2, 7],
    [3, 8],
  ] as const)('groups of %i', (groupSize, most) => {
    it.each(range(3, most))(
      '%i members over 12 rounds: everyone grouped, the repeats reported, the oldest meetings chosen',
      (n) => {
        const rounds = simulate(members(n), 12, groupSize);
        expect(rounds.some((r) => r.pairing.relaxed.length > 0)).toBe(true);
        for (const round of rounds) {
          expectHonestRound(round);
          const last = lastMeetings(round.history);
          const since = round.now.minus({ days: WINDOW }).toMillis();
          const best = groupings(round.candidates, sizesOf(round.pairing))
            .map((g) => recency(g, last, since))
            .sort(compareRecency)[0];
          const chosen = recency(
            round.pairing.groups.map((g) => g.members),
            last,
            since,
          );
          expect(chosen).toEqual(best);
        }
      },
    );
  });
});

describe('newcomers meet long-standing members', () => {
  const newcomer = (id: string, daysAgo = 5) => member(id, { joined: NOW.minus({ days: daysAgo }) });
  const veteran = (id: string) => member(id);
  /** The members of groups made of newcomers only. */
  const lonely = (pairing: Pairing, people: readonly Candidate[]) => {
    const isNew = new Set(
      people
        .filter((c) => c.joined && NOW.diff(c.joined, 'days').days < NEWCOMER_DAYS)
        .map((c) => c.memberId),
    );
    return pairing.groups.filter((g) => g.members.every((id) => isNew.has(id))).flatMap((g) => g.members);
  };

  it.each([
    [2, 'four newcomers, four long-standing', 'NNNNVVVV', 0],
    [2, 'long-standing members first in Member ID order', 'VVVNNN', 0],
    [2, 'more newcomers than long-standing: as many as can be', 'NNNNNNVV', 4],
    [3, 'trios: one long-standing member each', 'NNNNVV', 0],
    [3, 'trios with a pair', 'NNNNNVVV', 0],
    [2, 'an odd one out', 'NNNVV', 0],
    [2, 'a large round', `${'N'.repeat(40)}${'V'.repeat(61)}`, 0],
    [3, 'a large round in trios', `${'V'.repeat(50)}${'N'.repeat(50)}`, 0],
  ])('groups of %i, %s', (groupSize, _name, pattern, onlyNewcomers) => {
    const people = [...pattern].map((c, i) => (c === 'N' ? newcomer(`M-${i + 1}`) : veteran(`M-${i + 1}`)));
    for (const seed of ['a', 'b', 'c', 'd']) {
      const pairing = pairMembers(people, [], options({ groupSize: groupSize as 2 | 3, seed }));
      expect(lonely(pairing, people)).toHaveLength(onlyNewcomers);
    }
  });

  it.each([
    ['joined 29 days ago is a newcomer', 29, true],
    ['joined 31 days ago is not', 31, false],
  ])('%s', (_name, daysAgo, isNew) => {
    // Two of a kind, two long-standing: the two are kept apart only when they are newcomers.
    const people = [newcomer('M-1', daysAgo), newcomer('M-2', daysAgo), veteran('M-3'), veteran('M-4')];
    const together = (seed: string) =>
      pairMembers(people, [], options({ seed })).groups.some((g) => g.members.join() === 'M-1,M-2');
    const seeds = range(1, 12).map(String);
    if (isNew) expect(seeds.filter(together)).toEqual([]);
    else expect(seeds.filter(together).length).toBeGreaterThan(0);
  });

  it('an unknown join date counts as long-standing', () => {
    const people = [
      newcomer('M-1'),
      member('M-2', { joined: undefined }),
      newcomer('M-3'),
      member('M-4', { joined: undefined }),
    ];
    for (const seed of range(1, 12).map(String)) {
      const groups = pairMembers(people, [], options({ seed })).groups.map((g) => g.members.join());
      expect(groups).not.toContain('M-1,M-3');
    }
  });

  it('a repeat is avoided before a newcomer meets a long-standing member', () => {
    const people = [newcomer('M-1'), newcomer('M-2'), veteran('M-3'), veteran('M-4')];
    const history = [
      { members: ['M-1', 'M-3'], at: NOW.minus({ days: 14 }) },
      { members: ['M-2', 'M-4'], at: NOW.minus({ days: 14 }) },
      { members: ['M-1', 'M-4'], at: NOW.minus({ days: 7 }) },
    ];
    const pairing = pairMembers(people, history, options());
    expect(pairing.groups.map((g) => g.members)).toEqual([
      ['M-1', 'M-2'],
      ['M-3', 'M-4'],
    ]);
  });
});

describe('interests', () => {
  const typed = (...interests: string[][]) => interests.map((i, k) => member(`M-${k + 1}`, { interests: i }));

  it.each([
    [
      'pairs who share an interest',
      2,
      typed(['Chess'], ['hiking'], ['chess'], ['Hiking']),
      [],
      [
        { members: ['M-1', 'M-3'], sharedInterests: ['Chess'] },
        { members: ['M-2', 'M-4'], sharedInterests: ['hiking'] },
      ],
    ],
    [
      'more shared is better',
      2,
      typed(['Go', 'Jazz'], ['go'], ['GO', 'jazz', 'Cooking'], ['hiking']),
      [],
      [
        { members: ['M-1', 'M-3'], sharedInterests: ['Go', 'Jazz'] },
        { members: ['M-2', 'M-4'], sharedInterests: [] },
      ],
    ],
    [
      'trios who share an interest, named as the first typed it',
      3,
      typed(
        ['Board games'],
        ['running'],
        ['board games', 'Running'],
        ['Running'],
        ['BOARD GAMES'],
        [' running '],
      ),
      [],
      [
        { members: ['M-1', 'M-3', 'M-5'], sharedInterests: ['Board games'] },
        { members: ['M-2', 'M-4', 'M-6'], sharedInterests: ['running'] },
      ],
    ],
    [
      'the most shared without a repeat',
      2,
      typed(['Chess', 'Go'], ['hiking'], ['chess'], ['Hiking', 'go']),
      [],
      [
        { members: ['M-1', 'M-3'], sharedInterests: ['Chess'] },
        { members: ['M-2', 'M-4'], sharedInterests: ['hiking'] },
      ],
    ],
    [
      'not at the price of a repeat',
      2,
      typed(['Chess', 'Go'], ['hiking'], ['chess'], ['Hiking', 'go']),
      [{ members: ['M-1', 'M-3'], at: NOW.minus({ days: 14 }) }],
      [
        { members: ['M-1', 'M-4'], sharedInterests: ['Go'] },
        { members: ['M-2', 'M-3'], sharedInterests: [] },
      ],
    ],
    [
      'a trio names only what all three share',
      3,
      typed(['Chess', 'Go'], ['chess'], ['Go', 'CHESS']),
      [],
      [{ members: ['M-1', 'M-2', 'M-3'], sharedInterests: ['Chess'] }],
    ],
  ])('%s', (_name, groupSize, people, history, expected) => {
    for (const seed of range(1, 8).map((k) => `seed ${k}`)) {
      expect(pairMembers(people, history, options({ groupSize: groupSize as 2 | 3, seed })).groups).toEqual(
        expected,
      );
    }
  });

  it('in a large round, most people who can share an interest do', () => {
    const topics = ['Chess', 'Go', 'Hiking', 'Jazz', 'Cooking'];
    const people = ids(200).map((id, i) => member(id, { interests: [topics[i % topics.length] as string] }));
    const pairing = pairMembers(people, [], options());
    expect(pairing.groups.every((g) => g.sharedInterests.length === 1)).toBe(true);
  });
});

describe('the seed', () => {
  const people = ids(24).map((id, i) => member(id, { interests: i % 3 === 0 ? ['Chess'] : ['Go'] }));
  const history = [
    { members: ['M-1', 'M-4'], at: NOW.minus({ days: 14 }) },
    { members: ['M-2', 'M-5', 'M-8'], at: NOW.minus({ days: 28 }) },
    { members: ['M-1', 'M-7'], at: NOW.minus({ days: 28 }) },
  ];

  it('the same inputs and seed give the same groups, whatever the order they come in', () => {
    const first = pairMembers(people, history, options());
    expect(pairMembers(people, history, options())).toEqual(first);
    expect(pairMembers([...people].reverse(), [...history].reverse(), options())).toEqual(first);
  });

  it.each([2, 3] as const)('other seeds give other groups of %i', (groupSize) => {
    const seen = new Set(
      ['2026-12-07', '2026-12-21', '2027-01-04', '2027-01-18'].map((seed) =>
        JSON.stringify(pairMembers(people, history, options({ groupSize, seed })).groups),
      ),
    );
    expect(seen.size).toBe(4);
  });
});
