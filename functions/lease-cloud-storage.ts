import { randomUUID } from 'node:crypto';
import { ErrorCode, LeaseError } from '../common/errors.js';
import {
  createStorage,
  type StorageAnswer,
  type StorageObject,
  type StorageOptions,
} from './cloud-storage.js';
import { createProcessLease, leaseBusy, leaseLost, type WriterLease } from './lease.js';

/**
 * The writers' lease as one Cloud Storage object, spoken as the JSON API over plain HTTP. Every change is a
 * compare-and-set: the object is created only if absent (`ifGenerationMatch=0`), an expired one is replaced
 * only as it was read (`ifGenerationMatch`), and the holder renews and releases only the version it made
 * (`ifGenerationMatch` + `ifMetagenerationMatch`). Cloud Storage answers 412 Precondition Failed to the loser
 * of any race. The object's metadata says who holds it and for how long; its `updated` time, set by Cloud
 * Storage, starts that time: a crashed holder's lease lapses after `ttlMs`, whatever its clock said.
 */
export interface CloudStorageLeaseOptions extends StorageOptions {
  /** The lease object's name. Default `hearth/writer.lease`. */
  object?: string;
  /** Who holds it, as the object says (for people reading it). Default: a random ID per process. */
  holder?: string;
  /** How long a lease lasts without renewal. Default 30 s. */
  ttlMs?: number;
  /** How often the holder renews it while work runs. Default a third of `ttlMs`. */
  renewEveryMs?: number;
  /** How long hold() waits for another holder before LEASE_BUSY. Default 45 s: longer than a lapsed lease. */
  waitMs?: number;
}

const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 2_000;

/** The version of the object this process made or renewed, and until when it is surely ours. */
interface Held {
  generation: string;
  metageneration: string;
  /** By this process's clock, from when the request that made it was sent. */
  expiresAt: number;
}

