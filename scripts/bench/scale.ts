/**
 * One adapter at the scale, in a process of its own: read, parse and validate a snapshot of
 * 10,000 members, 500 events and 20,000 RSVPs. Prints one JSON line of figures.
 * Usage: tsx --expose-gc scripts/bench/scale.ts google|local
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startChild } from './child.js';
import { groupGrids } from './data.js';
import { measure } from './measure.js';

export const SCALE = { members: 10_000, events: 500, rsvps: 20_000 };
const backend = process.argv[2] === 'local' ? 'local' : 'google';

let store: GridStore;
let cleanup: () => Promise<void>;
if (backend === 'google') {
  const fake = await startChild('tests/fakes/sheets-fake-server.ts', [JSON.stringify(SCALE)]);
  const { createGoogleGridStore } = await import('../../sheets-schema/google.js');
  store = createGoogleGridStore({
    spreadsheetId: String(fake.line.spreadsheetId),
    rootUrl: String(fake.line.rootUrl),
  });
  cleanup = fake.stop;
} else {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-'));
  const { createLocalGridStore } = await import('../../sheets-schema/local.js');
  const path = join(dir, 'group.xlsx');
  const seed = createLocalGridStore({ path });
  const grids = groupGrids(SCALE.members, SCALE.events, SCALE.rsvps);
  await seed.applyLayout(Object.keys(grids).map((tab) => ({ kind: 'addTab' as const, tab })));
  await seed.write({
    appends: Object.entries(grids).map(([tab, rows]) => ({
      tab,
      rows: rows.map((row) =>
        row.map((cell) =>
          cell === null
            ? undefined
            : typeof cell === 'number'
              ? { number: cell }
              : typeof cell === 'boolean'
                ? { bool: cell }
                : { text: cell },
        ),
      ),
    })),
    updates: [],
  });
  // A fresh store: the measured read parses the file from disk, as the first read of a process does.
  store = createLocalGridStore({ path });
  cleanup = () => rm(dir, { recursive: true, force: true });
}

const workbook = createWorkbook(store);
const read = await measure(() => workbook.read(['Members', 'Events', 'RSVPs']));
const snapshot = read.result;
const again = await measure(() => workbook.read(['Members', 'Events', 'RSVPs']));
await cleanup();
process.stdout.write(
  `${JSON.stringify({
    backend,
    rows: {
      members: snapshot.table('Members').rows.length,
      events: snapshot.table('Events').rows.length,
      rsvps: snapshot.table('RSVPs').rows.length,
      problems: snapshot.problems.length,
    },
    first: {
      wallMs: read.wallMs,
      cpuMs: read.cpuMs,
      peakRssMb: read.peakRssMb,
      rssGrowthMb: read.rssGrowthMb,
      peakHeapMb: read.peakHeapMb,
    },
    second: {
      wallMs: again.wallMs,
      cpuMs: again.cpuMs,
      peakRssMb: again.peakRssMb,
      peakHeapMb: again.peakHeapMb,
    },
  })}\n`,
);
