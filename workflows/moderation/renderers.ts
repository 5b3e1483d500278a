import { DateTime } from 'luxon';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { personAt, post, type Renderer, skip } from '../outbox/delivery.js';
import { digestFigures } from '../presence/digest.js';
import { communityDigest, leadersDigest } from '../presence/digest-messages.js';
import { median } from '../presence/figures.js';
import { memberBySlackId, type OutboxRow } from '../records.js';
import {
  type Incident,
  MODERATION_KINDS,
  type ModerationKind,
  parseDetails,
  recipientsAt,
  subjectLeader,
  subjectSlackId,
} from './decisions.js';
import {
  escalationMessage,
  type IncidentStep,
  type IncidentView,
  incidentPost,
  memberRemovalReport,
  periodOf,
  removalTask,
  reportClosed,
  reportReceipt,
  warningMessage,
  weeklySummary,
} from './messages.js';

const STEP = /^(.*) by (\S+) at (\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/;

function incidentOf(snapshot: Snapshot, about: string | undefined): Incident | undefined {
  const id = /^IN-\d+/.exec(about ?? '')?.[0];
  return id ? snapshot.table('Incidents').byId(id)?.values : undefined;
}

/** An Incidents row as the queue post shows it. The reporter is not part of it. */
export function incidentView(incident: Incident, snapshot: Snapshot): IncidentView {
  const zone = snapshot.timeZone;
  const { excerpt, details } = parseDetails(incident.details);
  const steps: IncidentStep[] = (incident.decision ?? '')
    .split('\n')
    .map((line) => STEP.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      what: m[1] as string,
      by: m[2] as string,
      at: DateTime.fromFormat(m[3] as string, 'yyyy-MM-dd HH:mm', { zone }),
    }));
  const slackId = subjectSlackId(incident);
  // The sheet keeps `Eve (U0EVE)`; the message shows `<@U0EVE> (Eve)`, so the ID is not repeated.
  const about = incident.about ?? '';
  return {
    incidentId: incident.incidentId as string,
    severity: incident.severity ?? 'Medium',
    status: incident.status ?? 'Open',
    level: incident.level ?? 1,
    about: slackId ? about.replace(` (${slackId})`, '').trim() : about,
    ...(slackId ? { aboutSlackId: slackId } : {}),
    ...(incident.rule ? { rule: incident.rule } : {}),
    ...(excerpt ? { excerpt } : {}),
    ...(details ? { details } : {}),
    ...(incident.where ? { where: incident.where } : {}),
    reported: incident.reported ?? DateTime.fromMillis(0),
    ...(incident.repeat ? { repeat: incident.repeat } : {}),
    ...(incident.assignee ? { assignee: incident.assignee } : {}),
    ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}),
    steps,
    ...(severePending(snapshot, incident.incidentId as string) ? { severePending: true } : {}),
    timeZone: zone,
  };
}

/** A suspension or ban asked from this incident and still waiting for its second leader. */
function severePending(snapshot: Snapshot, incidentId: string): boolean {
  return snapshot
    .table('Approvals')
    .rows.some(
      (r) =>
        (r.values.kind === 'ban' || r.values.kind === 'suspend') &&
        r.values.status === 'Pending' &&
        (r.values.summary ?? '').startsWith(`${incidentId}:`),
    );
}

function withIncident(
  row: OutboxRow,
  snapshot: Snapshot,
  render: (incident: Incident, view: IncidentView) => ReturnType<Renderer>,
): ReturnType<Renderer> {
  const incident = incidentOf(snapshot, row.about);
  if (!incident?.incidentId) return skip(`no incident ${row.about ?? ''}`);
  return render(incident, incidentView(incident, snapshot));
}

const isSlackLink = (text: string | undefined) => /^https:\/\/[^/\s]*slack\.com\/archives\//.test(text ?? '');

