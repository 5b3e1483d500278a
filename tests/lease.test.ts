/**
 * The writers' lease (functions/lease.ts, functions/lease-cloud-storage.ts). The Cloud Storage lease is
 * exercised over HTTP against the loopback fake of the JSON API (tests/fakes/storage-fake.ts): generations,
 * 412 on a precondition that does not hold, 404, and 429/503 now and then.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, isHearthError } from '../common/errors.js';
import { loadConfig } from '../functions/config.js';
import { createProcessLease, type WriterLease } from '../functions/lease.js';
import { createCloudStorageLease } from '../functions/lease-cloud-storage.js';
import { memoryLogger } from '../functions/log.js';
import { createRuntime } from '../functions/runtime.js';
import { type StorageFake, startStorageFake } from './fakes/storage-fake.js';

const BUCKET = 'hearth-test-leases';
const OBJECT = 'hearth/writer.lease';

/** Resolves once `condition` holds, checking every few ms; fails after `ms`. */
async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A lease object left by another writer, as it would have written it, `updated` at that time. */
function seedLease(fake: StorageFake, holder: string, ttlMs: number, updated: number) {
  return fake.seed({
    bucket: BUCKET,
    name: OBJECT,
    updated,
    contentType: 'text/plain',
    data: Buffer.from(`Held by ${holder}`),
    metadata: { holder, ttlMs: String(ttlMs) },
  });
}

/** Runs holds at once and records how many works ever ran together. */
function overlapMeter() {
  let inside = 0;
  let most = 0;
  let done = 0;
  return {
    work: (ms: number) => async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inside--;
      done++;
      return done;
    },
    get most() {
      return most;
    },
    get done() {
      return done;
    },
  };
}

