/**
 * The pairing of an intro round: who meets whom. Pure: the candidates, the history of past intros and the
 * round's options in, groups out; the same inputs and seed always give the same groups, whatever order the
 * candidates come in.
 *
 * What counts, most important first:
 * 1. everyone is in exactly one group of the round's shape (`groupSizes`), nobody left out to avoid a repeat;
 * 2. no two people meet again within `noRepeatDays`. When that cannot be done, the repeats allowed are those
 *    whose last meeting is the oldest, then the fewest: a repeat weighs twice as much for each day it is more
 *    recent, so that the most recent repeat is as old as can be, then there are as few of that age as can be,
 *    then of the next;
 * 3. a newcomer (joined within NEWCOMER_DAYS) meets someone who is not one;
 * 4. more interests shared by the whole group;
 * 5. a tie-break drawn from the seed, so that another round meets in another order.
 *
 * How: up to EXHAUSTIVE_MAX candidates, every grouping is weighed. Beyond, groups are built greedily, the most
 * constrained people first (newcomers, then those with the most recent meetings), each group taking the best
 * next member among those who share its interests and a seeded sample of the others (everyone only when
 * neither gives a clean choice). Then members are swapped between two groups, or one moved from a trio to a
 * pair, while that lowers the cost: over every two groups in a small round, from the groups with a fault (a
 * repeat, newcomers only) in a large one. A round of up to ARRANGE_MAX candidates still left with a repeat is
 * searched exactly for groups without one, else for groups that allow only the oldest meetings (`arrange`).
 */
import type { DateTime } from 'luxon';

export const NEWCOMER_DAYS = 30;

export interface Candidate {
  /** e.g. `M-12`. */
  memberId: string;
  /** A newcomer when within NEWCOMER_DAYS of `now`; unknown counts as a long-standing member. */
  joined?: DateTime;
  /** As typed in Members → Interests, split on commas, trimmed. */
  interests: readonly string[];
}

/** A group of the Intros tab: its members and its round's date. */
export interface PastIntro {
  members: readonly string[];
  at: DateTime;
}

export interface PairingOptions {
  now: DateTime;
  groupSize: 2 | 3;
  /** Two people do not meet again within this many days, unless impossible. */
  noRepeatDays: number;
  /** The round's ID (e.g. `2026-12-07`): same inputs, same groups. */
  seed: string;
}

export interface IntroGroup {
  members: string[];
  /** The interests shared by everyone in the group, as the group's first member typed them. */
  sharedInterests: string[];
}

export interface Pairing {
  groups: IntroGroup[];
  /** Pairs put together again inside the window because no other way existed; empty when none. */
  relaxed: { members: [string, string]; lastMet: DateTime }[];
  /** Candidates in no group (only when there is a single candidate). */
  unpaired: string[];
}

/** Up to this many candidates, every grouping is weighed (at most 17,325 of them). */
const EXHAUSTIVE_MAX = 12;
/** Up to this many candidates, a round the greedy start leaves with a repeat is searched exactly (in a budget). */
const ARRANGE_MAX = 100;
/** The exact search's work for each limit on the meetings it allows: steps × candidates² (some 20 ms). */
const ARRANGE_WORK = 20_000_000;
/** Up to this many groups, swaps are tried between every two groups; beyond, only from faulty groups. */
const FULL_SEARCH_MAX_GROUPS = 60;
/** How many passes of swaps at most. */
const MAX_PASSES = 30;
/** Random members weighed as the next member of a group before everyone is. */
const SAMPLE = 24;
/** A newcomer in a group of newcomers only outweighs any shared interests; a shared interest any tie-break. */
const NEWCOMER_WEIGHT = 1e6;
const INTEREST_WEIGHT = 1e3;
/** A repeat's weight is 2^(days more recent than the window's start), the exponent capped here. */
const MAX_EXPONENT = 1000;
const DAY_MS = 86_400_000;

