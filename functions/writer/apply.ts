import type { IdMarks } from '../../sheets-schema/ids.js';
import type { Workbook } from '../../sheets-schema/workbook.js';
import type { BatchDecision } from '../../workflows/batch.js';
import type { IdLedger } from '../id-ledger.js';

export interface ApplyDeps {
  workbook: Workbook;
  ids: IdLedger;
  timeZone: string;
  /** Aborted when the writers' lease is lost: another writer holds it now. */
  signal: AbortSignal;
  /** The ledger's marks the batch was decided with. */
  ledger: IdMarks;
  /** Told the marks as soon as the ledger holds them, whether or not the sheet's write then succeeds. */
  recorded: (marks: IdMarks) => void;
}

/**
 * The apply step: the batch's IDs are recorded in the ledger outside the sheet first (so that no restore of the
 * sheet can bring them back), then every change goes to the sheet in one write. Not a cell is written once the
 * writers' lease is lost.
 */
export async function applyDecision(decision: Pick<BatchDecision, 'changes' | 'ids'>, deps: ApplyDeps) {
  const { marks } = decision.ids;
  if ([...marks].some(([prefix, n]) => n > (deps.ledger.get(prefix) ?? 0))) {
    await deps.ids.record(marks);
    deps.recorded(marks);
  }
  deps.signal.throwIfAborted();
  if (decision.changes.length > 0) await deps.workbook.apply(decision.changes, { timeZone: deps.timeZone });
}
