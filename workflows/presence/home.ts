/**
 * A person's App Home, as data: what is theirs in the sheet (RSVPs, the events they have not answered, their
 * intros, their invite link, their milestones) and, for a leader, what waits for the leaders. Pure: the view
 * (home-view.ts) is drawn from it, and the writer publishes that.
 */
import type { DateTime } from 'luxon';
import type { IntrosChoice } from '../../sheets-schema/columns.js';
import { normalizeEmail } from '../../sheets-schema/emails.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Severity } from '../../sheets-schema/tabs/incidents.js';
import { approvalTitle } from '../approvals/renderers.js';
import { introMembers, roundDate } from '../connections/intros.js';
import { personalInviteLink } from '../connections/invitations.js';
import { type Milestone, milestonesOf } from '../connections/milestones.js';
import type { EventView } from '../events/messages.js';
import { type Event, eventView, type Rsvp } from '../events/records.js';
import { subjectLeader } from '../moderation/decisions.js';
import { leaderBySlackId, type Member, memberBySlackId } from '../records.js';
import { placeOf, type RoleView, rolesOfEvent } from '../volunteers/roles-read.js';
import { driftingMembers } from './engagement.js';
import { type WeekFigures, weekFigures, weekStart } from './figures.js';

/** How many of each list a home shows (Slack allows 100 blocks a home); the rest are counted. */
export const HOME_LIMITS = {
  rsvps: 8,
  comingUp: 5,
  approvals: 8,
  incidents: 8,
  drifting: 10,
  questions: 5,
  shifts: 5,
} as const;

export interface HomeRsvp {
  event: EventView;
  status: 'Confirmed' | 'Waitlisted';
  guests: number;
  position?: number;
  /** The event's roles they are not in: each a Help as … (or Back up …) button. */
  roles: RoleView[];
}

/** A shift of theirs at an upcoming event: as a volunteer, or the n-th backup. */
export interface HomeShift {
  role: RoleView;
  event: EventView;
  place: 'volunteer' | { backup: number };
}

export interface HomeIntros {
  /** Intro rounds are on (Settings → Intro rounds). */
  roundsOn: boolean;
  choice: IntrosChoice | undefined;
  /** Their latest group: the Intro ID, its round, and the others in it. */
  latest?: {
    introId: string;
    round: DateTime;
    others: { name: string; slackId?: string }[];
    shared?: string;
  };
}

export interface HomeApproval {
  approvalId: string;
  /** The Approvals row's Kind: a project's Decline asks for a reason first. */
  kind: string;
  title: string;
  requested?: DateTime;
  needed: number;
  approvals: number;
}

export interface HomeIncident {
  incidentId: string;
  severity?: Severity;
  status: 'Open' | 'Acknowledged';
  level: number;
  reported?: DateTime;
  rule?: string;
  link?: string;
}

export interface LeaderHome {
  canApprove: boolean;
  approvals: HomeApproval[];
  moreApprovals: number;
  incidents: HomeIncident[];
  moreIncidents: number;
  /** This week's figures so far, as the Dashboard's row for it. */
  week: WeekFigures;
  /** Members drifting away (README "Presence", point 3), the most involved first. */
  drifting: { name: string; slackId?: string }[];
  moreDrifting: number;
  /** Questions still waiting after their channel's owner was told, the oldest first. */
  questions: HomeQuestion[];
  moreQuestions: number;
}

export interface HomeQuestion {
  channel: string;
  asked: DateTime;
  permalink?: string;
}

export interface Home {
  user: string;
  groupName: string;
  timeZone: string;
  /** Undefined: nobody in Members has this Slack ID. */
  member?: { memberId: string; name: string; status: Member['status'] };
  joinFormLink: string;
  rsvps: HomeRsvp[];
  moreRsvps: number;
  /** Announced events they are not going to: not answered yet, or said they could not (and may change their mind). */
  comingUp: { event: EventView; declined: boolean; roles: RoleView[] }[];
  moreComingUp: number;
  intros?: HomeIntros;
  inviteLink?: string;
  milestones: (Milestone & { at: DateTime; title?: string })[];
  /** Their shifts at upcoming events (Event roles), soonest first. */
  shifts: HomeShift[];
  leader?: LeaderHome;
}

