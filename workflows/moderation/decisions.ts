import type { DateTime } from 'luxon';
import { append, type RecordOf, update } from '../../sheets-schema/changes.js';
import { normalizeEmail } from '../../sheets-schema/emails.js';
import { userIdIn } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Severity } from '../../sheets-schema/tabs/incidents.js';
import { type ApprovalKind, requestApproval } from '../approvals/decisions.js';
import { memberGone } from '../onboarding/decisions.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';
import {
  audit,
  hasOutbox,
  type Leader,
  leaderBySlackId,
  leaderName,
  type Member,
  memberBySlackId,
  planMessage,
} from '../records.js';
import { type ModerationRefusal, moderationRefusal } from './messages.js';

export type Incident = RecordOf<'Incidents'>;

/** Outbox kinds of moderation. */
export const MODERATION_KINDS = {
  post: 'incident.post',
  update: 'incident.update',
  escalation: 'incident.escalation',
  receipt: 'report.receipt',
  closed: 'report.closed',
  warning: 'incident.warning',
  removal: 'incident.removal',
  kick: 'member.remove',
  removalReport: 'member.removal-report',
  summary: 'incidents.summary',
} as const;
export type ModerationKind = (typeof MODERATION_KINDS)[keyof typeof MODERATION_KINDS];

/** Where a message to the reporter goes: resolved from the Incidents tab when sent, never written elsewhere. */
export const reporterAddress = (incidentId: string) => `reporter:${incidentId}`;

/** The third report about the same person within this many days is marked as a repeat. */
export const REPEAT_WINDOW_DAYS = 30;
export const REPEAT_COUNT = 3;

/** A report, from the message shortcut's modal or from the report form. */
export interface ReportInput {
  identity: string;
  source: 'Slack' | 'Form';
  /** Slack ID or email; undefined when anonymous. Kept in the Incidents tab only. */
  reporter?: string | undefined;
  /** Who or what it is about, as typed (form) or the reported message's author (shortcut). */
  about: string;
  aboutSlackId?: string | undefined;
  where?: string | undefined;
  rule?: string | undefined;
  details: string;
  excerpt?: string | undefined;
  severity: Severity;
  /** Optional form answers set aside (question -> what was wrong and what follows), never the answers. */
  setAside?: Record<string, string> | undefined;
}

/** Details as kept in the sheet: the reported message's excerpt on a first line starting with `> `. */
export function detailsCell(excerpt: string | undefined, details: string): string {
  return excerpt ? `> ${excerpt.replace(/\s+/g, ' ')}\n${details}` : details;
}

export function parseDetails(cell: string | undefined): { excerpt?: string; details: string } {
  const text = cell ?? '';
  const m = /^> (.*)\n?([\s\S]*)$/.exec(text);
  return m ? { excerpt: m[1] as string, details: m[2] as string } : { details: text };
}

/** The Slack ID of the person an incident is about, when known. */
export function subjectSlackId(incident: Pick<Incident, 'about'>): string | undefined {
  return userIdIn(incident.about);
}

/** The Active leader a report is about, if it is about one: by Slack ID, or by their name or email in the text. */
export function subjectLeader(snapshot: Snapshot, about: string, slackId?: string): Leader | undefined {
  const leaders = snapshot
    .table('Leaders')
    .rows.map((r) => r.values)
    .filter((l) => l.active === true);
  const id = slackId ?? userIdIn(about);
  if (id) return leaders.find((l) => l.slackId === id);
  const text = about.normalize('NFC').toLowerCase();
  return leaders.find(
    (l) =>
      (l.name && l.name.trim().length > 2 && text.includes(l.name.trim().normalize('NFC').toLowerCase())) ||
      (l.email && text.includes(normalizeEmail(l.email))),
  );
}

/** What an incident is about, for counting repeats: the person's Slack ID, else the text as typed. */
function subjectKey(about: string): string {
  return userIdIn(about) ?? about.trim().toLowerCase().replace(/\s+/g, ' ');
}

