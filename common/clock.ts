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

/**
 * A clock whose `now` is `at()` and which waits in real time: time travel for the demo. Its time does not move
 * while it sleeps, so what paces or gives up by elapsed time (Slack's pacing, retries) needs a moving clock.
 */
export function clockAt(at: () => DateTime, sleep: Clock['sleep'] = systemClock.sleep): Clock {
  return { now: at, sleep };
}

/**
 * A clock that moves only when slept on or told to: sleeping returns at once, having moved it on. For tests and
 * simulations of backoff, pacing and budgets without waiting. `sleeps` lists every sleep asked for, in ms.
 */
export function steppedClock(start: DateTime): Clock & { sleeps: number[]; advance(ms: number): void } {
  let at = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => at,
    advance: (ms) => {
      at = at.plus(ms);
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      at = at.plus(Math.max(0, ms));
    },
  };
}
