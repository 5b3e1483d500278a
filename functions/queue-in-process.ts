import { describeError } from '../common/errors.js';
import { handOverKey } from '../workflows/inputs.js';
import { readHandedOver } from '../workflows/legacy-inputs.js';
import { createMemoryJournal, type Journal } from './journal.js';
import type { HandOver, Work } from './work.js';

/** Where delivery failures go. Never given tokens: work carries none. */
export type HandOverLog = (message: string, fields: Record<string, unknown>) => void;

export interface InProcessHandOver extends HandOver {
  readonly kind: 'in-process';
  /** Resolves when every delivery under way (and any started meanwhile) has settled; retries wait on. */
  idle(): Promise<void>;
  /** Hands over again what the journal kept from before (the stack stopped or crashed): call once at start. */
  replay(): Promise<number>;
  /** How many pieces of work are accepted and not yet applied. */
  waiting(): number;
}

export interface InProcessHandOverOptions {
  /** How many recent identities are remembered to drop immediate duplicates. Default 10,000. */
  remember?: number;
  /** Where accepted work is kept until it is applied (default: memory, which a crash loses: tests only). */
  journal?: Journal;
  /** How long to wait before the `attempt`th new try of work that failed or was held (default 1 s, doubling, at most 60 s). */
  retryDelayMs?: (attempt: number) => number;
}

const defaultLog: HandOverLog = (message, fields) => console.error(message, fields);
const defaultDelay = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));

/**
 * The hand-over for the local stack and tests: the door returns once the work is in the journal, and the
 * writer applies it moments later, as with Cloud Tasks. Work the writer could not apply (a failed batch, a
 * Sheets outage, the workbook open elsewhere, a paused tab) stays in the journal and is tried again, with
 * backoff, until it is applied; at start, what a crash left in the journal is handed over again.
 */
export function createInProcessHandOver(
  /** Applies the work; an answer with `status: 'held'` (a tab it touches is paused) means: not yet, again later. */
  deliver: (work: Work) => Promise<unknown>,
  log: HandOverLog = defaultLog,
  options: InProcessHandOverOptions = {},
): InProcessHandOver {
  const remember = options.remember ?? 10_000;
  const journal = options.journal ?? createMemoryJournal();
  const delayOf = options.retryDelayMs ?? defaultDelay;
  // A Set keeps insertion order: the first entry is the oldest.
  const recent = new Set<string>();
  /** Accepted and not applied yet, by hand-over key. */
  const open = new Set<string>();
  const running = new Set<Promise<void>>();

  const note = (message: string, fields: Record<string, unknown>) => {
    try {
      log(message, fields);
    } catch {
      // A broken log must not turn into an unhandled rejection.
    }
  };

  function attempt(key: string, work: Work, tries: number): void {
    // After this turn of the event loop, so the door answers before the writer runs.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => deliver(work))
      .then(
        async (outcome) => {
          if ((outcome as { status?: unknown } | undefined)?.status === 'held')
            return retry(key, work, tries, 'held: a tab it touches is paused');
          open.delete(key);
          await journal.done(key).catch((error: unknown) =>
            note('Marking work done in the journal failed; it may be applied again, once', {
              identity: work.identity,
              error: describeError(error),
            }),
          );
        },
        (error: unknown) => retry(key, work, tries, describeError(error)),
      )
      .finally(() => running.delete(run));
    running.add(run);
  }

  function retry(key: string, work: Work, tries: number, why: string): void {
    const wait = delayOf(tries);
    if (tries === 1 || wait >= 60_000)
      note('The writer could not apply work yet; it is kept and tried again', {
        identity: work.identity,
        error: why,
        retryInSeconds: Math.round(wait / 1000),
      });
    setTimeout(() => attempt(key, work, tries + 1), wait).unref();
  }

  function remembered(key: string): void {
    recent.add(key);
    if (recent.size > remember) recent.delete(recent.values().next().value as string);
  }

  return {
    kind: 'in-process',
    async handOver(work: Work): Promise<void> {
      // Through JSON like the cloud's task body, so local work can't carry what wouldn't survive the queue.
      const copy = JSON.parse(JSON.stringify(work)) as Work;
      const key = handOverKey(work);
      if (recent.has(key) || open.has(key)) return;
      await journal.put(key, copy);
      remembered(key);
      open.add(key);
      attempt(key, copy, 1);
    },
    async replay(): Promise<number> {
      const kept = await journal.pending();
      let replayed = 0;
      for (const { key, work } of kept) {
        if (open.has(key)) continue;
        // Written by this version or an older one: read as today's input, checked like any hand-over.
        const read = readHandedOver(work);
        if (!read.ok) {
          // Kept in the journal, not lost: a later version may read it. Said at every start until then.
          note('Accepted work in the journal cannot be read; it is kept there and not applied', {
            identity: (work as { identity?: unknown }).identity,
            error: read.problem,
          });
          continue;
        }
        remembered(key);
        open.add(key);
        attempt(key, read.work, 1);
        replayed++;
      }
      return replayed;
    },
    waiting: () => open.size,
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