/**
 * The sizes of a round's groups: pairs, with one trio for an odd count; or trios, with two pairs for a
 * remainder of 1 and one pair for a remainder of 2. Empty for 0 or 1 candidates.
 */
export function groupSizes(count: number, groupSize: 2 | 3): number[] {
  if (count < 2) return [];
  if (groupSize === 2) {
    const pairs = Math.floor(count / 2);
    return count % 2 === 0 ? Array(pairs).fill(2) : [3, ...Array(pairs - 1).fill(2)];
  }
  const trios = Math.floor(count / 3);
  switch (count % 3) {
    case 0:
      return Array(trios).fill(3);
    case 2:
      return [...Array(trios).fill(3), 2];
    default:
      return [...Array(trios - 1).fill(3), 2, 2];
  }
}

export function pairMembers(
  candidates: readonly Candidate[],
  history: readonly PastIntro[],
  options: PairingOptions,
): Pairing {
  const people = distinctSorted(candidates);
  if (people.length < 2) return { groups: [], relaxed: [], unpaired: people.map((c) => c.memberId) };
  const round = new Round(people, history, options);
  const sizes = groupSizes(people.length, options.groupSize);
  const groups = people.length <= EXHAUSTIVE_MAX ? round.exhaustive(sizes) : round.search(sizes);
  return round.describe(groups);
}

const compareIds = (() => {
  const collator = new Intl.Collator('en', { numeric: true });
  return (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
})();

/** One candidate per Member ID (the first given), in Member ID order: the input's order changes nothing. */
function distinctSorted(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of candidates) {
    if (seen.has(c.memberId)) continue;
    seen.add(c.memberId);
    out.push(c);
  }
  return out.sort((a, b) => compareIds(a.memberId, b.memberId));
}

/** A group's cost: `repeat` (the weights of its repeats) outweighs `rest` whatever their sizes. */
interface Cost {
  repeat: number;
  rest: number;
  /** Members in a group of newcomers only. */
  lonely: number;
}

function lower(a: Cost, b: Cost): boolean {
  return lowerCost(a.repeat, a.rest, b.repeat, b.rest);
}

function lowerCost(repeat: number, rest: number, thanRepeat: number, thanRest: number): boolean {
  if (repeat !== thanRepeat) {
    const tolerance = 1e-9 * Math.max(repeat, thanRepeat);
    if (repeat < thanRepeat - tolerance) return true;
    if (repeat > thanRepeat + tolerance) return false;
  }
  return rest < thanRest - 1e-9;
}

const ZERO: Cost = { repeat: 0, rest: 0, lonely: 0 };

function add(a: Cost, b: Cost): Cost {
  return { repeat: a.repeat + b.repeat, rest: a.rest + b.rest, lonely: a.lonely + b.lonely };
}

/** Sorted intersection. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h, 0x5bd1e995);
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG, [0, 1). */
function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const normalize = (interest: string) => interest.trim().replace(/\s+/g, ' ').toLowerCase();

/** One round's people (by index, in Member ID order) and what is known of them. */
class Round {
  private readonly ids: string[];
  private readonly newcomer: Uint8Array;
  /** Interest numbers, sorted. */
  private readonly interests: number[][];
  /** Each person's interests as typed, first spelling of each. */
  private readonly typed: Map<number, string>[];
  /** Per person: partner → the history entry of their last meeting inside the window. */
  private readonly recent: Map<number, number>[];
  /** Per history entry inside the window: a repeat's weight. */
  private readonly weight: Float64Array;
  /** Per history entry inside the window: its time, in milliseconds. */
  private readonly when: Float64Array;
  private readonly idHash: Uint32Array;
  private readonly seedHash: number;
  private readonly random: () => number;

