import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { ErrorCode, WorkbookError } from '../common/errors.js';
import { memoryLogger } from '../functions/log.js';
import { Writer } from '../functions/writer/index.js';
import { append } from '../sheets-schema/changes.js';
import { provision } from '../sheets-schema/provision.js';
import { createWorkbook, type Workbook } from '../sheets-schema/workbook.js';
import type { Work } from '../workflows/inputs.js';
import { MAX_ATTEMPTS } from '../workflows/outbox/outbox.js';
import { reportInput } from './fakes/inputs.js';
import { memoryGrid } from './fakes/memory-grid.js';
import { permalinkOf, recordingChat } from './fakes/recording-chat.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z');

/**
 * A cause the writer records and tells the leaders about: an anonymous report about `Person n`, filed as one
 * Incidents row, one Audit row (Key `form:rn`) and one message to the leaders channel.
 */
const report = (n: number): Work =>
  reportInput(
    { identity: `form:r${n}`, submittedAt: NOW.toISO() as string },
    { about: `Person ${n}`, details: 'Spam in #general' },
  );

describe('Writer', () => {
  let grid: ReturnType<typeof memoryGrid>;
  let workbook: Workbook;
  let chat: ReturnType<typeof recordingChat>;
  let writer: Writer;

  beforeEach(async () => {
    grid = memoryGrid();
    workbook = createWorkbook(grid);
    await provision(grid, workbook);
    chat = recordingChat();
    writer = new Writer({ workbook, chat: chat.chat, clock: clockAt(() => NOW), log: memoryLogger() });
  });

  const outbox = async () => (await workbook.read(['Outbox'])).table('Outbox').rows.map((r) => r.values);
  const audit = async () => (await workbook.read(['Audit'])).table('Audit').rows.map((r) => r.values);
  const incidents = async () =>
    (await workbook.read(['Incidents'])).table('Incidents').rows.map((r) => r.values);
  /** The posts about `Person n` (not `Person 1` in `Person 10`). */
  const postsAbout = (n: number) =>
    chat.posts.filter((p) => new RegExp(`\\bPerson ${n}(?!\\d)`).test(p.text));
  /** What a DRY_RUN writer logs for `work`, as one string. */
  const loggedInDryRun = async (work: Work) => {
    const log = memoryLogger();
    const dry = new Writer({ workbook, chat: chat.chat, clock: clockAt(() => NOW), log, dryRun: true });
    await dry.submit(work);
    await dry.idle();
    return JSON.stringify(log.entries);
  };

  it('applies work waiting behind a write together, in one batch (group commit)', async () => {
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((n) => writer.submit(report(n))));
    await writer.idle();
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(writer.batchSizes[0]).toBe(1);
    expect(writer.batchSizes[1]).toBe(4);
    expect((await audit()).map((a) => a.key).sort()).toEqual([
      'form:r1',
      'form:r2',
      'form:r3',
      'form:r4',
      'form:r5',
    ]);
    const filed = await incidents();
    const messages = await outbox();
    expect(filed.map((i) => i.about).sort()).toEqual([
      'Person 1',
      'Person 2',
      'Person 3',
      'Person 4',
      'Person 5',
    ]);
    expect(messages).toHaveLength(5);
    for (const n of [1, 2, 3, 4, 5]) {
      const id = filed.find((i) => i.about === `Person ${n}`)?.incidentId;
      expect((await audit()).filter((a) => a.key === `form:r${n}`)).toEqual([
        expect.objectContaining({ action: 'incident.reported', actor: '(confidential)', target: id }),
      ]);
      expect(messages.filter((m) => m.about === id)).toEqual([
        expect.objectContaining({ kind: 'incident.post', status: 'Sent', attempts: 1 }),
      ]);
      expect(postsAbout(n), `Person ${n}`).toHaveLength(1);
    }
    expect(chat.posts).toHaveLength(5);
  });

  it('recognises a cause it already applied, in the same batch or later', async () => {
    const [first, again] = await Promise.all([writer.submit(report(1)), writer.submit(report(1))]);
    const later = await writer.submit(report(1));
    await writer.idle();
    expect([first.status, again.status, later.status]).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await audit()).toHaveLength(1);
    expect(await incidents()).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
    expect(chat.posts).toHaveLength(1);
    expect(postsAbout(1)).toHaveLength(1);
  });

  it('marks a sent message Sent, and sends it once across overlapping ticks', async () => {
    await writer.submit(report(1));
    await Promise.all([writer.tick(NOW.plus({ minutes: 1 })), writer.tick(NOW.plus({ minutes: 1 }))]);
    await writer.idle();
    expect(chat.posts).toHaveLength(1);
    expect(postsAbout(1)).toHaveLength(1);
    expect((await outbox()).map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ['incident.post', 'Sent', 1],
    ]);
    // The post's link goes to the incident.
    expect((await incidents()).map((i) => [i.about, i.slackMessage])).toEqual([['Person 1', permalinkOf(1)]]);
  });

  it('keeps a message Slack refused Scheduled with its error, then Failed after the last attempt, and tells the leaders once', async () => {
    chat.fail(Object.assign(new Error('not_in_channel'), { retryable: false }));
    await writer.submit(report(1));
    await writer.idle();
    expect((await outbox()).map((m) => [m.status, m.attempts, m.lastError])).toEqual([
      ['Scheduled', 1, 'not_in_channel'],
    ]);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      await writer.tick(NOW.plus({ minutes: i }));
      await writer.idle();
    }
    const [failed, notice] = await outbox();
    expect([failed?.status, failed?.attempts]).toEqual(['Failed', MAX_ATTEMPTS]);
    expect(notice).toMatchObject({ kind: 'note', to: '#leaders', status: 'Scheduled' });
    expect(notice?.about).toContain(
      `(Outbox ${failed?.messageId}) failed ${MAX_ATTEMPTS} times: not_in_channel`,
    );
    chat.fail(undefined);
    await writer.tick(NOW.plus({ hours: 1 }));
    await writer.idle();
    await writer.tick(NOW.plus({ hours: 2 }));
    await writer.idle();
    // The failed message stays failed; the leaders hear of it once.
    expect(chat.posts.map((p) => p.text)).toEqual([expect.stringContaining('Not sent:')]);
    expect((await outbox()).length).toBe(2);
    expect((await incidents()).map((i) => i.slackMessage)).toEqual([undefined]);
  });

  it('in DRY_RUN decides and writes nothing', async () => {
    const dry = new Writer({
      workbook,
      chat: chat.chat,
      clock: clockAt(() => NOW),
      log: memoryLogger(),
      dryRun: true,
    });
    const writes = grid.calls.writes;
    expect((await dry.submit(report(1))).status).toBe('dry-run');
    await dry.idle();
    expect(grid.calls.writes).toBe(writes);
    expect(chat.posts).toEqual([]);
  });

  it('in DRY_RUN logs what it would write, with a reporter and their words shown as (confidential)', async () => {
    const named = reportInput(
      { identity: 'form:named-report', submittedAt: NOW.toISO() as string },
      { reporterEmail: 'rita.reporter@example.org', about: 'Person 9', details: 'Spam in #general' },
    );
    const logged = await loggedInDryRun(named);
    expect(logged).toContain('(confidential)');
    expect(logged).toContain('"tab":"Incidents"');
    expect(logged).not.toContain('rita.reporter@example.org');
    expect(logged).not.toContain('Spam in #general');
  });

  it('in DRY_RUN logs feedback with its words and contact shown as (confidential)', async () => {
    await workbook.apply(
      [
        append('Members', {
          memberId: 'M-1',
          name: 'Ada',
          email: 'ada@example.org',
          slackId: 'U0ADA00001',
          status: 'Active',
        }),
        append('RSVPs', {
          rsvpId: 'R-1',
          eventId: 'EV-1',
          email: 'ada@example.org',
          slackId: 'U0ADA00001',
          response: 'Yes',
          status: 'Confirmed',
        }),
      ],
      { timeZone: 'UTC' },
    );
    const logged = await loggedInDryRun({
      kind: 'feedback_view',
      identity: 'slack:view:V0FEEDBACK1',
      receivedAt: NOW.toISO() as string,
      user: 'U0ADA00001',
      channel: 'D0ADA00001',
      about: 'R-1',
      feedback: 'The room was far too cold',
      contact: true,
    });
    expect(logged).toContain('"tab":"Feedback"');
    expect(logged).toContain('(confidential)');
    expect(logged).not.toContain('too cold');
    expect(logged).not.toContain('U0ADA00001');
  });

  it('while the workbook is open elsewhere writes nothing, logs it once, and tells the leaders once after 10 minutes', async () => {
    let open = true;
    const locked = {
      ...grid,
      async write(batch: Parameters<typeof grid.write>[0]) {
        if (open)
          throw new WorkbookError(
            ErrorCode.WorkbookOpenElsewhere,
            'The workbook group.xlsx is open in LibreOffice',
            'close it',
          );
        return grid.write(batch);
      },
    };
    let now = NOW;
    const log = memoryLogger();
    const waiting = new Writer({
      workbook: createWorkbook(locked),
      chat: chat.chat,
      clock: clockAt(() => now),
      log,
    });
    for (const minutes of [0, 5, 9, 11, 15]) {
      now = NOW.plus({ minutes });
      await expect(waiting.submit(report(minutes))).rejects.toMatchObject({
        code: ErrorCode.WorkbookOpenElsewhere,
      });
      await waiting.idle();
    }
    expect(log.entries.filter((e) => e.message.includes('open in LibreOffice'))).toHaveLength(1);
    expect(log.entries.filter((e) => e.severity === 'ERROR')).toEqual([]);
    expect(chat.posts.map((p) => [p.channel, p.text])).toEqual([
      [
        '#leaders',
        expect.stringMatching(
          /^:lock: The workbook group\.xlsx is open in LibreOffice since 10:00\. Hearth writes nothing/,
        ),
      ],
    ]);
    expect(waiting.blocked()).toMatchObject({ why: 'The workbook group.xlsx is open in LibreOffice' });
    expect(await incidents()).toEqual([]);
    open = false;
    await waiting.submit(report(20));
    expect(waiting.blocked()).toBeUndefined();
    expect((await incidents()).map((i) => i.about)).toEqual(['Person 20']);
  });

  it('never posts a message in doubt again when it cannot look for it; once it can and it is not there, posts it once', async () => {
    await workbook.apply(
      [
        append('Outbox', {
          messageId: 'MSG-DOUBT',
          kind: 'note',
          due: NOW.minus({ minutes: 20 }),
          to: '#leaders',
          about: 'In doubt',
          status: 'Sending',
          sent: NOW.minus({ minutes: 10 }),
          attempts: 1,
        }),
      ],
      { timeZone: 'UTC' },
    );
    chat.chat.findPosted = async () => {
      throw new Error('Slack could not read the history of #leaders: missing_scope');
    };
    await writer.tick(NOW);
    await writer.idle();
    expect(chat.posts).toEqual([]);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'Sending', attempts: 2 });
    expect(row?.lastError).toMatch(
      /^not sure it reached Slack \(could not look for it in Slack: .*missing_scope\)/,
    );

    chat.chat.findPosted = async () => undefined;
    await writer.tick(NOW.plus({ minutes: 10 }));
    await writer.idle();
    expect(chat.posts.map((p) => [p.text, p.messageId])).toEqual([['In doubt', 'MSG-DOUBT']]);
    expect((await outbox())[0]).toMatchObject({ status: 'Sent', attempts: 3 });
  });
});