/** Renderers for moderation's Outbox kinds. */
export const MODERATION_RENDERERS: Record<ModerationKind, Renderer> = {
  [MODERATION_KINDS.post]: (row, snapshot) =>
    withIncident(row, snapshot, (incident, view) => {
      if (!row.to) return skip('nobody to tell');
      const copy = (row.about ?? '').endsWith(' copy');
      return {
        ...post(row.to, incidentPost(view)),
        ...(copy ? {} : { permalinkTo: { tab: 'Incidents' as const, id: incident.incidentId as string } }),
      };
    }),

  [MODERATION_KINDS.update]: (row, snapshot) =>
    withIncident(row, snapshot, (incident, view) => {
      if (!incident.slackMessage) return skip(`the post for ${incident.incidentId} was never made`);
      const { text, blocks } = incidentPost(view);
      return { kind: 'update', permalink: incident.slackMessage, message: { text, blocks } };
    }),

  [MODERATION_KINDS.escalation]: (row, snapshot) =>
    withIncident(row, snapshot, (incident, view) => {
      if (!row.to) return skip('nobody to tell');
      const level = Number((row.about ?? '').split(' ')[1] ?? incident.level ?? 2);
      if (incident.status !== 'Open') return skip(`${incident.incidentId} was ${incident.status} meanwhile`);
      const leader = subjectLeader(snapshot, incident.about ?? '');
      // A DM speaks to its reader; the channel post names everyone who should look.
      const mentions = isUserId(row.to)
        ? []
        : recipientsAt(snapshot, level, leader?.slackId).map((l) => l.slackId);
      const waitedHours = Math.floor((row.due as DateTime).diff(view.reported, 'hours').hours);
      return post(
        row.to,
        escalationMessage({
          incident: view,
          level,
          mentions,
          waitedHours,
          ...(incident.slackMessage ? { link: incident.slackMessage } : {}),
        }),
      );
    }),

  [MODERATION_KINDS.receipt]: (row, snapshot) =>
    withIncident(row, snapshot, (_incident, view) => {
      const to = row.to ? personAt(row.to, snapshot) : undefined;
      if (!to) return skip('the report was anonymous');
      return post(
        to,
        reportReceipt({
          groupName: snapshot.settings.groupName,
          ...(view.excerpt ? { excerpt: view.excerpt } : {}),
        }),
      );
    }),

  [MODERATION_KINDS.closed]: (row, snapshot) =>
    withIncident(row, snapshot, (incident) => {
      const to = row.to ? personAt(row.to, snapshot) : undefined;
      if (!to) return skip('the report was anonymous');
      if (incident.status !== 'Resolved' && incident.status !== 'Dismissed')
        return skip(`${incident.incidentId} was reopened`);
      return post(to, reportClosed({ groupName: snapshot.settings.groupName, outcome: incident.status }));
    }),

  [MODERATION_KINDS.warning]: (row, snapshot) =>
    withIncident(row, snapshot, (incident) => {
      if (!row.to) return skip('nobody to warn');
      const member = memberBySlackId(snapshot, row.to);
      return post(
        row.to,
        warningMessage({
          groupName: snapshot.settings.groupName,
          ...(member?.name ? { name: member.name } : {}),
          ...(incident.rule ? { rule: incident.rule } : {}),
          ...(snapshot.settings.groundRulesLink ? { rulesLink: snapshot.settings.groundRulesLink } : {}),
          ...(isSlackLink(incident.where) ? { link: incident.where as string } : {}),
        }),
      );
    }),

  [MODERATION_KINDS.removal]: (row, snapshot) =>
    withIncident(row, snapshot, (incident, view) => {
      if (!row.to || !isSlackLink(incident.where)) return skip('no message link');
      const asked = [...view.steps].reverse().find((s) => s.what.startsWith('Removal requested'));
      return post(
        row.to,
        removalTask({
          incidentId: incident.incidentId as string,
          link: incident.where as string,
          requestedBy: asked?.by ?? '',
        }),
      );
    }),

  // Not a message: the member taken out of a channel, where Slack lets a bot do it.
  [MODERATION_KINDS.kick]: (row, snapshot) => {
    const member = row.about ? snapshot.table('Members').byId(row.about)?.values : undefined;
    if (!member?.slackId || !row.to) return skip('no Slack account to remove');
    return { kind: 'kick', channel: row.to, user: member.slackId };
  },

  [MODERATION_KINDS.removalReport]: (row, snapshot) => {
    const approval = row.about ? snapshot.table('Approvals').byId(row.about)?.values : undefined;
    const member = approval?.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
    if (!approval || !member?.memberId || !row.to)
      return skip(`no approval or member for ${row.about ?? ''}`);
    const kicks = snapshot
      .table('Outbox')
      .rows.map((r) => r.values)
      .filter((r) => r.kind === MODERATION_KINDS.kick && r.about === member.memberId);
    const action = member.status === 'Banned' ? 'Banned' : 'Suspended';
    const incidentId = /^(IN-\d+):/.exec(approval.summary ?? '')?.[1];
    return post(
      row.to,
      memberRemovalReport({
        member: member.name || member.email,
        ...(member.slackId ? { slackId: member.slackId } : {}),
        action,
        ...(incidentId ? { incidentId } : {}),
        removedFrom: kicks.filter((k) => k.status === 'Sent').map((k) => k.to ?? ''),
        notRemoved: kicks
          .filter((k) => k.status !== 'Sent')
          .map((k) => ({ channel: k.to ?? '', reason: k.lastError ?? k.status })),
      }),
    );
  },

  [MODERATION_KINDS.summary]: (row, snapshot) => {
    const zone = snapshot.timeZone;
    const to = DateTime.fromFormat((row.about ?? '').replace(/^week to /, ''), 'yyyy-MM-dd HH:mm', { zone });
    if (!to.isValid || !row.to) return skip(`cannot tell which week "${row.about ?? ''}" means`);
    const from = to.minus({ weeks: 1 });
    const all = snapshot.table('Incidents').rows.map((r) => r.values);
    const week = all.filter((i) => i.reported && i.reported >= from && i.reported < to);
    const byStatus: Record<string, number> = {};
    const byRule = new Map<string, number>();
    for (const i of week) {
      byStatus[i.status ?? 'Open'] = (byStatus[i.status ?? 'Open'] ?? 0) + 1;
      byRule.set(i.rule || '(no rule)', (byRule.get(i.rule || '(no rule)') ?? 0) + 1);
    }
    const waits = week
      .filter((i) => i.acknowledgedAt && i.reported)
      .map((i) => (i.acknowledgedAt as DateTime).diff(i.reported as DateTime, 'minutes').minutes);
    const medianAck = median(waits);
    const groupName = snapshot.settings.groupName;
    const moderation = weeklySummary({
      groupName,
      from,
      to,
      byStatus,
      byRule: [...byRule].sort((a, b) => b[1] - a[1]),
      stillOpen: all.filter((i) => i.status === 'Open' || i.status === 'Acknowledged').length,
      ...(medianAck !== undefined ? { medianAckMinutes: medianAck } : {}),
      timeZone: zone,
    });
    const community = communityDigest(digestFigures(snapshot, from, to), {
      groupName,
      period: periodOf(from, to, zone),
      timeZone: zone,
    });
    return post(row.to, leadersDigest(community, moderation));
  },
};
