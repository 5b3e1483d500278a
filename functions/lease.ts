import { ErrorCode, LeaseError } from '../common/errors.js';

/**
 * "One writer" is not something the platform promises: Cloud Run may briefly run more instances than
 * --max-instances=1, and a deploy overlaps an old and a new revision. The writers' lease makes it so: a batch
 * runs only while its process holds the lease.
 */
export interface WriterLease {
  /**
   * Runs `work` while this process holds the writers' lease, renewing it while `work` runs. Waits a bounded
   * time for another holder to release it or for its lease to expire, then throws a retryable LEASE_BUSY.
   *
   * If the lease is lost while `work` runs (it could not be renewed in time, or another writer took it after it
   * expired), `signal` is aborted with a LEASE_LOST error: the work should stop before its next write. Whatever
   * `work` then does, hold() rejects with LEASE_LOST (retryable) and its result is dropped: another writer may
   * have acted meanwhile, so the caller must not report the work as done. Trying it again is safe, because every
   * cause is recognised by its identity.
   */
  hold<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** Another writer holds the lease and did not let go in time. */
export function leaseBusy(detail: string, cause?: unknown): LeaseError {
  return new LeaseError(
    ErrorCode.LeaseBusy,
    `Another writer holds the writers' lease (${detail})`,
    'The work waits for it and is tried again (Cloud Tasks delivers it again). If this lasts for minutes, a second writer is running: list the writer revisions (gcloud run revisions list --service=hearth-writer) and send all traffic to one',
    { retryable: true, ...(cause === undefined ? {} : { cause }) },
  );
}

/** The lease was lost while the work ran. */
export function leaseLost(detail: string, cause?: unknown): LeaseError {
  return new LeaseError(
    ErrorCode.LeaseLost,
    `The writers' lease was lost while a batch ran (${detail})`,
    'The batch was stopped and is tried again: causes are recognised by their identity, so nothing is applied twice',
    { retryable: true, ...(cause === undefined ? {} : { cause }) },
  );
}

/**
 * The lease for one process (the local stack, tests): `hold` runs one `work` at a time, in the order asked,
 * with no I/O. Its signal never aborts: nothing else can take the lease.
 */
export function createProcessLease(): WriterLease {
  let tail: Promise<unknown> = Promise.resolve();
  const never = new AbortController().signal;
  return {
    hold<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
      const run = tail.then(() => work(never));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
