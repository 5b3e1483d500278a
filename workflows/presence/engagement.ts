/**
 * Engagement levels (README "Presence", point 2): what each Active member did in the 90 days before the start
 * of a day (the group's time zone), weighted as Settings → Engagement weights says, ranked into Core, Regular
 * and Casual, with New and Quiet apart; and who is drifting away (point 3). Pure: the sheet and `now` in, levels
 * out. Every tab is read once into indexes, so 10,000 members and 20,000 RSVPs cost one pass each.
 */
import type { DateTime } from 'luxon';
import type { RecordOf } from '../../sheets-schema/changes.js';
import {
  ENGAGEMENT_ACTIVITIES,
  type EngagementActivity,
  type EngagementWeights,
} from '../../sheets-schema/settings.js';
import { userIdsIn } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { EngagementLevel } from '../../sheets-schema/tabs/members.js';
import { introMembers, roundDate } from '../connections/intros.js';
import type { Member } from '../records.js';
import { shiftsAttended } from '../volunteers/hours.js';

/** How far back activity counts. */
export const ENGAGEMENT_DAYS = 90;
/** Joined this recently: New, whatever they did. */
export const NEW_MEMBER_DAYS = 30;
/** A Core or Regular member who did nothing for this long is drifting. */
export const DRIFTING_AFTER_DAYS = 28;
/** Core: the top 10% by score; Regular: the next 25%. */
export const CORE_PERCENT = 10;
export const REGULAR_PERCENT = 25;

export type ActivityCounts = Record<EngagementActivity, number>;

/** One Active member's engagement as of a day. */
export interface Engagement {
  level: EngagementLevel;
  /** Each count times its weight, summed. */
  score: number;
  counts: ActivityCounts;
  /** Their latest activity or RSVP answered within the 90 days; undefined when there was none. */
  lastActivity: DateTime | undefined;
  /** Core or Regular, and nothing for 28 days. */
  drifting: boolean;
}

/** The days a computation covers: [from, to) in epoch milliseconds, `to` the start of the day. */
interface Window {
  from: number;
  to: number;
}

type Row<T extends 'Intros' | 'Questions'> = { values: RecordOf<T> };

const zeroCounts = (): ActivityCounts =>
  Object.fromEntries(ENGAGEMENT_ACTIVITIES.map((a) => [a, 0])) as ActivityCounts;

/** What one member did: the counts, and the latest moment of anything (an activity or an RSVP answered). */
interface Tally {
  counts: ActivityCounts;
  last: DateTime | undefined;
}

const later = (a: DateTime | undefined, b: DateTime | undefined) =>
  !a ? b : !b ? a : a.toMillis() >= b.toMillis() ? a : b;

/** The score of some counts: each times its weight. Rounded, so that 0.1 + 0.2 ties with 0.3. */
export function scoreOf(counts: ActivityCounts, weights: EngagementWeights): number {
  const sum = ENGAGEMENT_ACTIVITIES.reduce((total, a) => total + counts[a] * weights[a], 0);
  return Math.round(sum * 1e6) / 1e6;
}

/**
 * Core, Regular or Casual for each score, highest first: Core the top 10% (at least one person), Regular the
 * next 25%, the rest Casual. A score shares the level of the first person who has it (ties go up), and a score
 * of 0 is Casual whatever its rank.
 */
export function rankLevels(scores: readonly number[]): EngagementLevel[] {
  const n = scores.length;
  const core = Math.max(1, Math.floor((n * CORE_PERCENT) / 100));
  const upToRegular = Math.max(core, Math.floor((n * (CORE_PERCENT + REGULAR_PERCENT)) / 100));
  const order = scores.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score);
  const levels: EngagementLevel[] = new Array(n);
  let rank = 0;
  order.forEach(({ score, i }, position) => {
    if (position === 0 || score !== order[position - 1]?.score) rank = position + 1;
    levels[i] = score <= 0 ? 'Casual' : rank <= core ? 'Core' : rank <= upToRegular ? 'Regular' : 'Casual';
  });
  return levels;
}

/** Finds members from what organizers type for a person: a Slack ID, a mention of it, or a name. */
interface People {
  byEmail: Map<string, string>;
  bySlack: Map<string, string>;
  /** Lower-cased names; null when two members share one (then it names nobody for sure). */
  byName: Map<string, string | null>;
}

