import { type Clock, systemClock } from '../common/clock.js';
import { LedgerError } from '../common/errors.js';
import { highest, type IdMarks } from '../sheets-schema/ids.js';
import { createStorage, type StorageOptions } from './cloud-storage.js';
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

/** Records under way, per ledger file, in this process. */
const recording = new Map<string, Promise<unknown>>();

/** The ledger as a small JSON file (beside the local workbook), replaced atomically. */
export function createFileIdLedger(file: string, clock: Clock = systemClock): IdLedger {
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
      throw new LedgerError(
        `The ID ledger ${file} is not valid JSON`,
        'Restore it from a backup; or delete it and Hearth rebuilds it from the IDs in the sheet, its Outbox and its Audit',
        { cause: error },
      );
    }
  }
  return {
    read: load,
    record(marks) {
      // Merged with what the file holds now (another writer in this process may have raised a mark since this
      // one read it), one record at a time per file.
      const run = (recording.get(file) ?? Promise.resolve()).then(async () => {
        const merged = highest((await load()).marks, marks);
        const body: LedgerFile = {
          marks: Object.fromEntries(merged),
          updated: clock.now().toUTC().toISO() as string,
        };
        await writeFileDurably(file, `${JSON.stringify(body, null, 2)}\n`);
      });
      recording.set(
        file,
        run.catch(() => undefined),
      );
      return run;
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

export interface CloudStorageIdLedgerOptions extends StorageOptions {
  /** The object's name. Default `hearth/ids.json`. */
  object?: string;
}

/** How many times a record races other writers' before it gives up (to be tried again with its batch). */
const RECORD_TRIES = 20;

/**
 * The ledger as an object in the writers' lease bucket (in Google Cloud the disk does not last): its marks are
 * the object's metadata, raised by compare-and-set on its generation, so two writers never lower each other's.
 */
export function createCloudStorageIdLedger(options: CloudStorageIdLedgerOptions): IdLedger {
  const storage = createStorage(options);
  const object = options.object ?? 'hearth/ids.json';
  const url = storage.objectUrl(object);
  const unavailable = (detail: string) =>
    new LedgerError(
      `The ID ledger ${storage.where(object)} cannot be used: ${detail}`,
      `Check that WRITER_LEASE_BUCKET names a bucket the writer's service account may use (npm run deploy grants roles/storage.objectUser on gs://${storage.bucket})`,
      { retryable: true },
    );

  async function current(): Promise<{ marks: Map<string, number>; generation: string }> {
    const answer = await storage.request('GET', url, {});
    if (answer.kind === 'absent') return { marks: new Map(), generation: '0' };
    if (answer.kind !== 'ok' || !answer.object)
      throw unavailable('detail' in answer ? answer.detail : 'a conflict');
    const marks = new Map<string, number>();
    for (const [key, value] of Object.entries(answer.object.metadata ?? {})) {
      const n = Number(value);
      if (key.endsWith('-') && Number.isSafeInteger(n) && n > 0) marks.set(key, n);
    }
    return { marks, generation: String(answer.object.generation) };
  }

  return {
    async read() {
      const { marks, generation } = await current();
      return { marks, fresh: generation === '0' };
    },
    async record(marks) {
      for (let tries = 1; tries <= RECORD_TRIES; tries++) {
        const now = await current();
        const merged = highest(now.marks, marks);
        const answer = await storage.upload(
          object,
          Object.fromEntries([...merged].map(([prefix, n]) => [prefix, String(n)])),
          "Hearth's ID ledger: the last ID given for each prefix. Never lower these: IDs would be given twice.",
          now.generation,
        );
        if (answer.kind === 'ok') return;
        if (answer.kind !== 'conflict') throw unavailable('detail' in answer ? answer.detail : 'refused');
        // Another writer recorded first: read its marks again, after a short, random pause.
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * tries));
      }
      throw unavailable(`another writer kept changing it (${RECORD_TRIES} tries)`);
    },
  };
}
