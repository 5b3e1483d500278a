/**
 * The writer under a burst: 100 form submissions, 20 in flight, against the Sheets fake with Google-like
 * latency (about 200 ms a read, 400 ms a write). Group commit should write them in a few batches.
 */

import { DateTime } from 'luxon';
import { clockAt } from '../../common/clock.js';
import { createSlackChat } from '../../functions/chat-slack.js';
import { Secret } from '../../functions/config.js';
import { memoryLogger } from '../../functions/log.js';
import { Writer } from '../../functions/writer/index.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { provision } from '../../sheets-schema/provision.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { startSlackFake } from '../../tests/fakes/slack-fake.js';
import { ledgerInUse } from './data.js';

export interface BurstFigures {
  submissions: number;
  inFlight: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  batches: number[];
  batchGets: number;
  batchUpdates: number;
  slackPosts: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

export async function writerBurst(submissions = 100, inFlight = 20): Promise<BurstFigures> {
  const sheets = await startSheetsFake();
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  const workbook = createWorkbook(store);
  await provision(store, workbook);
  const slack = await startSlackFake();
  slack.seedChannel({ name: 'leaders', is_member: true });
  // Slack's pacing (about one message per second per channel) is left out: it delays the messages, not the
  // answers, since the writer answers once the sheet is written and sends in the background.
  const chat = createSlackChat({ token: new Secret(slack.token), apiUrl: slack.apiUrl, postSpacingMs: 0 });
  const writer = new Writer({
    workbook,
    chat,
    clock: clockAt(() => DateTime.utc()),
    log: memoryLogger(),
    ids: ledgerInUse(),
  });
  await writer.tick(); // warm: tab list and headers known, as in a running writer
  sheets.setLatency({ readMs: 200, writeMs: 400 });
  sheets.resetStats();
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < submissions) {
      const i = next++;
      const start = performance.now();
      await writer.submit({
        kind: 'join_form',
        identity: `form:burst-${i}`,
        submittedAt: new Date().toISOString(),
        answers: {
          name: `Person ${i}`,
          email: `p${i}@example.org`,
          agreed: true,
          interests: [],
          intros: false,
        },
      });
      latencies.push(performance.now() - start);
    }
  };
  const before = writer.batchSizes.length;
  await Promise.all(Array.from({ length: inFlight }, worker));
  await writer.idle();
  const sorted = [...latencies].sort((a, b) => a - b);
  const figures: BurstFigures = {
    submissions,
    inFlight,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted[sorted.length - 1] ?? 0,
    batches: writer.batchSizes.slice(before),
    batchGets: sheets.stats.batchGet,
    batchUpdates: sheets.stats.batchUpdate,
    slackPosts: slack.callsTo('chat.postMessage').length,
  };
  await Promise.all([sheets.close(), slack.close()]);
  return figures;
}
