import { isHearthError } from '../common/errors.js';

export interface RetryPolicy {
  /** Give up once this much time has passed since the first try. */
  maxElapsedMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
}

/** Sheets allows 60 requests a minute per user, so a full minute of backing off can be needed. */
export const defaultRetryPolicy: RetryPolicy = {
  maxElapsedMs: 70_000,
  initialDelayMs: 1_000,
  maxDelayMs: 16_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: Math.random,
};

/**
 * Runs `attempt` again after retryable errors (429, 5xx, a busy file) with exponential backoff and jitter,
 * until the bound; then throws the last error, its message saying it was retried. Other errors pass at once.
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  const started = policy.now();
  let delay = policy.initialDelayMs;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isHearthError(error) || !error.retryable) throw error;
      const wait = Math.min(delay, policy.maxDelayMs) * (0.5 + policy.random() / 2);
      if (policy.now() - started + wait > policy.maxElapsedMs) {
        // The same error, of the same kind, code and hint: only its message says how long it was tried.
        error.message = `${error.message}; gave up after ${tries} tries in ${Math.round((policy.now() - started) / 1000)} s`;
        throw error;
      }
      await policy.sleep(wait);
      delay *= 2;
    }
  }
}
