import { ErrorCode, HearthError } from '../sheets-schema/errors.js';
import { highest, type IdMarks } from '../sheets-schema/ids.js';
import { readIfThere, writeFileDurably } from './durable-file.js';

/**
 * Where the last ID given for each prefix is kept outside the sheet, so that neither deleting rows nor an
 * older copy of the sheet saved over Hearth's write can make an ID be given twice. Marks only ever go up.
 */
export interface IdLedger {
  /** The marks as recorded; `fresh` when nothing was ever recorded (a new install, or a lost ledger). */
  read(): Promise<{ marks: Map<string, number>; fresh: boolean }>;
  /** Records `marks` durably (each raised, never lowered) before the sheet is written with them. */
  record(marks: IdMarks): Promise<void>;
}

interface LedgerFile {
  marks: Record<string, number>;
  updated: string;
}

/** The ledger as a small JSON file (beside the local workbook), replaced atomically. */
export function createFileIdLedger(file: string, clock: () => Date = () => new Date()): IdLedger {
  async function load(): Promise<{ marks: Map<string, number>; fresh: boolean }> {
    const text = await readIfThere(file);
    if (text === undefined) return { marks: new Map(), fresh: true };
    try {
      const parsed = JSON.parse(text) as LedgerFile;
      const marks = new Map<string, number>();
      for (const [prefix, n] of Object.entries(parsed.marks ?? {}))
        if (Number.isSafeInteger(n) && n > 0) marks.set(prefix, n);
      return { marks, fresh: false };
    } catch (error) {
      throw new HearthError(
        ErrorCode.LedgerUnreadable,
        `The ID ledger ${file} is not valid JSON`,
        'Restore it from a backup; or delete it and Hearth rebuilds it from the IDs in the sheet, its Outbox and its Audit',
        { cause: error },
      );
    }
  }
  return {
    read: load,
    async record(marks) {
      // Merged with what the file holds now: another writer may have raised a mark since this one read it.
      const merged = highest((await load()).marks, marks);
      const body: LedgerFile = { marks: Object.fromEntries(merged), updated: clock().toISOString() };
      await writeFileDurably(file, `${JSON.stringify(body, null, 2)}\n`);
    },
  };
}

/** A ledger in memory, for tests and for DRY_RUN. */
export function createMemoryIdLedger(
  initial: IdMarks = new Map(),
): IdLedger & { marks: Map<string, number> } {
  const ledger = {
    marks: new Map(initial),
    async read() {
      return { marks: new Map(ledger.marks), fresh: ledger.marks.size === 0 };
    },
    async record(marks: IdMarks) {
      ledger.marks = highest(ledger.marks, marks);
    },
  };
  return ledger;
}
