import type { GridStore } from '../sheets-schema/grid-store.js';
import type { Config } from './config.js';

/**
 * The configured backend's store. Each adapter is imported only when chosen, so a cloud cold start never
 * loads exceljs (about 220 ms) and the local stack never loads the Google client.
 */
export async function openGridStore(
  config: Pick<Config, 'backend' | 'localWorkbook' | 'spreadsheetId' | 'sheetsApiRootUrl'>,
): Promise<GridStore> {
  if (config.backend === 'local') {
    const { createLocalGridStore } = await import('../sheets-schema/local.js');
    return createLocalGridStore({ path: config.localWorkbook });
  }
  const { createGoogleGridStore } = await import('../sheets-schema/google.js');
  return createGoogleGridStore({
    spreadsheetId: config.spreadsheetId as string,
    ...(config.sheetsApiRootUrl ? { rootUrl: config.sheetsApiRootUrl } : {}),
  });
}
