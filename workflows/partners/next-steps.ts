/**
 * A partner's next step reaches its owner: on the `Next step on` day at 09:00 in the group's zone (after quiet
 * hours when they last past it), once per date, by DM to the owner, a leader. An owner Hearth cannot find among
 * the Leaders goes to the leaders channel, so the step is not lost.
 */
import { DateTime } from 'luxon';
import { isUserId, userIdIn } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, planMessage } from '../records.js';

/** The Outbox kind: To the owner's Slack ID or the leaders channel; About `PA-1 2026-03-30`. */
export const NEXT_STEP_KIND = 'partner.next-step';
export type PartnerKind = typeof NEXT_STEP_KIND;

/** The local time of day the reminder is due. */
export const NEXT_STEP_HOUR = 9;
/** A date further back than this is history (a sheet filled in late, a long outage): not reminded. */
export const NEXT_STEP_WITHIN_DAYS = 3;

/** The owner's Slack ID: as typed, inside a mention, or the Leaders row with that name. */
export function ownerSlackId(snapshot: Snapshot, owner: string | undefined): string | undefined {
  const text = owner?.trim() ?? '';
  if (!text) return undefined;
  if (isUserId(text)) return text;
  const inside = userIdIn(text);
  if (inside) return inside;
  const name = text.toLowerCase();
  return snapshot
    .table('Leaders')
    .rows.find(({ values }) => values.active !== false && (values.name ?? '').trim().toLowerCase() === name)
    ?.values.slackId;
}

/** 09:00 on `day` (a date in `zone`), moved out of quiet hours. */
export function nextStepTime(day: string, snapshot: Snapshot): DateTime {
  const at = DateTime.fromISO(day, { zone: snapshot.timeZone }).set({ hour: NEXT_STEP_HOUR });
  return afterQuietHours(at, snapshot.timeZone, snapshot.settings.quietHours);
}

/** The tick's step: each partner's next step, when its day's time has come, once per date. */
export function planPartnerNextSteps(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  for (const { values: partner } of snapshot.table('Partners').rows) {
    const id = partner.partnerId;
    if (!id || !partner.nextStep?.trim() || !partner.nextStepOn || partner.stage === 'Ended') continue;
    const day = partner.nextStepOn.setZone(snapshot.timeZone).toISODate() ?? '';
    const due = nextStepTime(day, snapshot);
    if (due > now || now.diff(due, 'days').days > NEXT_STEP_WITHIN_DAYS) continue;
    const key = `partner-next-step:${id}:${day}`;
    if (hasOutbox(snapshot, key)) continue;
    const owner = ownerSlackId(snapshot, partner.owner);
    const message = planMessage(key, {
      kind: NEXT_STEP_KIND,
      to: owner ?? snapshot.settings.leadersChannel,
      about: `${id} ${day}`,
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
    plan.notes.push(`${id}: next step of ${day} to ${owner ?? 'the leaders channel (owner not found)'}`);
  }
  return plan;
}

/** `PA-1 2026-03-30` → its parts. */
export function parseNextStepAbout(
  about: string | undefined,
): { partnerId: string; day: string } | undefined {
  const m = /^(PA-\d+) (\d{4}-\d{2}-\d{2})$/.exec((about ?? '').trim());
  return m ? { partnerId: m[1] as string, day: m[2] as string } : undefined;
}
