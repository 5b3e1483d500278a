/**
 * The ID ledger: a file beside the local workbook, or an object in the writers' bucket (over HTTP against the
 * loopback Cloud Storage fake). Marks only ever go up, even when two writers record at once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../common/errors.js';
import { createCloudStorageIdLedger, createFileIdLedger, type IdLedger } from '../functions/id-ledger.js';
import { type StorageFake, startStorageFake } from './fakes/storage-fake.js';

const BUCKET = 'hearth-test-ids';
let dir: string;
let fake: StorageFake;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-ids-'));
  fake = await startStorageFake({ buckets: [BUCKET] });
});
afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const ledgers: [string, () => IdLedger][] = [
  ['a file', () => createFileIdLedger(join(dir, 'group.ids.json'))],
  ['Cloud Storage', () => createCloudStorageIdLedger({ bucket: BUCKET, apiRootUrl: fake.url })],
];

describe.each(ledgers)('the ID ledger in %s', (_where, open) => {
  it('starts fresh, keeps what it records, and only ever raises a mark', async () => {
    const ledger = open();
    expect(await ledger.read()).toEqual({ marks: new Map(), fresh: true });
    await ledger.record(
      new Map([
        ['M-', 9],
        ['AP-', 7],
      ]),
    );
    await ledger.record(
      new Map([
        ['M-', 3],
        ['EV-', 2],
      ]),
    );
    const again = await open().read();
    expect(again.fresh).toBe(false);
    expect(Object.fromEntries(again.marks)).toEqual({ 'M-': 9, 'AP-': 7, 'EV-': 2 });
  });

  it('never loses a mark when two writers record at once', async () => {
    const one = open();
    const two = open();
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => one.record(new Map([['M-', 10 + i]]))),
      ...Array.from({ length: 5 }, (_, i) => two.record(new Map([['R-', 20 + i]]))),
    ]);
    expect(Object.fromEntries((await open().read()).marks)).toEqual({ 'M-': 14, 'R-': 24 });
  });
});

it('a file ledger that is not JSON says how to fix it', async () => {
  const file = join(dir, 'group.ids.json');
  await writeFile(file, '{"marks":');
  await expect(createFileIdLedger(file).read()).rejects.toMatchObject({
    code: ErrorCode.LedgerUnreadable,
    hint: expect.stringContaining('delete it and Hearth rebuilds it'),
  });
});

it('a Cloud Storage ledger that Cloud Storage cannot serve now fails retryably, naming the bucket', async () => {
  fake.failNext(503, 3);
  await expect(
    createCloudStorageIdLedger({ bucket: BUCKET, apiRootUrl: fake.url }).read(),
  ).rejects.toMatchObject({
    code: ErrorCode.LedgerUnreadable,
    retryable: true,
    message: expect.stringContaining(`gs://${BUCKET}/hearth/ids.json`),
  });
});