const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** Who is told of an incident at each level; never the leader it is about. */
export function recipientsAt(snapshot: Snapshot, level: number, except?: string): Leader[] {
  return snapshot
    .table('Leaders')
    .rows.map((r) => r.values)
    .filter(
      (l) =>
        l.active === true &&
        l.slackId &&
        l.slackId !== except &&
        (level >= 3 || l.role === 'Organizer' || l.role === 'Moderator'),
    );
}

/**
 * A new report: an Incidents row (Open; Level 1, or 2 when Critical), an Audit row that keeps the reporter
 * confidential, the post in the leaders' queue (or, for a report about a leader, DMs to the other organizers
 * and moderators), and a receipt for the reporter when known. The same report delivered again has one effect.
 */
export function planReport(report: ReportInput, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const anchor = `report:${report.identity}`;
  if (hasOutbox(snapshot, anchor)) {
    plan.notes.push(`${report.identity}: report already filed`);
    return plan;
  }
  const incidentId = snapshot.nextId('Incidents');
  const member = report.aboutSlackId ? memberBySlackId(snapshot, report.aboutSlackId) : undefined;
  const about = report.aboutSlackId
    ? `${member?.name || leaderBySlackId(snapshot, report.aboutSlackId)?.name || 'Slack user'} (${report.aboutSlackId})`
    : report.about.trim();
  const key = subjectKey(about);
  const since = now.minus({ days: REPEAT_WINDOW_DAYS });
  const earlier = snapshot
    .table('Incidents')
    .rows.filter(
      (r) => r.values.reported && r.values.reported >= since && subjectKey(r.values.about ?? '') === key,
    ).length;
  const repeat =
    earlier + 1 >= REPEAT_COUNT
      ? `${ordinal(earlier + 1)} report about them in ${REPEAT_WINDOW_DAYS} days`
      : '';
  const level = report.severity === 'Critical' ? 2 : 1;
  const leader = subjectLeader(snapshot, about, report.aboutSlackId);
  const incident: Incident = {
    incidentId,
    reported: now,
    reporter: report.reporter,
    about,
    where: report.where,
    rule: report.rule,
    details: detailsCell(report.excerpt, report.details),
    severity: report.severity,
    status: 'Open',
    assignee: undefined,
    level,
    acknowledgedAt: undefined,
    repeat: repeat || undefined,
    decision: undefined,
    decidedBy: undefined,
    decidedAt: undefined,
    slackMessage: undefined,
  };
  plan.changes.push(append('Incidents', incident));
  plan.changes.push(
    audit(now, {
      actor: '(confidential)',
      action: 'incident.reported',
      target: incidentId,
      details: reportedDetails(report, snapshot, repeat, leader !== undefined),
      key: report.identity,
    }),
  );
  // The queue: the leaders channel, or for a report about a leader a DM to each of the others who moderate.
  const destinations = leader ? dmRecipients(snapshot, leader.slackId) : [snapshot.settings.leadersChannel];
  destinations.forEach((to, i) => {
    const message = planMessage(i === 0 ? anchor : `${anchor}:${to}`, {
      kind: MODERATION_KINDS.post,
      to,
      about: i === 0 ? incidentId : `${incidentId} copy`,
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  });
  if (destinations.length === 0) {
    const message = planMessage(anchor, { kind: MODERATION_KINDS.post, to: '', about: incidentId, due: now });
    plan.changes.push(
      message.change,
      update('Outbox', message.id, { status: 'Skipped', lastError: 'no other active leader to tell' }),
    );
  }
  if (level >= 2) {
    const escalation = planEscalationMessages(snapshot, incident, level, now);
    plan.changes.push(...escalation.changes);
    plan.send.push(...escalation.send);
  }
  if (report.reporter) {
    const receipt = planMessage(`report-receipt:${report.identity}`, {
      kind: MODERATION_KINDS.receipt,
      to: reporterAddress(incidentId),
      about: incidentId,
      due: now,
    });
    plan.changes.push(receipt.change);
    plan.send.push(receipt.id);
  }
  plan.notes.push(`${report.identity}: ${incidentId} filed (${report.severity}, level ${level})`);
  return plan;
}

/**
 * The Audit line of a new report. It quotes none of the reporter's words: a rule is named only when it is one
 * of the group's ground rules, and an answer set aside only by its question.
 */
function reportedDetails(report: ReportInput, snapshot: Snapshot, repeat: string, aboutLeader: boolean) {
  const known = report.rule && snapshot.settings.groundRules.includes(report.rule);
  const rule = report.rule ? `, rule: ${known ? report.rule : '(in their own words)'}` : '';
  const setAside = Object.entries(report.setAside ?? {}).map(([title, why]) => `"${title}" ${why}`);
  return [
    `${report.severity}${rule}, by ${report.source}`,
    ...(repeat ? [repeat] : []),
    ...(aboutLeader ? ['about a leader: told by DM'] : []),
    ...(setAside.length > 0 ? [`set aside: ${setAside.join('; ')}`] : []),
  ].join(', ');
}

/** The other Organizers and Moderators, by DM; failing those, every other Active leader. */
function dmRecipients(snapshot: Snapshot, except: string): string[] {
  const moderators = recipientsAt(snapshot, 2, except).map((l) => l.slackId);
  return moderators.length > 0 ? moderators : recipientsAt(snapshot, 3, except).map((l) => l.slackId);
}

/**
 * Level 2 or 3: a post in the leaders channel mentioning who should look (never when the report is about a
 * leader), and a DM to each of them. Once per level.
 */
function planEscalationMessages(snapshot: Snapshot, incident: Incident, level: number, now: DateTime): Plan {
  const plan = emptyPlan();
  const id = incident.incidentId as string;
  const key = `escalate:${id}:${level}`;
  if (hasOutbox(snapshot, key)) return plan;
  const leader = subjectLeader(snapshot, incident.about ?? '');
  const people = recipientsAt(snapshot, level, leader?.slackId);
  const messages = [
    ...(leader ? [] : [{ key, to: snapshot.settings.leadersChannel }]),
    ...people.map((l, i) => ({ key: leader && i === 0 ? key : `${key}:${l.slackId}`, to: l.slackId })),
  ];
  for (const m of messages) {
    const message = planMessage(m.key, {
      kind: MODERATION_KINDS.escalation,
      to: m.to,
      about: `${id} ${level}`,
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  }
  return plan;
}

/**
 * Each tick: an incident nobody acknowledged within `Escalate after hours` goes up a level (at most 3), once
 * per level; acknowledging (or closing) it stops the ladder.
 */
export function planEscalations(snapshot: Snapshot, now: DateTime): Plan {
  const plans: Plan[] = [];
  const hours = snapshot.settings.escalateAfterHours;
  for (const { values: incident } of snapshot.table('Incidents').rows) {
    const id = incident.incidentId;
    if (!id || incident.status !== 'Open' || !incident.reported || hours <= 0) continue;
    const start = incident.severity === 'Critical' ? 2 : 1;
    const waited = now.diff(incident.reported, 'hours').hours;
    const target = Math.min(3, start + Math.floor(waited / hours));
    if (target <= (incident.level ?? start)) continue;
    const plan = emptyPlan();
    plan.changes.push(update('Incidents', id, { level: target }));
    plan.changes.push(
      audit(now, {
        actor: 'Hearth',
        action: 'incident.escalated',
        target: id,
        details: `level ${target}: not acknowledged after ${Math.floor(waited)} hours`,
      }),
    );
    plans.push(
      plan,
      planEscalationMessages(snapshot, incident, target, now),
      postUpdate(id, `level:${target}`, now),
    );
    plan.notes.push(`${id}: escalated to level ${target}`);
  }
  return mergePlans(plans);
}

/** The queue post edited to show the latest state. */
function postUpdate(incidentId: string, cause: string, now: DateTime): Plan {
  const plan = emptyPlan();
  const message = planMessage(`incident-update:${incidentId}:${cause}`, {
    kind: MODERATION_KINDS.update,
    to: '',
    about: incidentId,
    due: now,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  return plan;
}

/** A step on the record, as the Decision cell keeps it: `Warned by U0… at 2026-12-01 10:00`, one a line. */
export function stepLine(what: string, by: string, at: DateTime, zone: string): string {
  return `${what} by ${by} at ${at.setZone(zone).toFormat('yyyy-MM-dd HH:mm')}`;
}

export type IncidentAction = 'acknowledge' | 'resolve' | 'dismiss' | 'warn' | 'remove' | 'suspend' | 'ban';

export interface IncidentClick {
  identity: string;
  action: IncidentAction;
  incidentId: string;
  /** Who clicked: checked against Leaders now. */
  user: string;
  channel: string;
  /** For Resolve and Dismiss, from the reason modal. */
  reason?: string | undefined;
}

/**
 * A leader's step on an incident. Only Active leaders may act; the leader a report is about may not, and the
 * reporter may not decide a suspension or ban. Each step is recorded (Incidents, Audit) and the post edited.
 */
export function planIncidentAction(click: IncidentClick, snapshot: Snapshot, now: DateTime): Plan {
  const refuse = (reason: ModerationRefusal) => {
    const plan = emptyPlan();
    plan.ephemerals.push({
      channel: click.channel,
      user: click.user,
      text: moderationRefusal(reason, click.incidentId),
    });
    plan.notes.push(`${click.incidentId}: ${click.action} refused (${reason})`);
    return plan;
  };
  const leader = leaderBySlackId(snapshot, click.user);
  if (leader?.active !== true) return refuse('not-a-leader');
  const incident = snapshot.table('Incidents').byId(click.incidentId)?.values;
  if (!incident?.incidentId) return refuse('unknown-incident');
  const id = incident.incidentId;
  const subject = subjectSlackId(incident) ?? subjectLeader(snapshot, incident.about ?? '')?.slackId;
  if (subject === click.user) return refuse('subject');
  if (incident.status === 'Resolved' || incident.status === 'Dismissed') return refuse('closed');
  const zone = snapshot.timeZone;
  const plan = emptyPlan();
  const more: Plan[] = [];
  const record = (what: string, set: Record<string, unknown> = {}) => {
    const line = stepLine(what, click.user, now, zone);
    plan.changes.push(
      update('Incidents', id, {
        decision: incident.decision ? `${incident.decision}\n${line}` : line,
        decidedBy: leaderName(snapshot, click.user),
        decidedAt: now,
        ...set,
      }),
      audit(now, {
        actor: click.user,
        action: `incident.${click.action}`,
        target: id,
        details: what,
        key: click.identity,
      }),
    );
    plan.notes.push(`${id}: ${what} by ${click.user}`);
  };
  const tell = (key: string, kind: ModerationKind, to: string, about = id) => {
    const message = planMessage(key, { kind, to, about, due: now });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  };

  switch (click.action) {
    case 'acknowledge': {
      if (incident.status !== 'Open') return refuse('already-done');
      plan.changes.push(
        update('Incidents', id, { status: 'Acknowledged', assignee: click.user, acknowledgedAt: now }),
        audit(now, { actor: click.user, action: 'incident.acknowledge', target: id, key: click.identity }),
      );
      plan.notes.push(`${id}: acknowledged by ${click.user}`);
      break;
    }
    case 'resolve':
    case 'dismiss': {
      const status = click.action === 'resolve' ? 'Resolved' : 'Dismissed';
      const reason = (click.reason ?? '').trim();
      record(`${status}${reason ? `: ${reason.replace(/\s+/g, ' ')}` : ''}`, {
        status,
        ...(incident.acknowledgedAt ? {} : { acknowledgedAt: now, assignee: click.user }),
      });
      if (incident.reporter) tell(`report-closed:${id}`, MODERATION_KINDS.closed, reporterAddress(id));
      break;
    }
    case 'warn': {
      const slackId = subjectSlackId(incident);
      if (!slackId) return refuse('no-member');
      if (hasOutbox(snapshot, `warn:${id}`)) return refuse('already-done');
      record('Warned');
      tell(`warn:${id}`, MODERATION_KINDS.warning, slackId);
      break;
    }
    case 'remove': {
      if (!/^https:\/\/[^/]*slack\.com\/archives\//.test(incident.where ?? '')) return refuse('no-message');
      if (hasOutbox(snapshot, `remove:${id}`)) return refuse('already-done');
      record('Removal requested');
      const aboutLeader = subjectLeader(snapshot, incident.about ?? '') !== undefined;
      tell(
        `remove:${id}`,
        MODERATION_KINDS.removal,
        aboutLeader ? click.user : snapshot.settings.leadersChannel,
      );
      break;
    }
    case 'suspend':
    case 'ban': {
      if (incident.reporter && incident.reporter === click.user) return refuse('reporter');
      const slackId = subjectSlackId(incident);
      const member = slackId ? memberBySlackId(snapshot, slackId) : undefined;
      if (!member?.memberId) return refuse('no-member');
      const pending = snapshot
        .table('Approvals')
        .rows.some(
          (r) =>
            r.values.kind === click.action &&
            r.values.status === 'Pending' &&
            r.values.summary?.startsWith(`${id}:`),
        );
      if (pending) return refuse('already-done');
      const verb = click.action === 'ban' ? 'Ban' : 'Suspend';
      record(`${verb} requested`);
      const request = requestApproval(snapshot, now, {
        kind: click.action,
        subject: member.memberId,
        summary: `${id}: ${verb.toLowerCase()} ${member.name || member.email} (${slackId})${incident.rule ? `\nrule: ${incident.rule}` : ''}`,
        needed: SEVERE.needed,
      });
      more.push(request.plan);
      break;
    }
  }
  return mergePlans([plan, ...more, postUpdate(id, click.identity, now)]);
}

/** The incident an approval for a suspension or ban was asked from (its summary starts with the ID). */
function incidentOf(snapshot: Snapshot, summary: string | undefined): Incident | undefined {
  const id = /^(IN-\d+):/.exec(summary ?? '')?.[1];
  return id ? snapshot.table('Incidents').byId(id)?.values : undefined;
}

/** Suspending or banning a member: two distinct leaders, neither the person reported nor the reporter. */
function severe(status: 'Suspended' | 'Banned'): ApprovalKind {
  return {
    needed: 2,
    missingSubject: memberGone,
    mayDecide(approval, user, snapshot) {
      const incident = incidentOf(snapshot, approval.summary);
      if (!incident) return undefined;
      const subject = subjectSlackId(incident);
      if (subject === user) return moderationRefusal('subject', incident.incidentId as string);
      if (incident.reporter && incident.reporter === user)
        return moderationRefusal('reporter', incident.incidentId as string);
      return undefined;
    },
    approved(approval, snapshot, now, deciders) {
      const plan = emptyPlan();
      const more: Plan[] = [];
      const member = approval.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
      if (!member?.memberId) return plan;
      plan.changes.push(update('Members', member.memberId, { status }));
      plan.changes.push(
        audit(now, {
          actor: deciders.join(', '),
          action: `member.${status.toLowerCase()}`,
          target: member.memberId,
          details: `${approval.approvalId}: approved by ${deciders.map((d) => leaderName(snapshot, d)).join(' and ')}`,
        }),
      );
      const incident = incidentOf(snapshot, approval.summary);
      if (incident?.incidentId) {
        const line = stepLine(
          `Resolved: ${status.toLowerCase()} (${approval.approvalId}, approved by ${deciders.map((d) => leaderName(snapshot, d)).join(' and ')})`,
          deciders.at(-1) as string,
          now,
          snapshot.timeZone,
        );
        plan.changes.push(
          update('Incidents', incident.incidentId, {
            status: 'Resolved',
            decision: incident.decision ? `${incident.decision}\n${line}` : line,
            decidedBy: deciders.map((d) => leaderName(snapshot, d)).join(', '),
            decidedAt: now,
          }),
        );
        more.push(postUpdate(incident.incidentId, `${approval.approvalId}`, now));
        if (incident.reporter) {
          const closed = planMessage(`report-closed:${incident.incidentId}`, {
            kind: MODERATION_KINDS.closed,
            to: reporterAddress(incident.incidentId),
            about: incident.incidentId,
            due: now,
          });
          plan.changes.push(closed.change);
          plan.send.push(closed.id);
        }
      }
      more.push(planRemoval(snapshot, member, approval.approvalId as string, now));
      return mergePlans([plan, ...more]);
    },
    declined() {
      return emptyPlan();
    },
    expired(approval, snapshot) {
      const member = approval.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
      return {
        plan: emptyPlan(),
        rule: `${member?.name || approval.subject || 'the member'} keeps their status: ask again from the incident if it is still needed`,
      };
    },
  };
}

export const SEVERE = { needed: 2 };
export const SUSPEND = severe('Suspended');
export const BAN = severe('Banned');

/**
 * The member out of the channels Hearth manages (announcements, introductions, event channels) where Slack
 * lets a bot do it, then a report to the leaders of what was done and what a workspace admin must still do.
 */
function planRemoval(snapshot: Snapshot, member: Member, approvalId: string, now: DateTime): Plan {
  const plan = emptyPlan();
  const s = snapshot.settings;
  const channels = new Set(
    [
      s.announcementsChannel,
      s.introductionsChannel,
      ...snapshot.table('Events').rows.map((r) => r.values.channel ?? ''),
    ]
      .map((c) => c.trim())
      .filter(Boolean),
  );
  if (member.slackId) {
    for (const channel of channels) {
      const message = planMessage(`kick:${approvalId}:${channel}`, {
        kind: MODERATION_KINDS.kick,
        to: channel,
        about: member.memberId as string,
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
  }
  const report = planMessage(`removal-report:${approvalId}`, {
    kind: MODERATION_KINDS.removalReport,
    to: s.leadersChannel,
    about: approvalId,
    due: now,
  });
  plan.changes.push(report.change);
  plan.send.push(report.id);
  return plan;
}

/** The weekly summary for the leaders, at Settings → Leaders summary, once a week (not when over a day late). */
export function planLeadersSummary(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const when = snapshot.settings.leadersSummary;
  if (!when) return plan;
  const local = now.setZone(snapshot.timeZone);
  let moment = local.set({
    weekday: when.weekday as 1,
    hour: when.hour,
    minute: when.minute,
    second: 0,
    millisecond: 0,
  });
  if (moment > local) moment = moment.minus({ weeks: 1 });
  if (local.diff(moment, 'hours').hours > 24) return plan;
  const key = `leaders-summary:${moment.toISODate()}`;
  if (hasOutbox(snapshot, key)) return plan;
  const message = planMessage(key, {
    kind: MODERATION_KINDS.summary,
    to: snapshot.settings.leadersChannel,
    about: `week to ${moment.toFormat('yyyy-MM-dd HH:mm')}`,
    due: moment,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  plan.notes.push(`leaders summary for the week to ${moment.toISODate()}`);
  return plan;
}
