/**
 * The group's figures for a week (Monday to Sunday in the group's time zone), as the Dashboard and the leaders'
 * digest show them. Pure, from the sheet alone: a week's figures can be worked out again at any time, and come
 * out the same unless someone edited the past (ticked Attended, answered a check-in late).
 */
import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { roundDate } from '../connections/intros.js';
import { invitedJoins } from '../connections/invitations.js';
import { attendedEvents } from '../connections/milestones.js';
import { engagementOf, levelCounts } from './engagement.js';

/** A newcomer counts as retained when they came to an event within this many days of joining. */
export const RETAINED_WITHIN_DAYS = 30;

export interface WeekFigures {
  /** The week's Monday, `2026-11-30`. */
  week: string;
  from: DateTime;
  to: DateTime;
  newMembers: number;
  /** Of the week's new members, how many came to an event within 30 days; undefined until all 30 days are over. */
  cameWithin30Days?: number;
  /** The same as a whole percentage; undefined also when nobody joined. */
  newcomerRetention?: number;
  /** Engagement levels at the week's end (this week: today). */
  core: number;
  regular: number;
  drifting: number;
  quiet: number;
  /** Events that started in the week (Announced or Done; this week: so far), and the people ticked Attended at them. */
  events: number;
  attended: number;
  /** The groups of the intro rounds of the week, and the share whose Met is Yes (undefined: no groups). */
  introGroups: number;
  introsMet?: number;
  /** Questions asked in the week, and the median minutes to their first reply (undefined: none answered). */
  questions: number;
  medianFirstReply?: number;
  /** Incidents reported in the week, and those still open at its end (this week: now). */
  incidents: number;
  openIncidents: number;
  invitedJoins: number;
}

/** The Monday 00:00 of `now`'s week in the group's time zone. */
export function weekStart(now: DateTime, timeZone: string): DateTime {
  return now.setZone(timeZone).startOf('week');
}

const within = (at: DateTime | undefined, from: DateTime, to: DateTime) => !!at && at >= from && at < to;
const percent = (part: number, whole: number) => (whole === 0 ? undefined : Math.round((100 * part) / whole));

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor((sorted.length - 1) / 2)] as number);
}

/** The engagement levels at a week's end. */
export type LevelFigures = Pick<WeekFigures, 'core' | 'regular' | 'drifting' | 'quiet'>;

/**
 * The figures of the week that starts at `from` (a Monday 00:00, local), as the sheet says at `now`. `levels`,
 * when given, are the week's levels as already worked out (the costliest figure, and one that cannot change
 * once the week is over).
 */
export function weekFigures(
  snapshot: Snapshot,
  from: DateTime,
  now: DateTime,
  levels?: LevelFigures,
): WeekFigures {
  const to = from.plus({ weeks: 1 });
  const end = to < now ? to : now;
  const members = snapshot.table('Members').rows.map((r) => r.values);
  const newcomers = members.filter((m) => m.memberId && within(m.joined, from, to));
  const retention = newcomerRetention(snapshot, newcomers, to, now);
  // Levels as of the day after the week (its 90 days end with the week's last day); this week, as of today.
  const counted = levels ?? levelsAt(snapshot, end);
  const events = snapshot
    .table('Events')
    .rows.map((r) => r.values)
    .filter(
      (e) => e.eventId && (e.status === 'Announced' || e.status === 'Done') && within(e.starts, from, end),
    );
  const eventIds = new Set(events.map((e) => e.eventId));
  const attended = snapshot
    .table('RSVPs')
    .rows.filter(({ values: r }) => r.attended === true && eventIds.has(r.eventId)).length;
  const groups = snapshot
    .table('Intros')
    .rows.map((r) => r.values)
    .filter((i) => i.introId && within(roundDate(i.round, snapshot.timeZone), from, to));
  const questions = snapshot
    .table('Questions')
    .rows.map((r) => r.values)
    .filter((q) => q.questionId && within(q.asked, from, to));
  const incidents = snapshot.table('Incidents').rows.map((r) => r.values);
  return {
    week: from.toISODate() as string,
    from,
    to,
    newMembers: newcomers.length,
    ...retention,
    ...counted,
    events: events.length,
    attended,
    introGroups: groups.length,
    ...optional('introsMet', percent(groups.filter((g) => g.met === 'Yes').length, groups.length)),
    questions: questions.length,
    ...optional(
      'medianFirstReply',
      median(questions.flatMap((q) => (q.minutesToFirstReply === undefined ? [] : [q.minutesToFirstReply]))),
    ),
    incidents: incidents.filter((i) => within(i.reported, from, to)).length,
    openIncidents: incidents.filter((i) => openAt(i, end)).length,
    invitedJoins: invitedJoins(snapshot, from, to),
  };
}

function levelsAt(snapshot: Snapshot, at: DateTime): LevelFigures {
  const counts = levelCounts(engagementOf(snapshot, at));
  return { core: counts.Core, regular: counts.Regular, drifting: counts.drifting, quiet: counts.Quiet };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** How many of the week's newcomers came to an event in their first 30 days: known once the last one's are over. */
function newcomerRetention(
  snapshot: Snapshot,
  newcomers: readonly { memberId?: string | undefined; joined?: DateTime | undefined }[],
  to: DateTime,
  now: DateTime,
): Pick<WeekFigures, 'cameWithin30Days' | 'newcomerRetention'> {
  if (to.plus({ days: RETAINED_WITHIN_DAYS }) > now) return {};
  const attended = attendedEvents(snapshot);
  const came = newcomers.filter((m) => {
    const joined = m.joined as DateTime;
    const by = joined.plus({ days: RETAINED_WITHIN_DAYS });
    return (attended.get(m.memberId ?? '') ?? []).some(
      (a) => !!a.starts && a.starts >= joined && a.starts < by,
    );
  }).length;
  return { cameWithin30Days: came, ...optional('newcomerRetention', percent(came, newcomers.length)) };
}

/** Open at `end`: reported by then, and not Resolved or Dismissed by then. */
function openAt(
  incident: {
    reported?: DateTime | undefined;
    status?: string | undefined;
    decidedAt?: DateTime | undefined;
  },
  end: DateTime,
): boolean {
  if (!incident.reported || incident.reported >= end) return false;
  const closed = incident.status === 'Resolved' || incident.status === 'Dismissed';
  return !closed || (!!incident.decidedAt && incident.decidedAt >= end);
}
