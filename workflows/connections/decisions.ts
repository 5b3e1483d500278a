/**
 * The buttons of an intro: We met, Not yet and Skip this one answer the check-in for the group; Pause, Stop and
 * Resume change the clicker's own `Intros`. Each is one click answered with a reply only the clicker sees;
 * the same click delivered again changes nothing and says nothing.
 */
import type { DateTime } from 'luxon';
import { type Change, update } from '../../sheets-schema/changes.js';
import type { IntrosChoice } from '../../sheets-schema/columns.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { IntroOutcome } from '../../sheets-schema/tabs/intros.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, idList, memberBySlackId } from '../records.js';
import { introMembers } from './intros.js';
import { INTRO_REFUSALS, type IntroAction, introReply, PAUSE_WEEKS } from './messages.js';

export function planIntroClick(click: InputOf<'intro_click'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const zone = snapshot.timeZone;
  const reply = (text: string) => plan.ephemerals.push({ channel: click.channel, user: click.user, text });
  const member = memberBySlackId(snapshot, click.user);
  if (!member?.memberId) {
    reply(INTRO_REFUSALS.notMember);
    return plan;
  }
  const changes =
    click.action === 'pause' || click.action === 'stop' || click.action === 'resume'
      ? ownChoice(click, member.memberId, member.intros, now, zone)
      : checkIn(click, member.memberId, snapshot);
  if ('refused' in changes) {
    reply(changes.refused);
    return plan;
  }
  if (changes.length === 0) {
    plan.notes.push(`${click.identity}: ${click.action} changes nothing; already so`);
    return plan;
  }
  plan.changes.push(
    ...changes,
    audit(now, {
      actor: click.user,
      action: `intros.${click.action}`,
      target: click.action === 'resume' ? member.memberId : click.value,
      key: click.identity,
    }),
  );
  const pausedUntil = pauseEnd(now, zone);
  reply(introReply(click.action, { pausedUntil, timeZone: zone }));
  plan.notes.push(`${click.identity}: ${member.memberId} ${click.action} (${click.value})`);
  return plan;
}

/** The last day of a pause started now: four weeks on, in the group's zone. */
const pauseEnd = (now: DateTime, zone: string) =>
  now.setZone(zone).plus({ weeks: PAUSE_WEEKS }).startOf('day');

/** Pause, Stop or Resume: the clicker's own Intros cell. */
function ownChoice(
  click: InputOf<'intro_click'>,
  memberId: string,
  current: IntrosChoice | undefined,
  now: DateTime,
  zone: string,
): Change[] | { refused: string } {
  // Resume comes from a DM to one member: the button is theirs only.
  if (click.action === 'resume' && click.value !== memberId) return { refused: INTRO_REFUSALS.notYours };
  const wanted: IntrosChoice =
    click.action === 'stop'
      ? { want: 'no' }
      : click.action === 'resume'
        ? { want: 'yes' }
        : { want: 'paused', until: pauseEnd(now, zone) };
  const same =
    current?.want === wanted.want &&
    (wanted.want !== 'paused' ||
      (current.want === 'paused' && current.until?.toISODate() === wanted.until?.toISODate()));
  return same ? [] : [update('Members', memberId, { intros: wanted })];
}

const OUTCOME: Record<'met' | 'notYet' | 'skip', IntroOutcome> = {
  met: 'Yes',
  notYet: 'No',
  skip: 'Skipped',
};

/** We met, Not yet or Skip this one: the group's Met (Yes stays Yes), and who answered. */
function checkIn(
  click: InputOf<'intro_click'>,
  memberId: string,
  snapshot: Snapshot,
): Change[] | { refused: string } {
  const action = click.action as 'met' | 'notYet' | 'skip';
  const intro = snapshot.table('Intros').byId(click.value)?.values;
  if (!intro?.introId) return { refused: INTRO_REFUSALS.gone };
  if (!introMembers(intro).includes(memberId)) return { refused: INTRO_REFUSALS.notInIntro };
  const met: IntroOutcome = intro.met === 'Yes' ? 'Yes' : OUTCOME[action];
  const answered = idList(intro.checkedIn);
  const checkedIn = answered.includes(memberId) ? answered : [...answered, memberId];
  const set: Record<string, unknown> = {};
  if (met !== intro.met) set.met = met;
  if (checkedIn.length !== answered.length) set.checkedIn = checkedIn.join(', ');
  return Object.keys(set).length === 0 ? [] : [update('Intros', intro.introId, set)];
}

export type { IntroAction };