/** The home of the person with Slack ID `user`, as the sheet says at `now`. */
export function homeOf(snapshot: Snapshot, user: string, now: DateTime): Home {
  const { settings, timeZone } = snapshot;
  const found = memberBySlackId(snapshot, user);
  const member = found?.memberId ? found : undefined;
  const active = member?.status === 'Active';
  const index = indexOf(snapshot);
  const upcoming = index.upcoming.filter((event) => event.starts > now);
  const mine = new Map<string, Rsvp>();
  for (const rsvp of [
    ...(index.rsvpsBySlack.get(user) ?? []),
    ...(member ? (index.rsvpsByEmail.get(normalizeEmail(member.email)) ?? []) : []),
  ])
    mine.set(rsvp.eventId, rsvp);

  const rsvps: HomeRsvp[] = [];
  const unanswered: Home['comingUp'] = [];
  const shifts: HomeShift[] = [];
  const memberId = member?.memberId as string | undefined;
  for (const event of upcoming) {
    const rsvp = mine.get(event.eventId as string);
    const view = eventView(event, timeZone);
    // Only an Active member on the team may take a shift: others see no Help as … buttons.
    const eventRoles = active && memberId ? rolesOfEvent(snapshot, event.eventId as string) : [];
    const roles = eventRoles.filter((role) => !placeOf(role, memberId as string));
    for (const role of eventRoles) {
      const place = placeOf(role, memberId as string);
      if (place) shifts.push({ role, event: view, place });
    }
    if (rsvp?.status === 'Confirmed' || rsvp?.status === 'Waitlisted')
      rsvps.push({
        event: view,
        status: rsvp.status,
        guests: rsvp.guests ?? 0,
        ...(rsvp.position !== undefined ? { position: rsvp.position } : {}),
        roles,
      });
    else if (!event.rsvpDeadline || event.rsvpDeadline > now)
      unanswered.push({ event: view, declined: !!rsvp, roles });
  }
  const canRsvp = active || settings.rsvpsFrom === 'Anyone';
  const comingUp = canRsvp ? unanswered : [];

  return {
    user,
    groupName: settings.groupName,
    timeZone,
    ...(member
      ? { member: { memberId: member.memberId as string, name: member.name ?? '', status: member.status } }
      : {}),
    joinFormLink: settings.joinFormLink,
    rsvps: rsvps.slice(0, HOME_LIMITS.rsvps),
    moreRsvps: Math.max(0, rsvps.length - HOME_LIMITS.rsvps),
    comingUp: comingUp.slice(0, HOME_LIMITS.comingUp),
    moreComingUp: Math.max(0, comingUp.length - HOME_LIMITS.comingUp),
    ...(member && active ? { intros: introsOf(snapshot, member, index) } : {}),
    ...(member && active && settings.inviteLink
      ? { inviteLink: personalInviteLink(settings.inviteLink, member.memberId as string) }
      : {}),
    milestones: member ? milestonesOf(snapshot, member, now) : [],
    shifts: shifts.slice(0, HOME_LIMITS.shifts),
    ...leaderPart(snapshot, user, now),
  };
}

function introsOf(snapshot: Snapshot, member: Member, index: HomeIndex): HomeIntros {
  const memberId = member.memberId as string;
  const latest = index.latestIntro.get(memberId);
  const names = (id: string) => {
    const other = snapshot.table('Members').byId(id)?.values;
    return { name: other?.name || id, ...(other?.slackId ? { slackId: other.slackId } : {}) };
  };
  return {
    roundsOn: snapshot.settings.introEveryDays > 0,
    choice: member.intros,
    ...(latest
      ? {
          latest: {
            introId: latest.introId,
            round: latest.round,
            others: latest.members.filter((id) => id !== memberId).map(names),
            ...(latest.shared ? { shared: latest.shared } : {}),
          },
        }
      : {}),
  };
}

/**
 * What an Active leader sees first: approvals waiting, open incidents (never one about themselves), the week's
 * figures, who is drifting away and the questions still waiting.
 */
