/**
 * `npm run forget -- EMAIL [--dry-run]`: erase a person from every tab of the configured spreadsheet (or local
 * workbook). See docs/data.md for what else keeps a copy and how to clear it.
 */

import { describeError, isHearthError } from '../common/errors.js';
import { openGridStore } from '../functions/backend.js';
import { loadConfig } from '../functions/config.js';
import { isEmailAddress } from '../sheets-schema/emails.js';
import { type ForgetReport, forget } from '../sheets-schema/forget.js';
import { createWorkbook } from '../sheets-schema/workbook.js';
import { exitOnUncaughtError } from './lib/cli.js';

exitOnUncaughtError();

const USAGE = 'Usage: npm run forget -- EMAIL [--dry-run]';

function parseArgs(argv: readonly string[]): { email: string; dryRun: boolean } {
  const flags = argv.filter((a) => a.startsWith('--'));
  const words = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--dry-run');
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown.join(', ')}`);
  if (words.length !== 1) throw new UsageError('Give exactly one email address');
  const [email = ''] = words;
  if (!isEmailAddress(email)) throw new UsageError(`"${email}" is not an email address`);
  return { email, dryRun: flags.includes('--dry-run') };
}

class UsageError extends Error {}

function summary(report: ForgetReport, dryRun: boolean, where: string): string {
  const lines: string[] = [];
  if (report.memberIds.length === 0) lines.push(`${report.email} is in no Members row of ${where}.`);
  else
    lines.push(
      `${report.email} is member ${report.memberIds.join(', ')}: the row stays (so its ID still links RSVPs and Audit), with Name "(forgotten)" and Status Left.`,
    );
  lines.push(
    `Looked in ${report.tabsScanned} tab(s) for the email, ${report.slackIds} Slack ID(s) and ${report.names} name(s).`,
  );
  if (report.changed === 0 && report.notChanged.length === 0) {
    lines.push('Nothing to change: no cell holds them.');
    return lines.join('\n');
  }
  if (report.changed > 0) lines.push(`${dryRun ? 'Would change' : 'Changed'} ${report.changed} cell(s):`);
  for (const tab of report.tabs) {
    lines.push(`  ${tab.tab}: ${tab.changes.length} cell(s) in ${tab.rows} row(s)`);
    for (const change of tab.changes) {
      const after = change.after === '' ? 'emptied' : `→ ${change.after}`;
      lines.push(`    ${change.a1} (${change.header}) ${after}`);
    }
  }
  if (report.notChanged.length > 0) {
    lines.push('Left as they were, because someone moved or edited them while this ran:');
    for (const row of report.notChanged) lines.push(`  ${row.tab} row ${row.row}: ${row.reason}`);
  }
  if (dryRun) lines.push(`Dry run: nothing was written. Run it again without --dry-run to make the changes.`);
  else if (report.leftovers.length > 0) {
    lines.push(
      `Still found after writing (written meanwhile?) in ${report.leftovers.join(', ')}: run \`npm run forget -- ${report.email}\` again.`,
    );
  } else if (report.notChanged.length > 0) {
    lines.push(`Run \`npm run forget -- ${report.email}\` again for the rows left as they were.`);
  } else lines.push('Checked afterwards: no cell holds them any more.');
  return lines.join('\n');
}

const GOOGLE_REMINDERS = [
  'Forgetting clears the cells, not every copy:',
  "  - Google Sheets keeps older versions (File → Version history), and they still show the person's data.",
  '    To drop them: make a copy of the spreadsheet (File → Make a copy; a copy starts without history),',
  '    point Hearth at the copy (SPREADSHEET_ID, share it with the service account, relink the forms), then',
  '    delete the original and empty it from the Trash. See docs/data.md.',
  '  - Each Google Form keeps its own responses: open the form → Responses → Individual, find theirs and',
  '    delete it there too (this command covers the "Form responses" tabs of the sheet).',
  '  - Slack messages, emails already sent, downloads and backups are outside the spreadsheet.',
];

const LOCAL_REMINDERS = [
  'Forgetting clears the cells of the workbook file, not every copy:',
  "  - Backups or copies of the .xlsx file (and a spreadsheet program's autosaves) keep the old data.",
  '  - If Google Forms feed this workbook, each form keeps its own responses: open the form → Responses →',
  '    Individual, find theirs and delete it there too.',
  '  - Slack messages and emails already sent are outside the workbook.',
];

try {
  const { email, dryRun } = parseArgs(process.argv.slice(2));
  const config = loadConfig(undefined, undefined, 'sheets');
  const store = await openGridStore(config);
  const where = config.backend === 'local' ? config.localWorkbook : `spreadsheet ${config.spreadsheetId}`;
  const report = await forget(store, createWorkbook(store), email, { dryRun });
  console.log(summary(report, dryRun, where));
  console.log('');
  console.log((config.backend === 'google' ? GOOGLE_REMINDERS : LOCAL_REMINDERS).join('\n'));
  if (!dryRun && (report.leftovers.length > 0 || report.notChanged.length > 0)) process.exitCode = 1;
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (isHearthError(error)) {
    console.error(describeError(error));
    process.exit(1);
  }
  throw error;
}
