/**
 * `npm run doctor`: checks the configured setup before going live (configuration, Google access, the
 * spreadsheet's tabs and time zone, its size, the Slack token, scopes and channels, the form relay) and
 * prints what to fix. Exits 1 when any check failed; warnings alone exit 0.
 */

import { exitOnUncaughtError } from './lib/cli.js';
import { exitCodeOf, formatResult, formatSummary, runDoctor } from './lib/doctor-checks.js';

exitOnUncaughtError();

console.log('Hearth doctor: checking this setup before going live.\n');
const results = await runDoctor({ onResult: (result) => console.log(formatResult(result)) });
console.log(`\n${formatSummary(results)}`);
process.exitCode = exitCodeOf(results);