function indexPeople(members: readonly Member[]): People {
  const people: People = { byEmail: new Map(), bySlack: new Map(), byName: new Map() };
  for (const m of members) {
    if (!m.memberId) continue;
    // Email cells are read in their one stored form (sheets-schema/emails.ts): compared as they are.
    if (m.email) people.byEmail.set(m.email, m.memberId);
    if (m.slackId) people.bySlack.set(m.slackId, m.memberId);
    const name = m.name?.trim().toLowerCase();
    if (name) people.byName.set(name, people.byName.has(name) ? null : m.memberId);
  }
  return people;
}

/**
 * The members a Host or Greeter cell names: `U0…`, `<@U0…>`, a name, or several of those separated by commas,
 * `&` or `and` (co-hosts). Each at most once.
 */
function peopleNamed(text: string | undefined, people: People): string[] {
  const found = new Set<string>();
  for (const part of (text ?? '').split(/\s*(?:[,;&]|\band\b)\s*/i)) {
    const ids = userIdsIn(part);
    const named =
      ids.length > 0
        ? ids.map((id) => people.bySlack.get(id))
        : [people.byName.get(part.trim().toLowerCase()) ?? undefined];
    for (const id of named) if (id) found.add(id);
  }
  return [...found];
}

function inWindow(at: DateTime | undefined, window: Window): at is DateTime {
  if (!at) return false;
  const ms = at.toMillis();
  return ms >= window.from && ms < window.to;
}

/** Every member's counts and latest activity in the window, from one pass over each tab. */
function tallies(snapshot: Snapshot, members: readonly Member[], window: Window): Map<string, Tally> {
  const people = indexPeople(members);
  const tally = new Map<string, Tally>();
  const of = (memberId: string) => {
    const t = tally.get(memberId) ?? { counts: zeroCounts(), last: undefined };
    tally.set(memberId, t);
    return t;
  };
  const count = (memberId: string, activity: EngagementActivity, at: DateTime) => {
    const t = of(memberId);
    t.counts[activity] += 1;
    t.last = later(t.last, at);
  };

  // Events of the window that took place (not Cancelled), and their hosts.
  const held = new Map<string, DateTime>();
  for (const { values: event } of snapshot.table('Events').rows) {
    if (!event.eventId || event.status === 'Cancelled' || !inWindow(event.starts, window)) continue;
    held.set(event.eventId, event.starts);
    for (const host of peopleNamed(event.host, people)) count(host, 'hosted', event.starts);
  }

  // RSVPs: attended and kept once per member and event; any answered in the window is a sign of life.
  const starts = new Map<string, DateTime>();
  for (const { values: event } of snapshot.table('Events').rows)
    if (event.eventId) starts.set(event.eventId, event.starts);
  const seen = new Map<string, { attended: boolean; kept: boolean }>();
  for (const { values: r } of snapshot.table('RSVPs').rows) {
    const memberId =
      (r.email ? people.byEmail.get(r.email) : undefined) ??
      (r.slackId ? people.bySlack.get(r.slackId) : undefined);
    if (!memberId) continue;
    // Answered when Submitted says, or (a row typed by hand without it) when its event started.
    const answered = r.submitted ?? starts.get(r.eventId);
    if (inWindow(answered, window)) {
      const t = of(memberId);
      t.last = later(t.last, answered);
    }
    const at = held.get(r.eventId);
    if (!at) continue;
    const key = `${memberId} ${r.eventId}`;
    const was = seen.get(key) ?? { attended: false, kept: false };
    const came = r.attended === true;
    // Kept: said Yes and came, or said in time they could not; a Yes without Attended is a no-show.
    const kept = (r.response === 'Yes' && came) || r.status === 'Declined' || r.status === 'Cancelled';
    if (came && !was.attended) count(memberId, 'attended', at);
    if (kept && !was.kept) count(memberId, 'kept', at);
    seen.set(key, { attended: was.attended || came, kept: was.kept || kept });
  }

  // Newcomers of the window their greeter welcomed.
  for (const m of members) {
    if (m.greeter && inWindow(m.joined, window))
      for (const greeter of peopleNamed(m.greeter, people))
        if (greeter !== m.memberId) count(greeter, 'greeted', m.joined);
  }

  // Intro groups of the window's rounds that met.
  const rows = (tab: 'Intros' | 'Questions') => (snapshot.has(tab) ? snapshot.table(tab).rows : []);
  // A round's rows share its date: read once each.
  const rounds = new Map<string, DateTime | undefined>();
  for (const { values: intro } of rows('Intros') as Row<'Intros'>[]) {
    if (intro.met !== 'Yes') continue;
    if (!rounds.has(intro.round)) rounds.set(intro.round, roundDate(intro.round, snapshot.timeZone));
    const round = rounds.get(intro.round);
    if (!inWindow(round, window)) continue;
    for (const memberId of new Set(introMembers(intro))) count(memberId, 'met', round);
  }

  // Shifts of the window's events that took place, by who did them (README "Volunteers").
  for (const shift of shiftsAttended(snapshot))
    if (shift.eventStatus !== 'Cancelled' && inWindow(shift.eventStarts, window))
      count(shift.memberId, 'volunteered', shift.eventStarts);

  // Questions of the window, by whoever replied first.
  for (const { values: q } of rows('Questions') as Row<'Questions'>[]) {
    if (!q.answeredBy || !inWindow(q.asked, window)) continue;
    const [slackId] = userIdsIn(q.answeredBy);
    const memberId = slackId ? people.bySlack.get(slackId) : undefined;
    if (memberId) count(memberId, 'answered', later(q.asked, q.firstReply) as DateTime);
  }
  return tally;
}

