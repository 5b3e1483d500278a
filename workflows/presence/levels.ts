import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';
import { engagementOf, levelCounts } from './engagement.js';

/**
 * The daily step's part that writes Members → Engagement: each Active member's level, blank for the others.
 * Only cells that differ are written, so a quiet day costs a handful of cells; a level typed by hand is put back.
 */
export function planEngagementLevels(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const members = snapshot.table('Members');
  // A sheet not provisioned since the column came: nothing to write to (provision adds it).
  if (members.headers.index.engagement === undefined) return plan;
  const engagement = engagementOf(snapshot, now);
  for (const { values: m } of members.rows) {
    if (!m.memberId) continue;
    const level = engagement.get(m.memberId)?.level;
    if (m.engagement !== level)
      plan.changes.push(update('Members', m.memberId, { engagement: level ?? null }));
  }
  // A word typed by hand that is no level sets the row aside as invalid: cleared, it is worked out tomorrow.
  for (const row of members.invalid) {
    const onlyEngagement = row.problems.every((p) => p.header === members.spec.columns.engagement.header);
    if (row.id && onlyEngagement) plan.changes.push(update('Members', row.id, { engagement: null }));
  }
  const counts = levelCounts(engagement);
  plan.notes.push(
    `engagement: ${plan.changes.length} cell(s) changed; Core ${counts.Core}, Regular ${counts.Regular}, Casual ${counts.Casual}, New ${counts.New}, Quiet ${counts.Quiet}, drifting ${counts.drifting}`,
  );
  return plan;
}
