import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { APPROVE_ACTION, DECLINE_ACTION } from '../approvals/messages.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION } from '../events/messages.js';
import type { Work } from '../inputs.js';
import { MODERATION_KINDS } from '../moderation/decisions.js';
import { INCIDENT_ACTIONS } from '../moderation/messages.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, hasOutbox, planMessage } from '../records.js';
import { parsePermalink } from './delivery.js';
import { OUTDATED_KIND } from './kinds.js';

export const OUTDATED_REPLY =
  'This request is out of date: it is not the message Hearth keeps for it in the sheet, so nothing changed. Its buttons are gone; use the latest message.';

/** Outbox kinds whose messages carry an incident's buttons besides the one in its `Slack message`. */
const INCIDENT_COPIES: ReadonlySet<string> = new Set([MODERATION_KINDS.post, MODERATION_KINDS.escalation]);

/** A button pressed on a message (a click, or the reason modal Resolve and Dismiss open first), by record. */
interface Pressed {
  record: 'Approvals' | 'Events' | 'Incidents';
  /** What was pressed, for Audit. */
  action: string;
  id: string;
  user: string;
  at: { channel: string; ts: string };
}

function pressed(work: Work): Pressed | undefined {
  const on = (
    record: Pressed['record'],
    action: string,
    id: string,
    w: { user: string; channel: string; messageTs?: string | undefined },
  ) =>
    w.channel && w.messageTs
      ? { record, action, id, user: w.user, at: { channel: w.channel, ts: w.messageTs } }
      : undefined;
  switch (work.kind) {
    case 'approval_click':
      return on(
        'Approvals',
        work.decision === 'approve' ? APPROVE_ACTION : DECLINE_ACTION,
        work.approvalId,
        work,
      );
    case 'rsvp_click':
      return on('Events', work.response === 'Yes' ? RSVP_YES_ACTION : RSVP_NO_ACTION, work.eventId, work);
    case 'incident_click':
    case 'incident_reason':
      return on('Incidents', INCIDENT_ACTIONS[work.action], work.incidentId, work);
    default:
      return undefined;
  }
}

const isMessage = (link: string | undefined, at: { channel: string; ts: string }) => {
  const target = parsePermalink(link ?? '');
  return target !== undefined && target.channel === at.channel && target.ts === at.ts;
};

/**
 * The messages whose buttons may act on the record a click names: the approval's, the announcement's, the
 * incident's (and its copies and escalations, by their Outbox rows' links). `undefined`: not a button Hearth
 * checks this way. `known: false`: no such record any more (a row lost or removed).
 */
function messagesFor(
  { record, id }: Pressed,
  snapshot: Snapshot,
): { known: boolean; links: (string | undefined)[] } {
  if (record !== 'Incidents') {
    const row = snapshot.table(record).byId(id)?.values;
    return { known: row !== undefined, links: [row?.slackMessage] };
  }
  const incident = snapshot.table('Incidents').byId(id)?.values;
  const copies = snapshot
    .table('Outbox')
    .rows.filter(
      ({ values }) => INCIDENT_COPIES.has(values.kind) && (values.about ?? '').split(' ')[0] === id,
    )
    .map(({ values }) => values.slackMessage);
  return { known: incident !== undefined, links: [incident?.slackMessage, ...copies] };
}

/**
 * A click is honoured only from a message Hearth keeps for its record. From any other (an old message after an
 * older copy of the sheet was restored, a request whose row was deleted) it changes nothing: the person is told
 * it is out of date and that message loses its buttons, once. A record whose link Hearth never learnt (Slack
 * gave none) is not refused: the click is checked as before.
 */
export function outdatedClick(work: Work, snapshot: Snapshot, now: DateTime): Plan | undefined {
  const press = pressed(work);
  const expected = press && messagesFor(press, snapshot);
  if (!press || !expected) return undefined;
  const { at, user } = press;
  const links = expected.links.filter((link): link is string => Boolean(link));
  if (expected.known && (links.length === 0 || links.some((link) => isMessage(link, at)))) return undefined;
  const plan = emptyPlan();
  const key = `outdated:${at.channel}:${at.ts}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${work.identity}: a click on an out-of-date message, already answered`);
    return plan;
  }
  const message = planMessage(key, { kind: OUTDATED_KIND, to: at.channel, about: at.ts, due: now });
  plan.changes.push(
    audit(now, {
      actor: user,
      action: 'click.out-of-date',
      target: press.id,
      details: `${press.action} from a message that is not ${expected.known ? 'the one kept in the sheet' : 'about any row in the sheet'}; nothing changed`,
      key: work.identity,
    }),
    message.change,
  );
  plan.send.push(message.id);
  if (user) plan.ephemerals.push({ channel: at.channel, user, text: OUTDATED_REPLY });
  plan.notes.push(`${work.identity}: out of date, buttons removed`);
  return plan;
}
