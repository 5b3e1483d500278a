import { type GridReader, readOnly } from '../sheets-schema/grid.js';
import { openGridStore } from './backend.js';

/** The configured backend, read-only: for code that must not write the spreadsheet (the doctor). */
export async function openGridReader(config: Parameters<typeof openGridStore>[0]): Promise<GridReader> {
  return readOnly(await openGridStore(config));
}