  constructor(
    people: readonly Candidate[],
    private readonly history: readonly PastIntro[],
    options: PairingOptions,
  ) {
    const n = people.length;
    this.ids = people.map((c) => c.memberId);
    this.seedHash = hashString(options.seed);
    this.random = prng(this.seedHash);
    this.idHash = Uint32Array.from(this.ids, hashString);

    const nowMs = options.now.toMillis();
    const newSince = nowMs - NEWCOMER_DAYS * DAY_MS;
    this.newcomer = Uint8Array.from(people, (c) =>
      c.joined?.isValid && c.joined.toMillis() > newSince ? 1 : 0,
    );

    const numbers = new Map<string, number>();
    this.typed = people.map((c) => {
      const mine = new Map<number, string>();
      for (const raw of c.interests) {
        const key = normalize(raw);
        if (key === '') continue;
        let id = numbers.get(key);
        if (id === undefined) {
          id = numbers.size;
          numbers.set(key, id);
        }
        if (!mine.has(id)) mine.set(id, raw.trim());
      }
      return mine;
    });
    this.interests = this.typed.map((mine) => [...mine.keys()].sort((a, b) => a - b));

    const index = new Map(this.ids.map((id, i) => [id, i]));
    this.recent = Array.from({ length: n }, () => new Map<number, number>());
    this.weight = new Float64Array(history.length);
    this.when = new Float64Array(history.length);
    const when = this.when;
    const windowStart = options.now.minus({ days: options.noRepeatDays }).toMillis();
    const scale = Math.min(1, MAX_EXPONENT / Math.max(1, options.noRepeatDays));
    const members: number[] = [];
    history.forEach((intro, h) => {
      const at = intro.at.toMillis();
      if (!(at > windowStart)) return; // outside the window, or an invalid date
      members.length = 0;
      for (const id of intro.members) {
        const i = index.get(id);
        if (i !== undefined && !members.includes(i)) members.push(i);
      }
      if (members.length < 2) return;
      when[h] = at;
      const days = Math.min((at - windowStart) / DAY_MS, Math.max(1, options.noRepeatDays));
      this.weight[h] = 2 ** (days * scale);
      for (const a of members) {
        const met = this.recent[a] as Map<number, number>;
        for (const b of members) {
          if (a === b) continue;
          const before = met.get(b);
          if (before === undefined || (when[before] as number) < at) met.set(b, h);
        }
      }
    });
  }

  private repeat(a: number, b: number): number {
    const h = (this.recent[a] as Map<number, number>).get(b);
    return h === undefined ? 0 : (this.weight[h] as number);
  }

  /** The seed's tie-break for two people, in [0, 1). */
  private noise(a: number, b: number): number {
    const x = this.idHash[Math.min(a, b)] as number;
    const y = this.idHash[Math.max(a, b)] as number;
    return mix(this.seedHash ^ x, y) / 4294967296;
  }

  private sharedOf(group: readonly number[]): number[] {
    let shared = this.interests[group[0] as number] as number[];
    for (let k = 1; k < group.length && shared.length > 0; k++)
      shared = intersect(shared, this.interests[group[k] as number] as number[]);
    return shared;
  }

  cost(group: readonly number[]): Cost {
    let repeat = 0;
    let noise = 0;
    let allNew = true;
    for (let i = 0; i < group.length; i++) {
      const a = group[i] as number;
      if (!this.newcomer[a]) allNew = false;
      for (let j = i + 1; j < group.length; j++) {
        const b = group[j] as number;
        repeat += this.repeat(a, b);
        noise += this.noise(a, b);
      }
    }
    const lonely = allNew ? group.length : 0;
    const rest = lonely * NEWCOMER_WEIGHT - this.sharedOf(group).length * INTEREST_WEIGHT + noise / 3;
    return { repeat, rest, lonely };
  }

  private total(groups: readonly number[][]): Cost {
    return groups.reduce((sum, g) => add(sum, this.cost(g)), ZERO);
  }

