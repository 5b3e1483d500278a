import type { DateTime } from 'luxon';
import { normalizeEmail } from '../../sheets-schema/emails.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, type Member, planMessage } from '../records.js';

/**
 * Milestones: with Settings → Celebrate milestones, a short shout-out in the introductions channel when an
 * Active member (whose Celebrate is not No) attends their 1st, 5th or 10th event, and on their first
 * anniversary in the group. Once each, and only when reached in the last week, so switching it on (or ticking
 * Attended on old RSVPs) does not celebrate the past.
 */

/** The Outbox kind of a shout-out: To the introductions channel, About `M-1 event-5 EV-3` or `M-1 year-1`. */
export const MILESTONE_KIND = 'milestone';
export type MilestoneKind = typeof MILESTONE_KIND;

/** The events attended that are celebrated: the 1st, the 5th and the 10th. */
export const CELEBRATED_EVENTS = [1, 5, 10] as const;
/** A milestone is celebrated only this many days after it was reached. */
export const MILESTONE_WITHIN_DAYS = 7;

export type Milestone =
  | { which: `event-${(typeof CELEBRATED_EVENTS)[number]}`; count: number; eventId: string }
  | { which: 'year-1' };

/**
 * The tick's step: each milestone reached within the last week is planned once (its Outbox row is keyed
 * `milestone:<Member ID>:<which>`), due now or, in quiet hours, at their end.
 */
export function planMilestones(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const { settings } = snapshot;
  if (!settings.celebrateMilestones) return plan;
  const attended = attendedEvents(snapshot);
  const due = afterQuietHours(now, snapshot.timeZone, settings.quietHours);
  for (const { values: member } of snapshot.table('Members').rows) {
    const id = member.memberId;
    if (!id || !celebrated(member)) continue;
    for (const milestone of reached(member, attended.get(id) ?? [], snapshot.timeZone, now)) {
      const key = `milestone:${id}:${milestone.which}`;
      if (hasOutbox(snapshot, key)) continue;
      const about = [id, milestone.which, ...('eventId' in milestone ? [milestone.eventId] : [])].join(' ');
      const message = planMessage(key, {
        kind: MILESTONE_KIND,
        to: settings.introductionsChannel,
        about,
        due,
      });
      plan.changes.push(message.change);
      if (due <= now) plan.send.push(message.id);
      plan.notes.push(`${id}: milestone ${milestone.which}${due > now ? ' (after quiet hours)' : ''}`);
    }
  }
  return plan;
}

/** A member whose milestones are celebrated: Active, and Celebrate not No. */
export function celebrated(member: Member): boolean {
  return member.status === 'Active' && member.celebrate !== false;
}

/** `M-1 event-5 EV-3` → its parts; undefined for anything else (a row typed by hand). */
export function parseMilestoneAbout(
  about: string | undefined,
): { memberId: string; milestone: Milestone } | undefined {
  const m = /^(M-\d+) (?:(year-1)|event-(\d+) (EV-\d+))$/.exec((about ?? '').trim());
  if (!m) return undefined;
  const [, memberId = '', year, count, eventId = ''] = m;
  if (year) return { memberId, milestone: { which: 'year-1' } };
  const n = Number(count) as (typeof CELEBRATED_EVENTS)[number];
  if (!CELEBRATED_EVENTS.includes(n)) return undefined;
  return { memberId, milestone: { which: `event-${n}`, count: n, eventId } };
}

export interface Attended {
  eventId: string;
  /** The event's Starts; undefined when the event is not in the Events tab (counted, first, never recent). */
  starts: DateTime | undefined;
}

/**
 * Every milestone `member` has reached by `now`, with when: the event's Starts (and its title), or the
 * anniversary. For their App Home.
 */
export function milestonesOf(
  snapshot: Snapshot,
  member: Member,
  now: DateTime,
): (Milestone & { at: DateTime; title?: string })[] {
  const attended = attendedEvents(snapshot).get(member.memberId ?? '') ?? [];
  const reachedSoFar: (Milestone & { at: DateTime; title?: string })[] = [];
  for (const count of CELEBRATED_EVENTS) {
    const event = attended[count - 1];
    if (!event?.starts || event.starts > now) continue;
    const title = snapshot.table('Events').byId(event.eventId)?.values.title;
    reachedSoFar.push({
      which: `event-${count}`,
      count,
      eventId: event.eventId,
      at: event.starts,
      ...(title ? { title } : {}),
    });
  }
  const year = member.joined?.setZone(snapshot.timeZone).plus({ years: 1 });
  if (year && year <= now) reachedSoFar.push({ which: 'year-1', at: year });
  return reachedSoFar;
}

/** Worked out once per snapshot: the tick and every App Home drawn from the same sheet share it. */
const attendedBySnapshot = new WeakMap<Snapshot, Map<string, Attended[]>>();

/**
 * The events each member attended (RSVPs with Attended = Yes, by the RSVP's email or, without one, its Slack
 * ID, as `Events attended` counts them), once each, in the order of their Starts. By Member ID.
 */
export function attendedEvents(snapshot: Snapshot): Map<string, Attended[]> {
  const known = attendedBySnapshot.get(snapshot);
  if (known) return known;
  const attended = attendedOf(snapshot);
  attendedBySnapshot.set(snapshot, attended);
  return attended;
}

function attendedOf(snapshot: Snapshot): Map<string, Attended[]> {
  const byEmail = new Map<string, string>();
  const bySlack = new Map<string, string>();
  for (const { values: m } of snapshot.table('Members').rows) {
    if (!m.memberId) continue;
    byEmail.set(normalizeEmail(m.email), m.memberId);
    if (m.slackId) bySlack.set(m.slackId, m.memberId);
  }
  const events = snapshot.table('Events');
  const attended = new Map<string, Attended[]>();
  for (const { values: r } of snapshot.table('RSVPs').rows) {
    if (r.attended !== true) continue;
    const memberId = r.email ? byEmail.get(normalizeEmail(r.email)) : bySlack.get(r.slackId ?? '');
    if (!memberId) continue;
    const list = attended.get(memberId) ?? [];
    if (list.some((a) => a.eventId === r.eventId)) continue;
    list.push({ eventId: r.eventId, starts: events.byId(r.eventId)?.values.starts });
    attended.set(memberId, list);
  }
  const order = (a: Attended) => a.starts?.toMillis() ?? Number.NEGATIVE_INFINITY;
  for (const list of attended.values()) list.sort((a, b) => order(a) - order(b));
  return attended;
}

/**
 * The milestones `member` reached within the last week: the highest of their 1st, 5th and 10th events whose
 * Starts is in it (the lower ones were reached earlier, or together with it: one shout-out says it), and the
 * first anniversary of their Joined (on the group's calendar).
 */
function reached(member: Member, attended: readonly Attended[], zone: string, now: DateTime): Milestone[] {
  const recent = (at: DateTime | undefined) =>
    !!at && at <= now && now.diff(at, 'days').days <= MILESTONE_WITHIN_DAYS;
  const milestones: Milestone[] = [];
  const count = [...CELEBRATED_EVENTS].reverse().find((n) => recent(attended[n - 1]?.starts));
  const event = count ? attended[count - 1] : undefined;
  if (count && event) milestones.push({ which: `event-${count}`, count, eventId: event.eventId });
  if (recent(member.joined?.setZone(zone).plus({ years: 1 }))) milestones.push({ which: 'year-1' });
  return milestones;
}
