/**
 * Reading the intros memory: who is in each Intros row, who wants to be introduced, and the addresses of a
 * group DM in the Outbox's To column.
 */
import { DateTime } from 'luxon';
import type { RecordOf } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { idList, type Member } from '../records.js';

export type IntroRow = RecordOf<'Intros'>;

/** The Member IDs of an Intros row (`M-1, M-4`), as organizers may have edited them. */
export const introMembers = (row: Pick<IntroRow, 'members'>): string[] => idList(row.members);

/** The Outbox address of an intro's group DM: `group:M-1,M-4`, resolved to Slack IDs when sent. */
export const groupAddress = (memberIds: readonly string[]) => `group:${memberIds.join(',')}`;

export function groupMembers(address: string | undefined): string[] | undefined {
  const match = /^group:(.+)$/.exec(address ?? '');
  return match ? idList(match[1]) : undefined;
}

/**
 * Whether a member is in the next round: Active, on Slack, and Intros = Yes, or a pause that has ended by
 * `now` (on its last day they are in again). Blank is no: intros are opt-in.
 */
export function wantsIntros(member: Member, now: DateTime, zone: string): boolean {
  if (member.status !== 'Active' || !member.slackId || !member.intros) return false;
  const { intros } = member;
  if (intros.want === 'yes') return true;
  if (intros.want !== 'paused' || !intros.until) return false;
  return intros.until.setZone(zone).startOf('day') <= now.setZone(zone);
}

/** Every Intros row with its members and the round's date (rows whose Round is not a date are left out). */
export function introHistory(snapshot: Snapshot): { row: IntroRow; members: string[]; round: DateTime }[] {
  const zone = snapshot.timeZone;
  return snapshot.table('Intros').rows.flatMap(({ values }) => {
    const round = roundDate(values.round, zone);
    return round ? [{ row: values, members: introMembers(values), round }] : [];
  });
}

/** A round's ID is its local date, `2026-12-07`. */
export function roundDate(round: string | undefined, zone: string): DateTime | undefined {
  if (!round || !/^\d{4}-\d{2}-\d{2}$/.test(round.trim())) return undefined;
  const key = `${zone} ${round.trim()}`;
  if (rounds.has(key)) return rounds.get(key);
  const date = DateTime.fromISO(round.trim(), { zone });
  if (rounds.size >= ROUND_CACHE) rounds.clear();
  rounds.set(key, date.isValid ? date : undefined);
  return rounds.get(key);
}

/**
 * Round dates already read: a group has one per round, and every group of a round has the same, so the figures
 * of 12 weeks over thousands of Intros rows read a few dozen dates (a DateTime is immutable: shared safely).
 */
const rounds = new Map<string, DateTime | undefined>();
const ROUND_CACHE = 1000;
