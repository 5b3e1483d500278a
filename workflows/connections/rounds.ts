/**
 * An intro round, as a tick step: on Settings → Intro day, once every Intro rounds, everyone who wants intros is
 * put in a small group (pairing.ts), each group gets a row in the Intros tab, a group DM now and a check-in
 * halfway to the next round. Someone who left the last three check-ins unanswered is paused first.
 */
import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import type { WeeklyTime } from '../../sheets-schema/settings.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, hasOutbox, idList, type Member, planMessage } from '../records.js';
import { groupAddress, introHistory, wantsIntros } from './intros.js';
import { type Candidate, pairMembers } from './pairing.js';
import { CONNECTIONS_KINDS } from './renderers.js';

/** A round goes out on Intro day: a tick up to this long after its time still sends it (Hearth was down). */
export const ROUND_GRACE_HOURS = 24;

/** Check-ins left unanswered in a row before a member is paused. */
export const UNANSWERED_TO_PAUSE = 3;

/**
 * The round due at `now`, if one is: the latest Intro day moment (moved out of quiet hours) within the grace,
 * when no round was made that day and the last one is at least Intro rounds ago. Its ID is its local date.
 */
export function dueRound(snapshot: Snapshot, now: DateTime): { id: string; at: DateTime } | undefined {
  const { introEveryDays, introDay, quietHours } = snapshot.settings;
  if (introEveryDays <= 0 || !introDay) return undefined;
  const zone = snapshot.timeZone;
  const at = afterQuietHours(latestMoment(introDay, now.setZone(zone)), zone, quietHours);
  if (now < at || now.diff(at, 'hours').hours >= ROUND_GRACE_HOURS) return undefined;
  const id = at.toISODate() as string;
  const rounds = introHistory(snapshot).map((h) => h.round);
  if (rounds.some((round) => round.toISODate() === id)) return undefined;
  const last = rounds.reduce<DateTime | undefined>((a, b) => (a && a >= b ? a : b), undefined);
  // Calendar days, so a round is not missed for an hour of DST.
  if (last && at.startOf('day').diff(last.startOf('day'), 'days').days < introEveryDays) return undefined;
  return { id, at };
}

/** The last `weekly` moment at or before `local` (in its zone). */
function latestMoment(weekly: WeeklyTime, local: DateTime): DateTime {
  const moment = local.set({
    weekday: weekly.weekday as 1,
    hour: weekly.hour,
    minute: weekly.minute,
    second: 0,
    millisecond: 0,
  });
  return moment > local ? moment.minus({ weeks: 1 }) : moment;
}

