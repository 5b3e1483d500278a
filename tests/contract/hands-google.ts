import { createGoogleGridStore } from '../../sheets-schema/google.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { type FakeChart, type SheetsFake, startSheetsFake } from '../fakes/sheets-fake.js';
import type { ChartSeen, Harness } from './harness.js';

/** The Google store against the loopback Sheets fake; the fake's test-side methods are the organizer's hands. */
export async function googleHarness(): Promise<Harness & { fake: SheetsFake }> {
  const fake = await startSheetsFake();
  const options = { spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl };
  const inner = createGoogleGridStore(options);
  const counts = { reads: 0, writes: 0 };

  // Counted per store call, as the local harness does: a cold store also makes one spreadsheets.get for
  // its tab list (see fake.stats for the HTTP requests). Calls with nothing to do never reach the API.
  const counted = <T>(kind: 'reads' | 'writes', reaches: boolean, call: () => Promise<T>): Promise<T> => {
    if (reaches) counts[kind]++;
    return call();
  };
  const store: GridStore = {
    backend: 'google',
    readTabs: (tabs, options) => counted('reads', true, () => inner.readTabs(tabs, options)),
    readColumns: (requests) => counted('reads', true, () => inner.readColumns(requests)),
    layout: () => counted('reads', true, () => inner.layout()),
    write: (batch) =>
      counted(
        'writes',
        batch.appends.some((a) => a.rows.length > 0) ||
          batch.updates.length > 0 ||
          (batch.deletes ?? []).some((d) => d.rows.length > 0),
        () => inner.write(batch),
      ),
    applyLayout: (changes) => counted('writes', changes.length > 0, () => inner.applyLayout(changes)),
  };

  return {
    name: 'google',
    fake,
    store,
    openAnother: () => createGoogleGridStore(options),
    getGrid: async (tab) => (fake.sheet(tab) ? fake.getGrid(tab) : []),
    setGrid: async (tab, rows) => fake.setGrid(tab, rows),
    charts: async (tab) => (fake.sheet(tab)?.charts ?? []).map(seen),
    isFormula: async (tab, row, column) => fake.cell(tab, row, column).kind === 'formula',
    failNext: (count) => fake.failNext(count),
    calls: () => ({ ...counts }),
    resetCalls: () => {
      counts.reads = 0;
      counts.writes = 0;
    },
    close: () => fake.close(),
  };
}

/** A chart as the fake keeps it (Google's EmbeddedChart), by the columns of its first source ranges. */
function seen(chart: FakeChart): ChartSeen {
  // biome-ignore lint/suspicious/noExplicitAny: the ChartData as sent
  const column = (data: any): number => data?.sourceRange?.sources?.[0]?.startColumnIndex ?? 0;
  const basic = chart.spec.basicChart ?? {};
  const anchor = chart.position.overlayPosition.anchorCell;
  return {
    title: chart.spec.title ?? '',
    domain: column(basic.domains?.[0]?.domain),
    // biome-ignore lint/suspicious/noExplicitAny: as above
    series: (basic.series ?? []).map((s: any) => column(s.series)),
    anchor: { row: anchor.rowIndex ?? 0, column: anchor.columnIndex ?? 0 },
  };
}