export function createCloudStorageLease(options: CloudStorageLeaseOptions): WriterLease {
  const { bucket } = options;
  const object = options.object ?? 'hearth/writer.lease';
  const holder = options.holder ?? `writer-${randomUUID()}`;
  const ttlMs = options.ttlMs ?? 30_000;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  const waitMs = options.waitMs ?? 45_000;
  const storage = createStorage(options);
  const objectUrl = storage.objectUrl(object);
  const where = storage.where(object);
  // Holds of this process queue here first, so they never poll Cloud Storage against each other.
  const local = createProcessLease();
  const request = storage.request;

  function refused(answer: { status: number; detail: string }): LeaseError {
    const hint =
      answer.status === 401 || answer.status === 403
        ? `Grant the writer's service account roles/storage.objectUser on gs://${bucket} (npm run deploy does)`
        : `Check that WRITER_LEASE_BUCKET names a bucket that exists (npm run deploy makes gs://${bucket})`;
    return new LeaseError(
      ErrorCode.LeaseUnavailable,
      `The writers' lease ${where} cannot be used: ${answer.detail}`,
      hint,
      { retryable: answer.status !== 400 },
    );
  }

  /** The lease object, written anew as held by this process, if it still is `ifGeneration` (0: absent). */
  async function write(ifGeneration: string): Promise<Held | 'conflict' | StorageAnswer> {
    const sent = Date.now();
    const answer = await storage.upload(
      object,
      leaseMetadata(sent),
      `Held by ${holder}: Hearth's writers' lease. Deleting it lets another writer in at once.`,
      ifGeneration,
    );
    if (answer.kind === 'conflict') return 'conflict';
    if (answer.kind !== 'ok' || !answer.object) return answer;
    return heldFrom(answer.object, sent);
  }

  function leaseMetadata(at: number): Record<string, string> {
    return { holder, ttlMs: String(ttlMs), renewedAt: new Date(at).toISOString() };
  }

  function heldFrom(resource: StorageObject, sent: number): Held {
    return {
      generation: String(resource.generation),
      metageneration: String(resource.metageneration),
      expiresAt: sent + ttlMs,
    };
  }

  /** One try: the lease if it was free, expired, or just released; else who holds it until when. */
  async function tryAcquire(): Promise<Held | { busy: string } | { retry: string }> {
    const current = await request('GET', objectUrl, {});
    if (current.kind === 'refused') throw refused(current);
    if (current.kind === 'transient') return { retry: current.detail };
    if (current.kind === 'conflict') return { retry: 'the lease changed while it was read' };
    let ifGeneration = '0';
    if (current.kind === 'ok' && current.object) {
      const found = current.object;
      const ttl = Number(found.metadata?.ttlMs ?? ttlMs);
      const until = Date.parse(found.updated) + (Number.isFinite(ttl) ? ttl : ttlMs);
      // Left by this process (a release that did not get through): ours to take again. Holds of one process
      // never overlap (they queue in `local`), so nobody else is using it.
      const ours = found.metadata?.holder === holder;
      if (!ours && Date.now() < until) {
        return {
          busy: `held by ${found.metadata?.holder ?? 'someone'} until ${new Date(until).toISOString()}`,
        };
      }
      // Lapsed: its holder crashed or stalled. Replace exactly the version read, so two takers cannot both win.
      ifGeneration = String(found.generation);
    }
    const written = await write(ifGeneration);
    if (written === 'conflict') return { retry: 'another writer took it first' };
    if ('expiresAt' in written) return written;
    if (written.kind === 'refused') throw refused(written);
    return { retry: 'detail' in written ? written.detail : 'unexpected answer' };
  }

  async function acquire(): Promise<Held> {
    const deadline = Date.now() + waitMs;
    let pause = FIRST_PAUSE_MS;
    let last = 'not tried';
    for (;;) {
      const outcome = await tryAcquire();
      if ('expiresAt' in outcome) return outcome;
      last = 'busy' in outcome ? outcome.busy : outcome.retry;
      const left = deadline - Date.now();
      if (left <= 0) throw leaseBusy(`${where}, ${last}; waited ${Math.round(waitMs / 1000)} s`);
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /** Renews `held` before it expires; transient failures are tried again while there is time. */
  async function renew(held: Held): Promise<Held> {
    for (;;) {
      const sent = Date.now();
      if (sent >= held.expiresAt) throw leaseLost(`${where} expired before it could be renewed`);
      const answer = await request(
        'PATCH',
        objectUrl,
        { ifGenerationMatch: held.generation, ifMetagenerationMatch: held.metageneration },
        { type: 'application/json; charset=UTF-8', data: JSON.stringify({ metadata: leaseMetadata(sent) }) },
      );
      if (answer.kind === 'ok' && answer.object) return heldFrom(answer.object, sent);
      if (answer.kind === 'conflict' || answer.kind === 'absent') {
        throw leaseLost(`${where} was taken or removed by another writer`);
      }
      if (answer.kind === 'refused') throw leaseLost(`${where} cannot be renewed`, refused(answer));
      await sleep(Math.min(FIRST_PAUSE_MS, Math.max(0, held.expiresAt - Date.now())));
    }
  }

  /** Lets go of exactly the version held; a lease already lost or gone needs nothing. */
  async function release(held: Held): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await request('DELETE', objectUrl, {
        ifGenerationMatch: held.generation,
        ifMetagenerationMatch: held.metageneration,
      });
      if (answer.kind !== 'transient') return;
    }
    // Not released: it lapses after ttlMs.
  }

  return {
    hold<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
      return local.hold(async () => {
        let held = await acquire();
        const lost = new AbortController();
        const fail = (error: unknown) => {
          if (!lost.signal.aborted) lost.abort(error);
        };
        let stopped = false;
        let renewal: NodeJS.Timeout | undefined;
        let expiry: NodeJS.Timeout | undefined;
        let beating: Promise<void> = Promise.resolve();
        // Told as soon as the lease may be someone else's: not renewed by its expiry, or refused on renewal.
        const watch = () => {
          clearTimeout(expiry);
          expiry = setTimeout(
            () => fail(leaseLost(`${where} was not renewed before it expired`)),
            Math.max(0, held.expiresAt - Date.now()),
          );
        };
        const beat = () => {
          renewal = setTimeout(() => {
            beating = renew(held).then((next) => {
              held = next;
              watch();
              if (!stopped) beat();
            }, fail);
          }, renewEveryMs);
        };
        watch();
        beat();
        let result: { value: T } | { error: unknown };
        try {
          result = { value: await work(lost.signal) };
        } catch (error) {
          result = { error };
        }
        stopped = true;
        clearTimeout(renewal);
        await beating;
        clearTimeout(expiry);
        if (Date.now() >= held.expiresAt) fail(leaseLost(`${where} expired while the batch ran`));
        if (lost.signal.aborted) throw lost.signal.reason;
        await release(held);
        if ('error' in result) throw result.error;
        return result.value;
      });
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