describe('the process lease', () => {
  it('runs one work at a time, in the order asked, and a failure does not block the next', async () => {
    const lease = createProcessLease();
    const meter = overlapMeter();
    const order: number[] = [];
    const holds = [30, 5, 20, 0, 10].map((ms, i) =>
      lease.hold(async () => {
        order.push(i);
        if (i === 2) throw new Error('a batch failed');
        return meter.work(ms)();
      }),
    );
    const settled = await Promise.allSettled(holds);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(meter.most).toBe(1);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

describe('the runtime’s lease', () => {
  it.each([
    ['no WRITER_LEASE_BUCKET: this process’s own', {}],
    ['WRITER_LEASE_BUCKET set: on Cloud Storage', { WRITER_LEASE_BUCKET: 'my-group-123-hearth-lease' }],
  ])('%s, built once', async (_, env) => {
    const runtime = createRuntime(
      loadConfig(env, () => 'generated'),
      { log: memoryLogger() },
    );
    const first = await runtime.lease();
    expect(await runtime.lease()).toBe(first);
    expect(typeof first.hold).toBe('function');
  });

  it('without a bucket, holds run one at a time and touch no network', async () => {
    const runtime = createRuntime(
      loadConfig({}, () => 'generated'),
      { log: memoryLogger() },
    );
    const meter = overlapMeter();
    const lease = await runtime.lease();
    await Promise.all([lease.hold(meter.work(10)), lease.hold(meter.work(0))]);
    expect(meter.most).toBe(1);
  });
});

describe('the Cloud Storage lease', () => {
  let fake: StorageFake;
  beforeEach(async () => {
    fake = await startStorageFake({ buckets: [BUCKET] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const lease = (holder: string, more: Partial<Parameters<typeof createCloudStorageLease>[0]> = {}) =>
    createCloudStorageLease({
      bucket: BUCKET,
      holder,
      apiRootUrl: fake.url,
      ttlMs: 2_000,
      renewEveryMs: 500,
      waitMs: 20_000,
      ...more,
    });

  it('creates the object only if absent, holds it while the work runs, and lets go after', async () => {
    let seen: ReturnType<StorageFake['object']>;
    const value = await lease('writer-a').hold(async () => {
      seen = structuredClone(fake.object(BUCKET, OBJECT));
      return 42;
    });
    expect(value).toBe(42);
    expect(seen?.metadata).toMatchObject({ holder: 'writer-a', ttlMs: '2000' });
    const insert = fake.calls.find((c) => c.method === 'POST');
    expect(insert?.query).toMatchObject({ uploadType: 'multipart', ifGenerationMatch: '0' });
    const remove = fake.calls.find((c) => c.method === 'DELETE');
    expect(remove?.query).toEqual({
      ifGenerationMatch: String(seen?.generation),
      ifMetagenerationMatch: String(seen?.metageneration),
    });
    expect(fake.object(BUCKET, OBJECT)).toBeUndefined();
  });

  it('two writers never overlap, through 429s and 503s now and then', async () => {
    fake.setFaultRate(0.15);
    const meter = overlapMeter();
    const a = lease('writer-a');
    const b = lease('writer-b');
    const holds = Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).hold(meter.work(i % 3) as never));
    await Promise.all(holds);
    expect(meter.done).toBe(24);
    expect(meter.most).toBe(1);
    expect(fake.calls.some((c) => c.status === 429 || c.status === 503)).toBe(true);
  });

  it('two writers finding the lease free at once: Cloud Storage lets one create it, the other gets 412 and waits', async () => {
    // Both reads are in flight together, so both find it absent and both try to create it.
    fake.setLatency(30);
    const meter = overlapMeter();
    await Promise.all([lease('writer-a').hold(meter.work(50)), lease('writer-b').hold(meter.work(50))]);
    expect(meter.most).toBe(1);
    const creates = fake.calls.filter((c) => c.method === 'POST' && c.query.ifGenerationMatch === '0');
    expect(creates.map((c) => c.status).sort()).toEqual([200, 200, 412]);
  });

  it('a crashed writer’s lease lapses: another takes it over, replacing exactly the version it read', async () => {
    const crashed = seedLease(fake, 'crashed-writer', 30000, Date.now() - 60_000);
    const started = Date.now();
    let holder: string | undefined;
    await lease('writer-b').hold(async () => {
      holder = fake.object(BUCKET, OBJECT)?.metadata.holder;
    });
    expect(holder).toBe('writer-b');
    expect(Date.now() - started).toBeLessThan(2_000);
    const takeover = fake.calls.find((c) => c.method === 'POST');
    expect(takeover?.query.ifGenerationMatch).toBe(String(crashed.generation));
  });

  it('a live lease is not taken: after its bounded wait, a retryable LEASE_BUSY names the holder', async () => {
    seedLease(fake, 'writer-a', 30000, Date.now());
    let ran = false;
    const error = await lease('writer-b', { waitMs: 300 })
      .hold(async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(isHearthError(error, ErrorCode.LeaseBusy)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
    expect(String((error as Error).message)).toContain('held by writer-a until');
    expect((error as { hint: string }).hint).toContain('gcloud run revisions list --service=hearth-writer');
    expect(fake.object(BUCKET, OBJECT)?.metadata.holder).toBe('writer-a');
  });

  it('renewal keeps it while a long batch runs: the other writer waits, then gets it', async () => {
    // A renewal every 100 ms against a 1 s lease: a machine busy enough to delay one by most of a second
    // still keeps it.
    const a = lease('writer-a', { ttlMs: 1_000, renewEveryMs: 100 });
    const b = lease('writer-b', { ttlMs: 1_000, renewEveryMs: 100 });
    let release!: () => void;
    const running = a.hold(
      (signal) =>
        new Promise<string>((resolve, reject) => {
          release = () => resolve('a done');
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    // Renewed many times over: longer than its 1 s lease would have lasted unrenewed.
    await until(() => (fake.object(BUCKET, OBJECT)?.metageneration ?? 0) >= 12);
    let bHolds = false;
    const waiting = b.hold(async () => {
      bHolds = true;
      return 'b done';
    });
    await until(() => fake.calls.filter((c) => c.method === 'GET').length >= 3);
    expect(bHolds).toBe(false);
    release();
    expect(await running).toBe('a done');
    expect(await waiting).toBe('b done');
  });

  it('a lease lost to another writer is detected at the next renewal: the work is told, hold() rejects', async () => {
    const a = lease('writer-a', { ttlMs: 1_000, renewEveryMs: 100 });
    let told: unknown;
    const outcome = a
      .hold(
        (signal) =>
          new Promise<string>((resolve) => {
            signal.addEventListener('abort', () => {
              told = signal.reason;
              resolve('finished anyway');
            });
          }),
      )
      .catch((e: unknown) => e);
    await until(() => fake.object(BUCKET, OBJECT) !== undefined);
    // Another writer replaced it (say, after a long pause made it lapse): a new generation.
    seedLease(fake, 'writer-b', 1000, Date.now());
    const error = await outcome;
    expect(isHearthError(told, ErrorCode.LeaseLost)).toBe(true);
    expect(error).toBe(told);
    expect(error).toMatchObject({ retryable: true });
    // The other writer's lease is left alone.
    expect(fake.object(BUCKET, OBJECT)?.metadata.holder).toBe('writer-b');
    expect(fake.calls.some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('a lease that cannot be renewed before it expires (storage unavailable) is given up in time', async () => {
    const a = lease('writer-a', { ttlMs: 400, renewEveryMs: 100 });
    const started = { at: 0 };
    const outcome = a
      .hold(
        (signal) =>
          new Promise<never>((_, reject) => {
            started.at = Date.now();
            fake.setFaultRate(1);
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      )
      .catch((e: unknown) => e);
    const error = await outcome;
    expect(isHearthError(error, ErrorCode.LeaseLost)).toBe(true);
    // Told by the lease's expiry at the latest, not after a request timeout.
    expect(Date.now() - started.at).toBeLessThan(1_500);
  });

  it('holds of one process queue among themselves', async () => {
    const a: WriterLease = lease('writer-a');
    const meter = overlapMeter();
    await Promise.all([a.hold(meter.work(20)), a.hold(meter.work(0)), a.hold(meter.work(10))]);
    expect(meter.most).toBe(1);
    expect(fake.calls.filter((c) => c.status === 412)).toEqual([]);
  });

  it('a missing bucket is a LEASE_UNAVAILABLE that says how to fix it', async () => {
    const error = await lease('writer-a', { bucket: 'no-such-bucket' })
      .hold(async () => 'never')
      .catch((e: unknown) => e);
    expect(isHearthError(error, ErrorCode.LeaseUnavailable)).toBe(true);
    expect((error as { hint: string }).hint).toContain('WRITER_LEASE_BUCKET');
  });
});
