import { randomUUID } from 'node:crypto';
import { ErrorCode, HearthError } from '../sheets-schema/errors.js';
import { googleAccessToken } from './google-token.js';
import { createProcessLease, leaseBusy, leaseLost, type WriterLease } from './lease.js';

/**
 * The writers' lease as one Cloud Storage object, spoken as the JSON API over plain HTTP. Every change is a
 * compare-and-set: the object is created only if absent (`ifGenerationMatch=0`), an expired one is replaced
 * only as it was read (`ifGenerationMatch`), and the holder renews and releases only the version it made
 * (`ifGenerationMatch` + `ifMetagenerationMatch`). Cloud Storage answers 412 Precondition Failed to the loser
 * of any race. The object's metadata says who holds it and for how long; its `updated` time, set by Cloud
 * Storage, starts that time: a crashed holder's lease lapses after `ttlMs`, whatever its clock said.
 */
export interface CloudStorageLeaseOptions {
  /** The bucket (WRITER_LEASE_BUCKET); `npm run deploy` makes it. */
  bucket: string;
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
  /** Another endpoint speaking the JSON API (an emulator, the test fake). Requests then carry a placeholder token. */
  apiRootUrl?: string;
  /** OAuth access token. Default: Application Default Credentials (the runtime's service account). */
  getAccessToken?: () => Promise<string>;
  fetch?: typeof fetch;
  /** One request's time limit. Default 10 s. */
  requestTimeoutMs?: number;
}

const DEFAULT_ROOT = 'https://storage.googleapis.com/';
const SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';
const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 2_000;

/** The object's resource, as far as the lease reads it (generations are int64s, sent as strings). */
interface StorageObject {
  generation: string;
  metageneration: string;
  updated: string;
  metadata?: Record<string, string>;
}

/** The version of the object this process made or renewed, and until when it is surely ours. */
interface Held {
  generation: string;
  metageneration: string;
  /** By this process's clock, from when the request that made it was sent. */
  expiresAt: number;
}

type Answer =
  | { kind: 'ok'; object?: StorageObject }
  | { kind: 'absent'; detail: string }
  | { kind: 'conflict' }
  | { kind: 'transient'; detail: string }
  | { kind: 'refused'; status: number; detail: string };

export function createCloudStorageLease(options: CloudStorageLeaseOptions): WriterLease {
  const { bucket } = options;
  const object = options.object ?? 'hearth/writer.lease';
  const holder = options.holder ?? `writer-${randomUUID()}`;
  const ttlMs = options.ttlMs ?? 30_000;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  const waitMs = options.waitMs ?? 45_000;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const root = (options.apiRootUrl ?? DEFAULT_ROOT).replace(/\/*$/, '/');
  const objectUrl = `${root}storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}`;
  const uploadUrl = `${root}upload/storage/v1/b/${encodeURIComponent(bucket)}/o`;
  const accessToken = options.getAccessToken ?? googleAccessToken(SCOPE, options.apiRootUrl !== undefined);
  const where = `gs://${bucket}/${object}`;
  // Holds of this process queue here first, so they never poll Cloud Storage against each other.
  const local = createProcessLease();

  async function request(
    method: string,
    url: string,
    query: Record<string, string>,
    body?: { type: string; data: string },
  ): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      const token = await accessToken();
      const search = new URLSearchParams(query).toString();
      response = await doFetch(search ? `${url}?${search}` : url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': body.type } : {}),
        },
        ...(body ? { body: body.data } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const why = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown';
      return { kind: 'transient', detail: `no answer (${why})` };
    }
    if (response.ok) return { kind: 'ok', ...(text ? { object: JSON.parse(text) as StorageObject } : {}) };
    const detail = `HTTP ${response.status}: ${googleMessage(text)}`;
    if (response.status === 404) return { kind: 'absent', detail };
    if (response.status === 412 || response.status === 409) return { kind: 'conflict' };
    if (response.status === 429 || response.status === 408 || response.status >= 500) {
      return { kind: 'transient', detail };
    }
    return { kind: 'refused', status: response.status, detail };
  }

  function refused(answer: { status: number; detail: string }): HearthError {
    const hint =
      answer.status === 401 || answer.status === 403
        ? `Grant the writer's service account roles/storage.objectUser on gs://${bucket} (npm run deploy does)`
        : `Check that WRITER_LEASE_BUCKET names a bucket that exists (npm run deploy makes gs://${bucket})`;
    return new HearthError(
      ErrorCode.LeaseUnavailable,
      `The writers' lease ${where} cannot be used: ${answer.detail}`,
      hint,
      { retryable: answer.status !== 400 },
    );
  }

  /** The lease object, written anew as held by this process, if it still is `ifGeneration` (0: absent). */
  async function write(ifGeneration: string): Promise<Held | 'conflict' | Answer> {
    const sent = Date.now();
    const boundary = `lease-${randomUUID()}`;
    const resource = JSON.stringify({ name: object, metadata: leaseMetadata(sent) });
    const data = [
      `--${boundary}`,
      'Content-Type: application/json; charset=UTF-8',
      '',
      resource,
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `Held by ${holder}: Hearth's writers' lease. Deleting it lets another writer in at once.`,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const answer = await request(
      'POST',
      uploadUrl,
      { uploadType: 'multipart', ifGenerationMatch: ifGeneration },
      { type: `multipart/related; boundary=${boundary}`, data },
    );
    if (answer.kind === 'conflict') return 'conflict';
    // An upload finds no object to be absent: a 404 means the bucket is missing.
    if (answer.kind === 'absent') return { kind: 'refused', status: 404, detail: answer.detail };
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

function googleMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
