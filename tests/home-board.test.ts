/**
 * The writer's App Homes: published when opened, kept up to date while someone may be looking (opened in the
 * last day) at most once a minute each, never published again unchanged, and given up a day after the last
 * opening.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../functions/log.js';
import { HomeBoard } from '../functions/writer/homes.js';
import { recordingChat } from './fakes/recording-chat.js';
import type { Rows } from './fakes/sheet-of.js';
import { sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const T0 = DateTime.fromISO('2026-12-08T18:00', { zone: ZONE });
const ADA = 'U07ADALOVE1';
const GRACE = 'U07GRACEHOP';

const MEMBERS: Rows = [
  { 'Member ID': 'M-1', Name: 'Ada', Email: 'ada@example.org', 'Slack ID': ADA, Status: 'Active' },
  { 'Member ID': 'M-2', Name: 'Grace', Email: 'grace@example.org', 'Slack ID': GRACE, Status: 'Active' },
];

/** The sheet with `n` announced events coming up: each one more changes what a member's home offers. */
const sheetWith = (n: number) =>
  sheetOf(
    {
      Members: MEMBERS,
      Events: Array.from({ length: n }, (_, i) => ({
        'Event ID': `EV-${i + 1}`,
        Title: `Walk ${i + 1}`,
        Starts: T0.plus({ days: i + 1 }).toISO() as string,
        Status: 'Announced',
      })),
    },
    { 'Time zone': ZONE },
  );

function board() {
  const recording = recordingChat();
  const log = memoryLogger();
  const homes = new HomeBoard({ chat: recording.chat, log });
  const published = () => recording.homes.map((h) => h.user);
  return { homes, published, recording, log };
}

describe('HomeBoard', () => {
  it('publishes a home when it is opened, and not again when opened unchanged', async () => {
    const { homes, published } = board();
    await homes.publish([ADA], sheetWith(1), T0);
    await homes.publish([ADA], sheetWith(1), T0.plus({ seconds: 5 }));
    expect(published()).toEqual([ADA]);
    await homes.publish([ADA], sheetWith(2), T0.plus({ seconds: 10 }));
    expect(published()).toEqual([ADA, ADA]);
  });

  it.each([
    ['a change 30 s after the last look waits', 30, [ADA]],
    ['a change a minute after the last look is published', 60, [ADA, ADA]],
    ['a change 23 hours after the opening is published', 23 * 3600, [ADA, ADA]],
    ['a change a day after the opening is not: they are no longer looking', 24 * 3600, [ADA]],
  ])('%s', async (_, seconds, expected) => {
    const { homes, published } = board();
    await homes.publish([ADA], sheetWith(1), T0);
    await homes.publish([], sheetWith(2), T0.plus({ seconds }));
    expect(published()).toEqual(expected);
  });

  it('keeps up to date only who opened their home, each once a minute at most, whatever the batches', async () => {
    const { homes, published } = board();
    await homes.publish([ADA], sheetWith(1), T0);
    // A burst of batches within the minute, each changing the sheet: nothing until a minute has passed.
    for (let s = 1; s < 60; s += 10) await homes.publish([], sheetWith(1 + s), T0.plus({ seconds: s }));
    expect(published()).toEqual([ADA]);
    await homes.publish([], sheetWith(99), T0.plus({ seconds: 61 }));
    expect(published()).toEqual([ADA, ADA]);
    expect(published()).not.toContain(GRACE);
    expect(homes.size).toBe(1);
  });

  it('publishes an unchanged home once only, however often it is looked at', async () => {
    const { homes, published } = board();
    await homes.publish([ADA], sheetWith(1), T0);
    for (let m = 1; m <= 10; m++) await homes.publish([], sheetWith(1), T0.plus({ minutes: m }));
    expect(published()).toEqual([ADA]);
  });

  it('says why a home was not published, and tries again at the next look', async () => {
    const { homes, published, recording, log } = board();
    recording.fail(Object.assign(new Error('not_enabled'), { code: 'slack_webapi_platform_error' }));
    await homes.publish([ADA], sheetWith(1), T0);
    expect(published()).toEqual([]);
    expect(log.entries.map((e) => e.message)).toEqual([
      expect.stringMatching(/App Home of U07ADALOVE1 not published/),
    ]);
    recording.fail(undefined);
    await homes.publish([], sheetWith(1), T0.plus({ minutes: 1 }));
    expect(published()).toEqual([ADA]);
  });
});
