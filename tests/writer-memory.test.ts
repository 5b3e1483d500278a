/**
 * The writer's memory against what it is deployed with: said in the log from 75% of it, with the deploy flag to
 * raise it, and not every minute after.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { memoryLogger } from '../functions/log.js';
import { Writer } from '../functions/writer/index.js';
import { MemoryGuard, memoryNotice, nextMemoryStep } from '../functions/writer/memory.js';
import { provision } from '../sheets-schema/provision.js';
import { createWorkbook } from '../sheets-schema/workbook.js';
import { memoryGrid } from './fakes/memory-grid.js';
import { recordingChat } from './fakes/recording-chat.js';

const MB = 2 ** 20;

describe('memoryNotice', () => {
  it.each([
    [300, 512, undefined],
    [383, 512, undefined],
    [384, 512, 'the writer used 384 MB of the 512 MB it is deployed with (75%)'],
    [600, 512, 'npm run deploy -- --writer-memory=1024'],
    [900, 1024, 'npm run deploy -- --writer-memory=2048'],
  ])('%i MB of %i MB: %s', (used, limit, says) => {
    const notice = memoryNotice(used * MB, limit);
    if (says === undefined) expect(notice).toBeUndefined();
    else expect(notice?.message).toContain(says);
  });

  it('names the next size Cloud Functions has', () => {
    expect([256, 512, 1024, 8192].map(nextMemoryStep)).toEqual([512, 1024, 2048, 16384]);
  });
});

describe('MemoryGuard', () => {
  it('says it once, then again only when usage has grown by another tenth of the limit', () => {
    let rss = 400 * MB;
    const guard = new MemoryGuard(512, () => rss);
    expect(guard.check()?.usedMb).toBe(400);
    expect(guard.check()).toBeUndefined();
    rss = 430 * MB;
    expect(guard.check()).toBeUndefined();
    rss = 452 * MB;
    expect(guard.check()?.usedMb).toBe(452);
  });
});

describe('the writer', () => {
  it('logs a warning with the fix after a batch that took it near its memory, and nothing below', async () => {
    const grid = memoryGrid();
    const workbook = createWorkbook(grid);
    await provision(grid, workbook);
    const run = async (rssMb: number) => {
      const log = memoryLogger();
      const writer = new Writer({
        workbook,
        chat: recordingChat().chat,
        clock: clockAt(() => DateTime.fromISO('2026-12-07T10:00:00Z')),
        log,
        memoryLimitMb: 512,
        rss: () => rssMb * MB,
      });
      await writer.tick(DateTime.fromISO('2026-12-07T10:00:00Z'));
      await writer.idle();
      return log.entries.filter((e) => e.fields.code === 'MEMORY_NEAR_LIMIT');
    };
    expect(await run(200)).toEqual([]);
    const warned = await run(450);
    expect(warned).toHaveLength(1);
    expect(JSON.stringify(warned[0])).toContain('--writer-memory=1024');
  });
});
