import { handOverKey } from '../workflows/inputs.js';
import type { HandOver, Work } from './work.js';

/** Where delivery failures go. Never given tokens: work carries none. */
export type HandOverLog = (message: string, fields: Record<string, unknown>) => void;

export interface InProcessHandOver extends HandOver {
  readonly kind: 'in-process';
  /** Resolves when every delivery handed over so far (and any handed over meanwhile) has settled. */
  idle(): Promise<void>;
}

export interface InProcessHandOverOptions {
  /** How many recent identities are remembered to drop immediate duplicates. Default 10,000. */
  remember?: number;
}

const defaultLog: HandOverLog = (message, fields) => console.error(message, fields);

/**
 * The hand-over for the local stack and tests: the door returns at once and the writer applies the work
 * moments later, as with Cloud Tasks. Recent identities are remembered so an immediate duplicate is dropped
 * early; the writer still dedupes by identity, so forgetting old ones is safe.
 */
export function createInProcessHandOver(
  deliver: (work: Work) => Promise<unknown>,
  log: HandOverLog = defaultLog,
  options: InProcessHandOverOptions = {},
): InProcessHandOver {
  const remember = options.remember ?? 10_000;
  // A Set keeps insertion order: the first entry is the oldest.
  const recent = new Set<string>();
  const pending = new Set<Promise<void>>();

  return {
    kind: 'in-process',
    async handOver(work: Work): Promise<void> {
      // Through JSON like the cloud's task body, so local work can't carry what wouldn't survive the queue.
      const copy = JSON.parse(JSON.stringify(work)) as Work;
      const key = handOverKey(work);
      if (recent.has(key)) return;
      recent.add(key);
      if (recent.size > remember) recent.delete(recent.values().next().value as string);

      // After this turn of the event loop, so the door answers before the writer runs.
      const delivery = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => deliver(copy))
        .then(
          () => undefined,
          (error: unknown) => {
            // Forgotten so a re-send gets through: locally there is no queue to retry it.
            recent.delete(key);
            try {
              log('Handing work to the writer failed', {
                identity: work.identity,
                error: error instanceof Error ? error.message : String(error),
              });
            } catch {
              // A broken log must not turn into an unhandled rejection.
            }
          },
        )
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