/** The start of `now`'s day in the group's zone, and the window of 90 days before it. */
function windowOf(snapshot: Snapshot, now: DateTime): { day: DateTime; window: Window } {
  const day = now.setZone(snapshot.timeZone).startOf('day');
  return { day, window: { from: day.minus({ days: ENGAGEMENT_DAYS }).toMillis(), to: day.toMillis() } };
}

// The daily step's parts (and, later, the home, the digest and the Dashboard) all ask for the same day of the
// same snapshot: worked out once. Snapshots are never changed in place (an overlay is a new one), so the memo
// cannot go stale.
const memo = new WeakMap<Snapshot, { day: number; result: Map<string, Engagement> }>();

/**
 * Each Active member's engagement as of the start of `now`'s day (group time zone), by Member ID. Members who
 * are not Active are not in it: their Engagement is blank.
 */
export function engagementOf(snapshot: Snapshot, now: DateTime): Map<string, Engagement> {
  const { day, window } = windowOf(snapshot, now);
  const cached = memo.get(snapshot);
  if (cached?.day === window.to) return cached.result;
  const members = snapshot.table('Members').rows.map((r) => r.values);
  const done = tallies(snapshot, members, window);
  const weights = snapshot.settings.engagementWeights;
  const newSince = day.minus({ days: NEW_MEMBER_DAYS }).toMillis();
  const driftingBefore = day.minus({ days: DRIFTING_AFTER_DAYS }).toMillis();

  const result = new Map<string, Engagement>();
  const ranked: { memberId: string; engagement: Engagement }[] = [];
  for (const m of members) {
    if (!m.memberId || m.status !== 'Active' || result.has(m.memberId)) continue;
    const t = done.get(m.memberId);
    const counts = t?.counts ?? zeroCounts();
    const engagement: Engagement = {
      level: 'Casual',
      score: scoreOf(counts, weights),
      counts,
      lastActivity: t?.last,
      drifting: false,
    };
    // New wins over everything; Quiet is nothing at all (whatever the weights), not even an RSVP.
    if (m.joined && m.joined.toMillis() >= newSince) engagement.level = 'New';
    else if (!t?.last) engagement.level = 'Quiet';
    else ranked.push({ memberId: m.memberId, engagement });
    result.set(m.memberId, engagement);
  }
  const levels = rankLevels(ranked.map((r) => r.engagement.score));
  ranked.forEach(({ engagement }, i) => {
    engagement.level = levels[i] as EngagementLevel;
    engagement.drifting =
      (engagement.level === 'Core' || engagement.level === 'Regular') &&
      (engagement.lastActivity?.toMillis() ?? 0) < driftingBefore;
  });
  memo.set(snapshot, { day: window.to, result });
  return result;
}

/** Core and Regular members who have done nothing for 28 days, highest score first: the leaders' list. */
export function driftingMembers(
  snapshot: Snapshot,
  now: DateTime,
): { member: Member & { memberId: string }; engagement: Engagement }[] {
  const members = snapshot.table('Members');
  return [...engagementOf(snapshot, now)]
    .filter(([, e]) => e.drifting)
    .map(([id, engagement]) => ({
      member: members.byId(id)?.values as Member & { memberId: string },
      engagement,
    }))
    .sort((a, b) => b.engagement.score - a.engagement.score);
}

/** How many Active members are at each level, and how many of them are drifting (for the digest and Dashboard). */
export function levelCounts(
  engagement: ReadonlyMap<string, Engagement>,
): Record<EngagementLevel, number> & { drifting: number } {
  const counts = { Core: 0, Regular: 0, Casual: 0, New: 0, Quiet: 0, drifting: 0 };
  for (const e of engagement.values()) {
    counts[e.level] += 1;
    if (e.drifting) counts.drifting += 1;
  }
  return counts;
}