  /** Every grouping of a few people into groups of `sizes`; the cheapest. */
  exhaustive(sizes: readonly number[]): number[][] {
    const n = this.ids.length;
    const left = [0, 0, 0, 0];
    for (const s of sizes) left[s] = (left[s] as number) + 1;
    const used = new Uint8Array(n);
    const current: number[][] = [];
    let best = undefined as { groups: number[][]; cost: Cost } | undefined;

    const place = (group: number[], sum: Cost) => {
      current.push(group);
      for (const i of group) used[i] = 1;
      visit(add(sum, this.cost(group)));
      for (const i of group) used[i] = 0;
      current.pop();
    };
    const visit = (sum: Cost) => {
      if (best && sum.repeat > best.cost.repeat * (1 + 1e-9)) return; // repeats only add up
      const first = used.indexOf(0);
      if (first < 0) {
        if (!best || lower(sum, best.cost)) best = { groups: current.map((g) => [...g]), cost: sum };
        return;
      }
      used[first] = 1;
      for (const size of [2, 3]) {
        if (!left[size]) continue;
        left[size]--;
        for (let j = first + 1; j < n; j++) {
          if (used[j]) continue;
          if (size === 2) place([first, j], sum);
          else {
            used[j] = 1;
            for (let k = j + 1; k < n; k++) if (!used[k]) place([first, j, k], sum);
            used[j] = 0;
          }
        }
        left[size]++;
      }
      used[first] = 0;
    };
    visit(ZERO);
    if (!best) throw new Error('no grouping of these sizes');
    return best.groups;
  }

  /**
   * Greedy groups improved by swaps. When that leaves a repeat in a small enough round, an exact search for
   * groups that allow no meeting inside the window, then only those before the oldest meeting, the next
   * oldest…: the first found, improved by swaps, is kept if it is better.
   */
  search(sizes: readonly number[]): number[][] {
    const full = sizes.length <= FULL_SEARCH_MAX_GROUPS;
    const best = this.improved(this.greedy(sizes), full);
    if (best.cost.repeat === 0 || this.ids.length > ARRANGE_MAX) return best.groups;
    // The oldest meetings that must be allowed: the exact search at each limit, by bisection (allowing more
    // meetings never makes it harder).
    const times = new Set<number>();
    for (const met of this.recent) for (const h of met.values()) times.add(this.when[h] as number);
    const limits = [...times].sort((a, b) => a - b);
    let found = this.arrange(sizes, -Infinity);
    if (!found)
      for (let low = 0, high = limits.length - 1; low <= high; ) {
        const middle = (low + high) >> 1;
        const groups = this.arrange(sizes, limits[middle] as number);
        if (groups) {
          found = groups;
          high = middle - 1;
        } else low = middle + 1;
      }
    if (!found) return best.groups;
    const better = this.improved(found, full);
    return lower(better.cost, best.cost) ? better.groups : best.groups;
  }

  private improved(groups: number[][], full: boolean): { groups: number[][]; cost: Cost } {
    this.improve(groups, full);
    return { groups, cost: this.total(groups) };
  }

  /**
   * Groups of `sizes` in which no two met after `limit`, by depth-first search: the person with the fewest
   * possible partners first, partners in the seed's order. Undefined when there are none, or none found within
   * ARRANGE_WORK.
   */
  private arrange(sizes: readonly number[], limit: number): number[][] | undefined {
    const n = this.ids.length;
    const may = new Uint8Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const h = (this.recent[a] as Map<number, number>).get(b);
        may[a * n + b] = a !== b && (h === undefined || (this.when[h] as number) <= limit) ? 1 : 0;
      }
    const left = [0, 0, 0, 0];
    for (const s of sizes) left[s] = (left[s] as number) + 1;
    const free = new Uint8Array(n).fill(1);
    const groups: number[][] = [];
    let steps = Math.ceil(ARRANGE_WORK / (n * n));

