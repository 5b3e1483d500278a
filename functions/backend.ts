import { type Clock, systemClock } from '../common/clock.js';
import type { GridStore } from '../sheets-schema/grid-store.js';
import type { Config } from './config.js';

/**
 * The configured backend's store. Each adapter is imported only when chosen, so a cloud cold start never
 * loads exceljs (about 220 ms) and the local stack never loads the Google client.
 */
export async function openGridStore(
  config: Pick<Config, 'backend' | 'localWorkbook' | 'spreadsheetId' | 'sheetsApiRootUrl'>,
  /** What its cache ages are measured by (the tab list's, a lock file's). */
  clock: Clock = systemClock,
): Promise<GridStore> {
  if (config.backend === 'local') {
    const { createLocalGridStore } = await import('../sheets-schema/local.js');
    return createLocalGridStore({ path: config.localWorkbook, clock });
  }
  const { createGoogleGridStore } = await import('../sheets-schema/google.js');
  return createGoogleGridStore({
    clock,
    spreadsheetId: config.spreadsheetId as string,
    ...(config.sheetsApiRootUrl ? { rootUrl: config.sheetsApiRootUrl } : {}),
  });
}
