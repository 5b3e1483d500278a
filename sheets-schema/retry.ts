import { type Clock, systemClock } from '../common/clock.js';
import { isHearthError } from '../common/errors.js';

export interface RetryPolicy {
  /** Give up once this much time has passed since the first try. */
  maxElapsedMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long it waits, and what time it is (the writer's clock; a test's moves at once). */
  clock: Clock;
  random(): number;
}

/** Sheets allows 60 requests a minute per user, so a full minute of backing off can be needed. */
export const defaultRetryPolicy: RetryPolicy = {
  maxElapsedMs: 70_000,
  initialDelayMs: 1_000,
  maxDelayMs: 16_000,
  clock: systemClock,
  random: Math.random,
};

/**
 * Runs `attempt` again after retryable errors (429, 5xx, a busy file) with exponential backoff and jitter,
 * until the bound; then throws the last error, its message saying it was retried. Other errors pass at once.
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  const elapsed = (since: number) => policy.clock.now().toMillis() - since;
  const started = policy.clock.now().toMillis();
  let delay = policy.initialDelayMs;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isHearthError(error) || !error.retryable) throw error;
      const wait = Math.min(delay, policy.maxDelayMs) * (0.5 + policy.random() / 2);
      if (elapsed(started) + wait > policy.maxElapsedMs) {
        // The same error, of the same kind, code and hint: only its message says how long it was tried.
        error.message = `${error.message}; gave up after ${tries} tries in ${Math.round(elapsed(started) / 1000)} s`;
        throw error;
      }
      await policy.clock.sleep(wait);
      delay *= 2;
    }
  }
}
