/**
 * `npm run bench`: the performance figures. Counts (API calls, cells) are exact; times and memory vary by
 * machine and are measured each in a process of its own.
 */
import { writerBurst } from './bench/burst.js';
import { type CallsRow, sheetsCallsPerOperation } from './bench/calls.js';
import { startChild } from './bench/child.js';
import { coldStarts } from './bench/cold-start.js';
import { fmt } from './bench/measure.js';

function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) =>
        typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

console.log('# Hearth benchmarks\n');

console.log('## Sheets API calls per operation (google adapter against the loopback fake)\n');
const calls: CallsRow[] = await sheetsCallsPerOperation([100, 1_000, 10_000]);
console.log(
  table(
    ['members', 'operation', 'batchGet', 'get', 'batchUpdate', 'cells read', 'cells written'],
    calls.map((r) => [r.members, r.operation, r.batchGet, r.get, r.batchUpdate, r.cellsRead, r.cellsWritten]),
  ),
);
console.log(
  '\nGoal: a snapshot is 1 read; a change set is at most 1 read (the ID re-check) and 1 write, at any size.\n',
);

console.log('## Read, parse and validate a snapshot: 10,000 members, 500 events, 20,000 RSVPs\n');
const scale: Record<string, unknown>[] = [];
for (const backend of ['google', 'local']) {
  const child = await startChild('scripts/bench/scale.ts', [backend], '--expose-gc');
  scale.push(child.line);
  await child.stop();
}
type Figures = { wallMs: number; cpuMs: number; peakRssMb: number; peakHeapMb: number; rssGrowthMb?: number };
console.log(
  table(
    ['adapter', 'read', 'wall ms', 'our CPU ms', 'peak RSS MB', 'RSS growth MB', 'peak heap MB'],
    scale.flatMap((s) =>
      (['first', 'second'] as const).map((which) => {
        const f = s[which] as Figures;
        return [
          String(s.backend),
          which === 'first' ? 'first (cold)' : 'second (warm)',
          fmt(f.wallMs),
          fmt(f.cpuMs),
          fmt(f.peakRssMb),
          f.rssGrowthMb === undefined ? '' : fmt(f.rssGrowthMb),
          fmt(f.peakHeapMb),
        ];
      }),
    ),
  ),
);
console.log(
  '\nGoal (google against the fake, which runs in its own process): under 1 s of our own time and under 200 MB.',
);
console.log(
  'The local adapter parses the .xlsx with exceljs on its first read and caches it until the file changes.',
);

console.log(
  '\n## Cold start under the google backend (functions-framework --target=NAME on the built code)\n',
);
const starts = await coldStarts(5);
console.log(
  table(
    [
      'function',
      'start to first answer ms',
      'import only ms',
      'ratio',
      'first answer',
      'our direct dependencies it loads',
    ],
    starts.map((r) => [
      r.target,
      fmt(r.coldMs),
      fmt(r.importMs),
      fmt(r.ratio, 2),
      r.status,
      r.packages.join(', '),
    ]),
  ),
);
console.log(
  '\nMedians of 5. "import only" is a process that imports the framework\'s server and the same dependencies. Goal:',
);
console.log(
  "at most 1.3 times; exceljs never loads on these paths. The writer's first answer includes a sheet read.",
);

console.log(
  '\n## Writer under a burst: 100 submissions, 20 in flight, Sheets fake at 200 ms a read, 400 ms a write\n',
);
const burst = await writerBurst(100, 20);
console.log(
  table(
    ['p50 ms', 'p95 ms', 'max ms', 'batches', 'batch sizes', 'values.batchGet', 'batchUpdate', 'Slack posts'],
    [
      [
        fmt(burst.p50Ms),
        fmt(burst.p95Ms),
        fmt(burst.maxMs),
        burst.batches.length,
        burst.batches.join(' '),
        burst.batchGets,
        burst.batchUpdates,
        burst.slackPosts,
      ],
    ],
  ),
);
console.log(
  `\n${burst.submissions} requests cost ${burst.batchGets} reads and ${burst.batchUpdates} writes (group commit), well inside 60 a minute.`,
);