/** The tick step: the round, when one is due. */
export function planIntroRound(snapshot: Snapshot, now: DateTime): Plan {
  const round = dueRound(snapshot, now);
  if (!round) return emptyPlan();
  const plan = emptyPlan();
  const { settings } = snapshot;
  const zone = snapshot.timeZone;
  const history = introHistory(snapshot);
  const members = snapshot.table('Members').rows.map((r) => r.values);

  // Three check-ins in a row unanswered: paused (and told so), not put in this round.
  const before = round.at.startOf('day');
  const byMember = new Map<string, { round: DateTime; answered: boolean }[]>();
  for (const h of history) {
    if (h.round >= before) continue;
    const answered = new Set(idList(h.row.checkedIn));
    for (const id of h.members) {
      const mine = byMember.get(id) ?? [];
      mine.push({ round: h.round, answered: answered.has(id) });
      byMember.set(id, mine);
    }
  }
  const quiet = new Set<string>();
  for (const member of members) {
    if (!member.memberId || !wantsIntros(member, now, zone)) continue;
    const last = (byMember.get(member.memberId) ?? [])
      .sort((a, b) => b.round.toMillis() - a.round.toMillis())
      .slice(0, UNANSWERED_TO_PAUSE);
    if (last.length === UNANSWERED_TO_PAUSE && last.every((h) => !h.answered)) quiet.add(member.memberId);
  }
  for (const memberId of quiet) {
    plan.changes.push(update('Members', memberId, { intros: { want: 'paused' } }));
    const key = `intro.paused:${memberId}:${round.id}`;
    if (!hasOutbox(snapshot, key)) {
      const told = planMessage(key, {
        kind: CONNECTIONS_KINDS.paused,
        to: memberAddress(memberId),
        about: memberId,
        due: now,
      });
      plan.changes.push(told.change);
      plan.send.push(told.id);
    }
    plan.changes.push(
      audit(now, {
        actor: 'Hearth',
        action: 'intros.paused',
        target: memberId,
        details: `intros paused: the last ${UNANSWERED_TO_PAUSE} check-ins went unanswered`,
        key,
      }),
    );
  }

  // A pause that has ended reads Yes again in the sheet, so organizers see who is in.
  for (const member of members)
    if (member.memberId && member.intros?.want === 'paused' && wantsIntros(member, now, zone))
      plan.changes.push(update('Members', member.memberId, { intros: { want: 'yes' } }));
  const candidates: Candidate[] = members
    .filter((m): m is Member & { memberId: string } => !!m.memberId && !quiet.has(m.memberId))
    .filter((m) => wantsIntros(m, now, zone))
    .map((m) => ({
      memberId: m.memberId,
      ...(m.joined ? { joined: m.joined } : {}),
      interests: (m.interests ?? '')
        .split(',')
        .map((i) => i.trim())
        .filter(Boolean),
    }));
  const pairing = pairMembers(
    candidates,
    history.map((h) => ({ members: h.members, at: h.round })),
    {
      now,
      groupSize: settings.introGroupSize,
      noRepeatDays: settings.noRepeatIntrosForDays,
      seed: round.id,
    },
  );
  const checkIn = afterQuietHours(
    round.at.plus({
      days: Math.floor(settings.introEveryDays / 2),
      hours: (settings.introEveryDays % 2) * 12,
    }),
    zone,
    settings.quietHours,
  );
  for (const group of pairing.groups) {
    const introId = snapshot.nextId('Intros');
    plan.changes.push(
      append('Intros', {
        introId,
        round: round.id,
        members: group.members.join(', '),
        sharedInterests: group.sharedInterests.join(', ') || undefined,
        sent: now,
      }),
    );
    const to = groupAddress(group.members);
    const intro = planMessage(`intro.group:${introId}`, {
      kind: CONNECTIONS_KINDS.group,
      to,
      about: introId,
      due: now,
    });
    const later = planMessage(`intro.checkin:${introId}`, {
      kind: CONNECTIONS_KINDS.checkin,
      to,
      about: introId,
      due: checkIn,
    });
    plan.changes.push(intro.change, later.change);
    plan.send.push(intro.id);
  }
  const people = pairing.groups.reduce((n, g) => n + g.members.length, 0);
  plan.changes.push(
    audit(now, {
      actor: 'Hearth',
      action: 'intros.round',
      target: round.id,
      details: `${pairing.groups.length} group(s), ${people} people${pairing.unpaired.length > 0 ? `; ${pairing.unpaired.join(', ')} had nobody to meet this time` : ''}`,
      key: `intros.round:${round.id}`,
    }),
  );
  if (pairing.relaxed.length > 0)
    plan.changes.push(
      audit(now, {
        actor: 'Hearth',
        action: 'intros.window-relaxed',
        target: round.id,
        details: `the group is too small to avoid every repeat within ${settings.noRepeatIntrosForDays} days: ${pairing.relaxed
          .map((r) => `${r.members.join(' and ')} (last met ${r.lastMet.setZone(zone).toISODate()})`)
          .join('; ')} meet again`,
        key: `intros.window-relaxed:${round.id}`,
      }),
    );
  plan.notes.push(`intros: round ${round.id}, ${pairing.groups.length} group(s) of ${people} people`);
  return plan;
}
