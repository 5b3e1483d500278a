/**
 * The Sheets fake in a process of its own, so a benchmark measures only the client's time and memory.
 * Usage: tsx tests/fakes/sheets-fake-server.ts '{"members":10000,"events":500,"rsvps":20000,"readMs":0}'
 * Prints one JSON line {rootUrl, spreadsheetId} when ready; exits when stdin closes.
 */
import { groupGrids } from '../../scripts/bench/data.js';
import { startSheetsFake } from './sheets-fake.js';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  members?: number;
  events?: number;
  rsvps?: number;
  readMs?: number;
  writeMs?: number;
};
const fake = await startSheetsFake({
  tabs: groupGrids(options.members ?? 0, options.events ?? 0, options.rsvps ?? 0),
  latency: { readMs: options.readMs ?? 0, writeMs: options.writeMs ?? 0 },
});
process.stdout.write(`${JSON.stringify({ rootUrl: fake.rootUrl, spreadsheetId: fake.spreadsheetId })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void fake.close().then(() => process.exit(0));
});
