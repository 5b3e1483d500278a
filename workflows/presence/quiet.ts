/**
 * Quiet check-ins (README "Presence", point 3). With Settings → Check in on quiet members, an Active member on
 * Slack whose level is Quiet gets one friendly DM at most every 90 days, at 10:00 (out of quiet hours), 50 a day
 * at most. Its **Not interested any more** button, confirmed, makes them Left: the tick then does what a leaving
 * does (their seats go to the waitlist, messages planned for them are cancelled).
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, hasOutbox, planMessage } from '../records.js';
import { engagementOf } from './engagement.js';
import { QUIET_REFUSALS } from './quiet-messages.js';

/** Outbox kinds of the check-ins. */
export const QUIET_KINDS = {
  /** The DM: To `member:M-1`, About the Member ID. */
  checkin: 'quiet.checkin',
  /** The goodbye: To their Slack ID (a member who left has what is planned for them cancelled), About the Member ID. */
  goodbye: 'quiet.goodbye',
  /** The check-in edited to lose its button: To its DM channel, About its ts. */
  answered: 'quiet.answered',
} as const;
export type QuietKind = (typeof QUIET_KINDS)[keyof typeof QUIET_KINDS];

/** At most one check-in per member in this many days. */
export const CHECK_IN_EVERY_DAYS = 90;
/** At most this many a day, so a large group that switches it on hears it over a few days. */
export const CHECK_INS_PER_DAY = 50;
/** When a day's check-ins go out (group time), moved out of quiet hours. */
export const CHECK_IN_HOUR = 10;

/** The latest check-in planned for each member (its Due), whatever became of it. */
function lastCheckIns(snapshot: Snapshot): Map<string, DateTime> {
  const last = new Map<string, DateTime>();
  for (const { values: row } of snapshot.table('Outbox').rows) {
    if (row.kind !== QUIET_KINDS.checkin || !row.about) continue;
    const before = last.get(row.about);
    if (!before || row.due > before) last.set(row.about, row.due);
  }
  return last;
}

/** The daily step's part: today's check-ins, planned for 10:00 (or now, when later), out of quiet hours. */
export function planQuietCheckIns(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const { settings } = snapshot;
  if (!settings.checkInOnQuietMembers) return plan;
  const zone = snapshot.timeZone;
  const day = now.setZone(zone).startOf('day');
  const ten = day.set({ hour: CHECK_IN_HOUR });
  const due = afterQuietHours(ten > now ? ten : now, zone, settings.quietHours);
  const engagement = engagementOf(snapshot, now);
  const last = lastCheckIns(snapshot);
  let planned = 0;
  for (const { values: m } of snapshot.table('Members').rows) {
    if (planned >= CHECK_INS_PER_DAY) break;
    const id = m.memberId;
    if (!id || m.status !== 'Active' || !m.slackId || engagement.get(id)?.level !== 'Quiet') continue;
    const before = last.get(id);
    if (before && before.plus({ days: CHECK_IN_EVERY_DAYS }) > due) continue;
    const key = `quiet.checkin:${id}:${day.toISODate()}`;
    if (hasOutbox(snapshot, key)) continue;
    const message = planMessage(key, { kind: QUIET_KINDS.checkin, to: memberAddress(id), about: id, due });
    plan.changes.push(message.change);
    if (due <= now) plan.send.push(message.id);
    planned += 1;
  }
  if (planned > 0)
    plan.notes.push(`presence: ${planned} quiet check-in(s) at ${due.setZone(zone).toFormat('HH:mm')}`);
  return plan;
}

/**
 * Not interested any more, confirmed: only by the member the check-in was for, and only while Active. They are
 * Left (Audit `member.left`), told goodbye once, and the check-in loses its button. The goodbye is keyed by the
 * message clicked, so the same click delivered twice (or pressed twice) acts once.
 */
export function planQuietClick(click: InputOf<'quiet_click'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const refuse = (text: string, why: string) => {
    plan.notes.push(`${click.identity}: not interested any more, refused (${why})`);
    if (click.channel) plan.ephemerals.push({ channel: click.channel, user: click.user, text });
    return plan;
  };
  const member = snapshot.table('Members').byId(click.memberId)?.values;
  if (!member?.memberId || member.slackId !== click.user)
    return refuse(QUIET_REFUSALS.notYours, `not ${click.memberId}'s`);
  const id = member.memberId;
  const at = click.messageTs ? `${click.channel}:${click.messageTs}` : click.identity;
  const goodbyeKey = `quiet.goodbye:${id}:${at}`;
  if (hasOutbox(snapshot, goodbyeKey)) {
    plan.notes.push(`${click.identity}: ${id} has left already`);
    return plan;
  }
  if (member.status !== 'Active')
    return refuse(QUIET_REFUSALS.notActive, `${id} is ${member.status ?? 'blank'}`);
  const goodbye = planMessage(goodbyeKey, { kind: QUIET_KINDS.goodbye, to: click.user, about: id, due: now });
  plan.changes.push(
    update('Members', id, { status: 'Left' }),
    audit(now, {
      actor: click.user,
      action: 'member.left',
      target: id,
      details: 'not interested any more (the quiet check-in)',
      key: click.identity,
    }),
    goodbye.change,
  );
  plan.send.push(goodbye.id);
  if (click.channel && click.messageTs) {
    const edit = planMessage(`quiet.answered:${click.channel}:${click.messageTs}`, {
      kind: QUIET_KINDS.answered,
      to: click.channel,
      about: click.messageTs,
      due: now,
    });
    plan.changes.push(edit.change);
    plan.send.push(edit.id);
  }
  plan.notes.push(`${click.identity}: ${id} left (not interested any more)`);
  return plan;
}
