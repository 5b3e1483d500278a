/**
 * Who sponsored what: an event's `Partners` cell and a project's `Partner` name partners (by Partner ID or
 * name), their `Last sponsored` follows the event's day or the project's end, and the weekly digest warns when
 * too few sponsors gave anything lately.
 */
import type { DateTime } from 'luxon';
import { type Change, type RecordOf, update } from '../../sheets-schema/changes.js';
import { withChanges } from '../../sheets-schema/overlay.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';

export type Partner = RecordOf<'Partners'>;

/** Fewer sponsors than this with a Last sponsored in the last SPONSORED_WITHIN_MONTHS: the digest warns. */
export const SPONSORS_WANTED = 2;
export const SPONSORED_WITHIN_MONTHS = 6;
/** How many sponsors not asked for longest the warning names. */
export const SPONSORS_NAMED = 3;

/** A name as a key: case and spacing do not matter. */
const keyOf = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** `PA-2, Acme Corp`: each named partner, found by Partner ID or by name; one typed wrong is kept as typed. */
export function partnersNamed(snapshot: Snapshot, cell: string | undefined): (Partner | string)[] {
  const table = snapshot.table('Partners');
  const named = new Map<string, Partner | string>();
  for (const part of (cell ?? '').split(',')) {
    const text = part.trim();
    if (!text) continue;
    const found =
      table.byId(text.toUpperCase())?.values ??
      table.rows.find(({ values }) => keyOf(values.name ?? '') === keyOf(text))?.values;
    named.set(found?.partnerId ?? keyOf(text), found?.partnerId ? found : text);
  }
  return [...named.values()];
}

/** The names to thank, as the Partners tab spells them. */
export function partnerNames(snapshot: Snapshot, cell: string | undefined): string[] {
  return partnersNamed(snapshot, cell).map((p) => (typeof p === 'string' ? p : p.name || p.partnerId || ''));
}

/** `Last sponsored` moved to `day` (the start of that day in the group's zone) where it is earlier or empty. */
export function sponsoredOn(snapshot: Snapshot, cell: string | undefined, day: DateTime): Change[] {
  const start = day.setZone(snapshot.timeZone).startOf('day');
  return partnersNamed(snapshot, cell).flatMap((p) =>
    typeof p !== 'string' && p.partnerId && (!p.lastSponsored || p.lastSponsored < start)
      ? [update('Partners', p.partnerId, { lastSponsored: start })]
      : [],
  );
}

/**
 * The tick's step: the partners of each Done event have sponsored it, on its day. Seen from the sheet each
 * time, so an event marked Done by hand counts too, and a second tick changes nothing.
 */
export function planEventSponsors(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  let view = snapshot;
  for (const { values: event } of snapshot.table('Events').rows) {
    if (!event.eventId || event.status !== 'Done' || !event.partners?.trim() || event.starts > now) continue;
    const changes = sponsoredOn(view, event.partners, event.starts);
    if (changes.length === 0) continue;
    plan.changes.push(...changes);
    plan.notes.push(`${event.eventId}: Last sponsored of ${changes.length} partner(s) moved`);
    // Two events naming the same partner: the later day wins, whatever their order in the sheet.
    view = withChanges(view, changes);
  }
  return plan;
}

export interface SponsorWarning {
  /** Sponsors (not Ended) who sponsored something in the last 6 months. */
  recent: number;
  /** Up to 3 sponsors not asked for longest: never sponsored first, then the oldest Last sponsored. */
  longest: { name: string; lastSponsored?: DateTime }[];
}

/**
 * The digest's warning, or undefined when there is nothing to say: enough sponsors gave lately, or the group
 * keeps no sponsors in the Partners tab at all.
 */
export function sponsorWarning(snapshot: Snapshot, now: DateTime): SponsorWarning | undefined {
  const sponsors = snapshot
    .table('Partners')
    .rows.map((r) => r.values)
    .filter((p) => p.partnerId && p.kind === 'Sponsor' && p.stage !== 'Ended');
  if (sponsors.length === 0) return undefined;
  const since = now.minus({ months: SPONSORED_WITHIN_MONTHS });
  const isRecent = (p: Partner) => p.lastSponsored !== undefined && p.lastSponsored >= since;
  const recent = sponsors.filter(isRecent).length;
  if (recent >= SPONSORS_WANTED) return undefined;
  const when = (p: Partner) => p.lastSponsored?.toMillis() ?? Number.NEGATIVE_INFINITY;
  const longest = sponsors
    .filter((p) => !isRecent(p))
    .sort((a, b) => when(a) - when(b))
    .slice(0, SPONSORS_NAMED)
    .map((p) => ({
      name: p.name || (p.partnerId as string),
      ...(p.lastSponsored ? { lastSponsored: p.lastSponsored } : {}),
    }));
  return { recent, longest };
}
