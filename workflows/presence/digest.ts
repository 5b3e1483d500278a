/**
 * The leaders' weekly digest, as data: how the group did in the week to `to`, and what needs a leader's eye
 * (the drifting list, the next week's events with seats). Pure; the message is digest-messages.ts.
 */
import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { roundDate } from '../connections/intros.js';
import { invitedJoins } from '../connections/invitations.js';
import type { EventView } from '../events/messages.js';
import { eventView } from '../events/records.js';
import { type LeaderDigest, leaderDigest } from '../leaders/digest.js';
import { type SponsorWarning, sponsorWarning } from '../partners/sponsors.js';
import { staleProjects } from '../projects/checkins.js';
import { championOf } from '../projects/team.js';
import { driftingMembers } from './engagement.js';
import { median, RETAINED_WITHIN_DAYS, weekFigures, weekStart } from './figures.js';

/** The intro groups of the last this-many weeks count for the digest's met rate (check-ins take a while). */
export const INTRO_WEEKS = 4;

export interface DigestFigures {
  newMembers: number;
  /** The latest week whose newcomers have all had 30 days: its Monday, how many joined, how many came. */
  retention?: { week: DateTime; joined: number; came: number };
  drifting: { name: string; slackId?: string }[];
  /** Announced events of the next 7 days. */
  upcoming: EventView[];
  intros: { groups: number; met: number };
  questions: { asked: number; answered: number; medianMinutes?: number };
  invitedJoins: number;
  /** Active projects whose champion missed two check-ins or more in a row, each once. */
  staleProjects?: { title: string; missed: number; champion?: { name: string; slackId?: string } }[];
  /** Too few sponsors gave lately: how many did, and those not asked for longest. */
  sponsors?: SponsorWarning;
  /** The leader team: load, roles without a co-lead, hosts to suggest, check-ins (when there are leaders). */
  leaders?: LeaderDigest;
}

export function digestFigures(snapshot: Snapshot, from: DateTime, to: DateTime): DigestFigures {
  const zone = snapshot.timeZone;
  const newMembers = snapshot
    .table('Members')
    .rows.filter(({ values: m }) => m.memberId && m.joined && m.joined >= from && m.joined < to).length;
  // The newest week whose last newcomer's 30 days are over by `to`.
  const retentionWeek = weekStart(to.minus({ days: RETAINED_WITHIN_DAYS + 7 }), zone);
  const retained = weekFigures(snapshot, retentionWeek, to);
  const upcoming = snapshot
    .table('Events')
    .rows.map((r) => r.values)
    .filter((e) => e.eventId && e.status === 'Announced' && e.starts >= to && e.starts < to.plus({ days: 7 }))
    .sort((a, b) => a.starts.toMillis() - b.starts.toMillis())
    .map((e) => eventView(e, zone));
  const groups = snapshot
    .table('Intros')
    .rows.map((r) => r.values)
    .filter((i) => {
      const round = roundDate(i.round, zone);
      return i.introId && round && round >= to.minus({ weeks: INTRO_WEEKS }) && round < to;
    });
  const questions = snapshot
    .table('Questions')
    .rows.map((r) => r.values)
    .filter((q) => q.questionId && q.asked && q.asked >= from && q.asked < to);
  const waits = questions.flatMap((q) =>
    q.minutesToFirstReply === undefined ? [] : [q.minutesToFirstReply],
  );
  const medianMinutes = median(waits);
  return {
    newMembers,
    ...(retained.cameWithin30Days !== undefined && retained.newMembers > 0
      ? { retention: { week: retentionWeek, joined: retained.newMembers, came: retained.cameWithin30Days } }
      : {}),
    drifting: driftingMembers(snapshot, to).map(({ member }) => ({
      name: member.name || member.memberId,
      ...(member.slackId ? { slackId: member.slackId } : {}),
    })),
    upcoming,
    intros: { groups: groups.length, met: groups.filter((g) => g.met === 'Yes').length },
    questions: {
      asked: questions.length,
      answered: waits.length,
      ...(medianMinutes !== undefined ? { medianMinutes } : {}),
    },
    invitedJoins: invitedJoins(snapshot, from, to),
    ...projectsAndSponsors(snapshot, to),
    ...withLeaders(leaderDigest(snapshot, to)),
  };
}

const withLeaders = (leaders: LeaderDigest | undefined) => (leaders ? { leaders } : {});

/** The digest's projects and partners part: only what there is to say. */
function projectsAndSponsors(
  snapshot: Snapshot,
  to: DateTime,
): Pick<DigestFigures, 'staleProjects' | 'sponsors'> {
  const stale = staleProjects(snapshot).map((project) => {
    const champion = championOf(snapshot, project);
    return {
      title: project.title,
      missed: project.missedCheckIns ?? 0,
      ...(champion
        ? {
            champion: {
              name: champion.name || champion.email,
              ...(champion.slackId ? { slackId: champion.slackId } : {}),
            },
          }
        : {}),
    };
  });
  const sponsors = sponsorWarning(snapshot, to);
  return { ...(stale.length > 0 ? { staleProjects: stale } : {}), ...(sponsors ? { sponsors } : {}) };
}
