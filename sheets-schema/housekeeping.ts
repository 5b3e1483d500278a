import { createHash } from 'node:crypto';
import { cellText } from './cells.js';
import { type Change, claim, update } from './changes.js';
import { formatProblem, type Problem } from './problems.js';
import type { Snapshot } from './snapshot.js';
import { specOf, type TabName } from './tabs/index.js';

export interface Housekeeping {
  /** IDs for hand-added rows, and every Problems cell brought in line with what the snapshot found. */
  changes: Change[];
  /** Problems with no Problems cell to go to (Settings, missing headers, tabs without one): for Audit. */
  forAudit: Problem[];
}

/**
 * What the sheet itself should say after a read: each hand-added row gets an ID (found at write time by its
 * organizer cells), each row's Problems cell lists its problems, or is cleared once they are fixed. Idempotent:
 * a second pass over the result plans nothing.
 */
export function planHousekeeping(
  snapshot: Snapshot,
  tabs: readonly TabName[],
  /** Problems the workflows found in rows that parsed (a Capacity below the seats confirmed, say). */
  rowProblems: readonly Problem[] = [],
): Housekeeping {
  const changes: Change[] = [];
  const forAudit: Problem[] = [];
  const settings = snapshot.table('Settings');
  forAudit.push(...snapshot.problems.filter((p) => p.tab === settings.spec.name));
  for (const tab of tabs) {
    if (tab === 'Settings') continue;
    const table = snapshot.table(tab);
    const spec = specOf(tab);
    const problemsKey = spec.problemsKey;
    const text = (problems: Problem[]) => problems.map(formatProblem).join('\n');
    forAudit.push(...table.problems.filter((p) => p.row === 1 || !problemsKey));
    if (problemsKey) {
      const found = new Map<number, Problem[]>();
      for (const p of rowProblems)
        if (p.tab === spec.name) found.set(p.row, [...(found.get(p.row) ?? []), p]);
      for (const row of table.rows) {
        const wanted = text(found.get(row.sheetRow) ?? []);
        const now = String((row.values as Record<string, unknown>)[problemsKey] ?? '');
        if (now.trim() !== wanted) {
          const id = String((row.values as Record<string, unknown>)[spec.idKey as string]);
          changes.push(update(tab, id, { [problemsKey]: wanted || null }));
        }
      }
      for (const row of table.invalid) {
        const wanted = text(row.problems);
        if (row.id && cellText(row.cells[problemsKey] ?? null).trim() !== wanted) {
          changes.push(update(tab, row.id, { [problemsKey]: wanted }));
        }
      }
    }
    if (spec.idPrefix) {
      for (const row of table.unidentified) {
        const wanted = text(row.problems);
        const set =
          problemsKey && row.problemsText !== wanted ? { [problemsKey]: wanted || null } : undefined;
        changes.push(claim(tab, snapshot.nextId(tab), row.match, set));
      }
    }
  }
  return { changes, forAudit };
}

/** A stable key for a reported problem, so the same problem is reported in Audit once. */
export function problemKey(problem: Problem): string {
  const digest = createHash('sha256').update(`${problem.a1}\n${problem.message}`).digest('hex').slice(0, 12);
  return `problem:${problem.a1}:${digest}`;
}