function leaderPart(snapshot: Snapshot, user: string, now: DateTime): { leader?: LeaderHome } {
  const leader = leaderBySlackId(snapshot, user);
  if (leader?.active !== true) return {};
  const approvals = snapshot
    .table('Approvals')
    .rows.map((r) => r.values)
    .filter((a) => a.approvalId && a.status === 'Pending')
    .map(
      (a): HomeApproval => ({
        approvalId: a.approvalId as string,
        kind: a.kind ?? '',
        title: approvalTitle(a, snapshot),
        ...(a.requested ? { requested: a.requested } : {}),
        needed: a.needed ?? 1,
        approvals: (a.approvedBy ?? '').split(',').filter((s) => s.trim() !== '').length,
      }),
    );
  const incidents = snapshot
    .table('Incidents')
    .rows.map((r) => r.values)
    .filter(
      (i) =>
        i.incidentId &&
        (i.status === 'Open' || i.status === 'Acknowledged') &&
        subjectLeader(snapshot, i.about ?? '')?.slackId !== user,
    )
    .map(
      (i): HomeIncident => ({
        incidentId: i.incidentId as string,
        ...(i.severity ? { severity: i.severity } : {}),
        status: i.status as HomeIncident['status'],
        level: i.level ?? 1,
        ...(i.reported ? { reported: i.reported } : {}),
        ...(i.rule ? { rule: i.rule } : {}),
        ...(i.slackMessage ? { link: i.slackMessage } : {}),
      }),
    );
  const drifting = driftingMembers(snapshot, now).map(({ member }) => ({
    name: member.name || member.memberId,
    ...(member.slackId ? { slackId: member.slackId } : {}),
  }));
  const questions = snapshot
    .table('Questions')
    .rows.map((r) => r.values)
    .filter((q) => q.questionId && q.status === 'Waiting' && (q.level ?? 0) >= 1 && q.asked)
    .sort((a, b) => (a.asked as DateTime).toMillis() - (b.asked as DateTime).toMillis())
    .map(
      (q): HomeQuestion => ({
        channel: q.channel ?? '',
        asked: q.asked as DateTime,
        ...(q.permalink ? { permalink: q.permalink } : {}),
      }),
    );
  return {
    leader: {
      canApprove: leader.canApprove === true,
      approvals: approvals.slice(0, HOME_LIMITS.approvals),
      moreApprovals: Math.max(0, approvals.length - HOME_LIMITS.approvals),
      incidents: incidents.slice(0, HOME_LIMITS.incidents),
      moreIncidents: Math.max(0, incidents.length - HOME_LIMITS.incidents),
      week: weekFigures(snapshot, weekStart(now, snapshot.timeZone), now),
      drifting: drifting.slice(0, HOME_LIMITS.drifting),
      moreDrifting: Math.max(0, drifting.length - HOME_LIMITS.drifting),
      questions: questions.slice(0, HOME_LIMITS.questions),
      moreQuestions: Math.max(0, questions.length - HOME_LIMITS.questions),
    },
  };
}

interface HomeIndex {
  /** Announced events in order of their Starts. */
  upcoming: Event[];
  rsvpsBySlack: Map<string, Rsvp[]>;
  rsvpsByEmail: Map<string, Rsvp[]>;
  latestIntro: Map<string, { introId: string; round: DateTime; members: string[]; shared?: string }>;
}

/** Built once per snapshot: a batch may draw many homes from the same sheet. */
const indexes = new WeakMap<Snapshot, HomeIndex>();

function indexOf(snapshot: Snapshot): HomeIndex {
  const known = indexes.get(snapshot);
  if (known) return known;
  const upcoming = snapshot
    .table('Events')
    .rows.map((r) => r.values)
    .filter((e) => e.eventId && e.status === 'Announced')
    .sort((a, b) => a.starts.toMillis() - b.starts.toMillis());
  const rsvpsBySlack = new Map<string, Rsvp[]>();
  const rsvpsByEmail = new Map<string, Rsvp[]>();
  const add = (map: Map<string, Rsvp[]>, key: string, rsvp: Rsvp) => {
    const list = map.get(key);
    if (list) list.push(rsvp);
    else map.set(key, [rsvp]);
  };
  for (const { values } of snapshot.table('RSVPs').rows) {
    if (!values.rsvpId) continue;
    if (values.slackId) add(rsvpsBySlack, values.slackId, values);
    if (values.email) add(rsvpsByEmail, normalizeEmail(values.email), values);
  }
  const latestIntro: HomeIndex['latestIntro'] = new Map();
  for (const { values } of snapshot.table('Intros').rows) {
    const round = roundDate(values.round, snapshot.timeZone);
    if (!values.introId || !round) continue;
    const members = introMembers(values);
    for (const id of members) {
      const before = latestIntro.get(id);
      if (before && before.round > round) continue;
      latestIntro.set(id, {
        introId: values.introId,
        round,
        members,
        ...(values.sharedInterests ? { shared: values.sharedInterests } : {}),
      });
    }
  }
  const index = { upcoming, rsvpsBySlack, rsvpsByEmail, latestIntro };
  indexes.set(snapshot, index);
  return index;
}
