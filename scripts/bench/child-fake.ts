/**
 * The Sheets fake in a process of its own, so that our CPU figures leave its work out. The child side serves
 * grids and prints one JSON line {rootUrl, spreadsheetId, controlUrl, ...what the caller adds}; it answers GET
 * controlUrl/stats, POST controlUrl/reset (the stats until then) and POST controlUrl/setup (a JSON body
 * {latency, quota}: Google's pace and per-minute quota from then on), and exits when stdin closes. The parent
 * side starts it and reads its stats.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cell } from '../../sheets-schema/cells.js';
import { type FakeStats, startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { startChild } from './child.js';

/** The child's side: the fake holding `grids`, until stdin closes. */
export async function serveGrids(
  grids: Record<string, Cell[][]>,
  more: Record<string, unknown> = {},
  onStop: () => Promise<void> = async () => {},
): Promise<void> {
  const fake = await startSheetsFake({ tabs: grids });
  const control = createServer(async (req, res) => {
    const body = JSON.stringify(fake.stats);
    if (req.method === 'POST' && req.url === '/reset') fake.resetStats();
    if (req.method === 'POST' && req.url === '/setup') {
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const { latency, quota } = JSON.parse(text) as Partial<Record<'latency' | 'quota', never>>;
      if (latency) fake.setLatency(latency);
      if (quota) fake.setQuota(quota);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((done) => control.listen(0, '127.0.0.1', done));
  const { port } = control.address() as AddressInfo;
  const controlUrl = `http://127.0.0.1:${port}/`;
  process.stdout.write(
    `${JSON.stringify({ ...more, rootUrl: fake.rootUrl, spreadsheetId: fake.spreadsheetId, controlUrl })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    control.closeAllConnections();
    control.close();
    void Promise.all([fake.close(), onStop()]).then(() => process.exit(0));
  });
}

/** The parent's side: `file` run as the child with `args`; `stats(true)` starts counting afresh after them. */
export async function startFakeChild(file: string, args: string[]) {
  const child = await startChild(file, args);
  const control = String(child.line.controlUrl);
  return {
    line: child.line,
    spreadsheetId: String(child.line.spreadsheetId),
    rootUrl: String(child.line.rootUrl),
    async stats(reset = false): Promise<FakeStats> {
      const ask = () => fetch(`${control}${reset ? 'reset' : 'stats'}`, { method: reset ? 'POST' : 'GET' });
      // A kept-alive connection the child closed while a long tick ran ("other side closed"): asked again once
      // on a new one. Counting them again is harmless: the counts are only read, or reset.
      const answer = await ask().catch(ask);
      return (await answer.json()) as FakeStats;
    },
    stop: () => child.stop(),
  };
}