    const partners = (a: number) => {
      const out: number[] = [];
      for (let b = 0; b < n; b++) if (free[b] && may[a * n + b]) out.push(b);
      return out;
    };
    const visit = (): boolean => {
      if (--steps < 0) return false;
      let first = -1;
      let options: number[] = [];
      for (let a = 0; a < n; a++) {
        if (!free[a]) continue;
        const mine = partners(a);
        if (first < 0 || mine.length < options.length) {
          first = a;
          options = mine;
          if (mine.length === 0) return false;
        }
      }
      if (first < 0) return true;
      const order = options.sort((x, y) => this.noise(first, y) - this.noise(first, x));
      for (const size of [3, 2]) {
        if (!left[size]) continue;
        left[size]--;
        for (let i = 0; i < order.length; i++) {
          const b = order[i] as number;
          if (size === 2) {
            if (this.tryGroup([first, b], free, groups, visit)) return true;
            continue;
          }
          for (let j = i + 1; j < order.length; j++) {
            const c = order[j] as number;
            if (may[b * n + c] && this.tryGroup([first, b, c], free, groups, visit)) return true;
          }
        }
        left[size]++;
      }
      return false;
    };
    return visit() ? groups : undefined;
  }

  /** Places `group` and searches on; takes it back if that fails. */
  private tryGroup(group: number[], free: Uint8Array, groups: number[][], visit: () => boolean): boolean {
    for (const i of group) free[i] = 0;
    groups.push(group);
    if (visit()) return true;
    groups.pop();
    for (const i of group) free[i] = 1;
    return false;
  }

  private greedy(sizes: readonly number[]): number[][] {
    const n = this.ids.length;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    // Newcomers first (they take the long-standing members), then the most recent meetings (fewest choices).
    const busy = (i: number) => (this.recent[i] as Map<number, number>).size;
    order.sort((a, b) => (this.newcomer[b] as number) - (this.newcomer[a] as number) || busy(b) - busy(a));

    // Who is still free, for sampling and removal in constant time.
    const pool = Array.from({ length: n }, (_, i) => i);
    const at = Int32Array.from(pool);
    const take = (i: number) => {
      const last = pool.pop() as number;
      if (last !== i) {
        pool[at[i] as number] = last;
        at[last] = at[i] as number;
      }
      at[i] = -1;
    };
    // Who has each interest; those taken are dropped as the lists are read.
    const holders = new Map<number, number[]>();
    this.interests.forEach((mine, i) => {
      for (const t of mine) {
        const list = holders.get(t);
        if (list) list.push(i);
        else holders.set(t, [i]);
      }
    });
    const counts = new Int32Array(n);
    const touched: number[] = [];

    const next = (group: readonly number[], shared: readonly number[]): number => {
      for (const t of shared) {
        const list = holders.get(t) as number[];
        let kept = 0;
        for (const q of list) {
          if ((at[q] as number) < 0) continue;
          list[kept++] = q;
          if (counts[q] === 0) touched.push(q);
          counts[q] = (counts[q] as number) + 1;
        }
        list.length = kept;
      }
      const onlyNew = group.every((i) => this.newcomer[i]);
      let best = -1;
      let bestRepeat = 0;
      let bestRest = 0;
      let bestLonely = 0;
      const weigh = (q: number) => {
        let repeat = 0;
        let noise = 0;
        for (const s of group) {
          repeat += this.repeat(s, q);
          noise += this.noise(s, q);
        }
        const lonely = onlyNew && this.newcomer[q] ? 1 : 0;
        const rest = lonely * NEWCOMER_WEIGHT - (counts[q] as number) * INTEREST_WEIGHT + noise / 3;
        if (best < 0 || lowerCost(repeat, rest, bestRepeat, bestRest)) {
          best = q;
          bestRepeat = repeat;
          bestRest = rest;
          bestLonely = lonely;
        }
      };
      const clean = () => best >= 0 && bestRepeat === 0 && bestLonely === 0;
      for (const q of touched) weigh(q);
      for (let k = 0; k < SAMPLE && !clean(); k++)
        weigh(pool[Math.floor(this.random() * pool.length)] as number);
      if (!clean()) for (const q of pool) weigh(q);
      for (const q of touched) counts[q] = 0;
      touched.length = 0;
      return best;
    };

    const groups: number[][] = [];
    for (const p of order) {
      if ((at[p] as number) < 0) continue;
      const size = sizes[groups.length] as number;
      const group = [p];
      take(p);
      let shared = this.interests[p] as number[];
      while (group.length < size) {
        const q = next(group, shared);
        take(q);
        group.push(q);
        shared = intersect(shared, this.interests[q] as number[]);
      }
      groups.push(group);
    }
    return groups;
  }

  /**
   * Swaps a member of one group with one of another, or moves one from a trio to a pair, while that lowers the
   * cost: between every two groups when `full`, else from each faulty group to every other.
   */
  private improve(groups: number[][], full: boolean): void {
    const costs = groups.map((g) => this.cost(g));
    const faulty = (g: number) => (costs[g] as Cost).repeat > 0 || (costs[g] as Cost).lonely > 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let improved = false;
      for (let a = 0; a < groups.length; a++) {
        if (!full && !faulty(a)) continue;
        for (let b = full ? a + 1 : 0; b < groups.length; b++) {
          if (b !== a && this.exchange(groups, costs, a, b)) improved = true;
        }
      }
      if (!improved) return;
    }
  }

  /** The best swap or move between groups `a` and `b`, made if it lowers their cost. */
  private exchange(groups: number[][], costs: Cost[], a: number, b: number): boolean {
    const A = groups[a] as number[];
    const B = groups[b] as number[];
    let best = undefined as { A: number[]; B: number[]; costA: Cost; costB: Cost; sum: Cost } | undefined;
    const before = add(costs[a] as Cost, costs[b] as Cost);
    const weigh = (nextA: number[], nextB: number[]) => {
      const costA = this.cost(nextA);
      const costB = this.cost(nextB);
      const sum = add(costA, costB);
      if (lower(sum, best ? best.sum : before)) best = { A: nextA, B: nextB, costA, costB, sum };
    };
    for (let x = 0; x < A.length; x++) {
      const withoutX = A.filter((_, k) => k !== x);
      for (let y = 0; y < B.length; y++) {
        const withoutY = B.filter((_, k) => k !== y);
        weigh([...withoutX, B[y] as number], [...withoutY, A[x] as number]);
        if (B.length === A.length + 1) weigh([...A, B[y] as number], withoutY);
      }
      if (A.length === B.length + 1) weigh(withoutX, [...B, A[x] as number]);
    }
    if (!best) return false;
    groups[a] = best.A;
    groups[b] = best.B;
    costs[a] = best.costA;
    costs[b] = best.costB;
    return true;
  }

  describe(groups: readonly number[][]): Pairing {
    const sorted = groups
      .map((g) => [...g].sort((x, y) => x - y))
      .sort((x, y) => (x[0] as number) - (y[0] as number));
    const relaxed: Pairing['relaxed'] = [];
    for (const g of sorted)
      for (let i = 0; i < g.length; i++)
        for (let j = i + 1; j < g.length; j++) {
          const a = g[i] as number;
          const b = g[j] as number;
          const h = this.recent[a]?.get(b);
          if (h === undefined) continue;
          relaxed.push({
            members: [this.ids[a] as string, this.ids[b] as string],
            lastMet: (this.history[h] as PastIntro).at,
          });
        }
    relaxed.sort((x, y) => x.lastMet.toMillis() - y.lastMet.toMillis());
    return {
      groups: sorted.map((g) => {
        const shared = new Set(this.sharedOf(g));
        const first = this.typed[g[0] as number] as Map<number, string>;
        return {
          members: g.map((i) => this.ids[i] as string),
          sharedInterests: [...first].filter(([t]) => shared.has(t)).map(([, label]) => label),
        };
      }),
      relaxed,
      unpaired: [],
    };
  }
}
