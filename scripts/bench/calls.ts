/**
 * Sheets API calls and cells per operation through the google adapter, against the loopback fake, at several
 * sizes: the number of calls must not grow with the number of rows.
 */
import { append, update } from '../../sheets-schema/changes.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { groupGrids } from './data.js';

export interface CallsRow {
  members: number;
  operation: string;
  batchGet: number;
  get: number;
  batchUpdate: number;
  cellsRead: number;
  cellsWritten: number;
}

export async function sheetsCallsPerOperation(sizes: readonly number[]): Promise<CallsRow[]> {
  const rows: CallsRow[] = [];
  for (const members of sizes) {
    const fake = await startSheetsFake({ tabs: groupGrids(members, Math.ceil(members / 20), members * 2) });
    const workbook = createWorkbook(
      createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl }),
    );
    const record = async (operation: string, run: () => Promise<unknown>) => {
      fake.resetStats();
      await run();
      const { batchGet, get, batchUpdate, cellsRead, cellsWritten } = fake.stats;
      rows.push({ members, operation, batchGet, get, batchUpdate, cellsRead, cellsWritten });
    };
    let snapshot = await workbook.read(['Members', 'Events', 'RSVPs']);
    const changeSet = () => [
      update('Members', `M-${members}`, { status: 'Left' }),
      update('Events', 'EV-1', { confirmed: 31, seatsLeft: 9 }),
      append('Members', {
        memberId: snapshot.nextId('Members'),
        name: 'New Member',
        email: `new${members}@example.org`,
      }),
      append('Audit', { action: 'bench', key: `bench:${members}` }),
    ];
    await record('first change set (tab list once per process)', () =>
      workbook.apply(changeSet(), { timeZone: snapshot.timeZone }),
    );
    await record('snapshot: Settings, Members, Events, RSVPs', async () => {
      snapshot = await workbook.read(['Members', 'Events', 'RSVPs']);
    });
    await record('change set: 2 updates + 2 appends', () =>
      workbook.apply(changeSet(), { timeZone: snapshot.timeZone }),
    );
    await fake.close();
  }
  return rows;
}
