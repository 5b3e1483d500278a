import type { DateTime } from 'luxon';
import { append } from '../sheets-schema/changes.js';
import { planHousekeeping, problemKey } from '../sheets-schema/housekeeping.js';
import { formatProblem, type Problem } from '../sheets-schema/problems.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { NOTE_KIND } from './outbox/kinds.js';
import { emptyPlan, type Plan } from './plan.js';
import { hasOutbox, planMessage } from './records.js';

/**
 * What each tick does with the sheet as organizers left it: IDs for rows added by hand, Problems cells brought
 * up to date, and each problem that has no Problems cell (a bad setting, a missing header) put in Audit and
 * told to the leaders once: the Outbox row it makes is keyed by the problem, so it is never told twice.
 */
export function planSheetHousekeeping(
  snapshot: Snapshot,
  tabs: readonly TabName[],
  now: DateTime,
  rowProblems: readonly Problem[] = [],
): Plan {
  const plan = emptyPlan();
  const housekeeping = planHousekeeping(snapshot, tabs, rowProblems);
  plan.changes.push(...housekeeping.changes);
  if (housekeeping.changes.length > 0) {
    plan.notes.push(`sheet: ${housekeeping.changes.length} ID or Problems cell(s) to write`);
  }
  const to = snapshot.settings.leadersChannel;
  for (const problem of housekeeping.forAudit) {
    const key = problemKey(problem);
    if (hasOutbox(snapshot, key)) continue;
    const details = formatProblem(problem);
    const message = planMessage(key, {
      kind: NOTE_KIND,
      to,
      about: `Hearth needs a fix in the sheet: ${details}`,
      due: now,
    });
    plan.changes.push(
      append('Audit', {
        when: now,
        actor: 'Hearth',
        action: 'sheet.problem',
        target: problem.a1,
        details,
        key,
      }),
      message.change,
    );
    plan.send.push(message.id);
    plan.notes.push(`problem reported: ${details}`);
  }
  return plan;
}
