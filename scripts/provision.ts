/** `npm run provision`: create or migrate every tab, header, dropdown and protection of the configured backend. */

import { describeError, isHearthError } from '../common/errors.js';
import { openGridStore } from '../functions/backend.js';
import { loadConfig } from '../functions/config.js';
import { provision } from '../sheets-schema/provision.js';
import { createWorkbook } from '../sheets-schema/workbook.js';
import { exitOnUncaughtError } from './lib/cli.js';

exitOnUncaughtError();

try {
  const config = loadConfig(undefined, undefined, 'sheets');
  const store = await openGridStore(config);
  const where = config.backend === 'local' ? config.localWorkbook : `spreadsheet ${config.spreadsheetId}`;
  const report = await provision(store, createWorkbook(store));
  if (report.actions.length === 0) console.log(`${where} is already provisioned: nothing to change.`);
  else console.log(`Provisioned ${where}:\n${report.actions.map((a) => `  - ${a}`).join('\n')}`);
  for (const note of report.notes) console.log(`Note: ${note}.`);
  console.log(`Time zone: ${report.timeZone}`);
} catch (error) {
  if (isHearthError(error)) {
    console.error(describeError(error));
    process.exit(1);
  }
  throw error;
}
