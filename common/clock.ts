import { DateTime } from 'luxon';

/**
 * The one clock: what time it is and how to wait. Passed to everything that reads the time or waits (the
 * writer, Slack pacing, retries, Cloud Tasks budgets, cache ages), so a test or a simulation can drive time.
 */
export interface Clock {
  now(): DateTime;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => DateTime.utc(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        signal?.removeEventListener('abort', aborted);
        resolve();
      }
      function aborted() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener('abort', aborted, { once: true });
    }),
};

/** A clock whose `now` is `at()` and which waits in real time: time travel for the local stack. */
export function clockAt(at: () => DateTime, sleep: Clock['sleep'] = systemClock.sleep): Clock {
  return { now: at, sleep };
}
