import { createGoogleGridStore } from '../../sheets-schema/google.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { startSheetsFake } from '../fakes/sheets-fake.js';
import type { Harness } from './harness.js';

/** The Google store against the loopback Sheets fake; the fake's test-side methods are the organizer's hands. */
export async function googleHarness(): Promise<Harness> {
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
    store,
    openAnother: () => createGoogleGridStore(options),
    getGrid: async (tab) => (fake.sheet(tab) ? fake.getGrid(tab) : []),
    setGrid: async (tab, rows) => fake.setGrid(tab, rows),
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
