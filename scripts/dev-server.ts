/**
 * `npm start`: the local stack. Every function on one port (the paths of the README), backed by the local
 * workbook and the Slack transcript, with the tick at start and every minute. Runs the handlers under the
 * Functions Framework's own server, exactly as Cloud Functions runs them.
 *
 * A new local workbook gets the sample group (scripts/lib/sample-group.ts) unless `--empty` or
 * SAMPLE_GROUP=false asks for a blank one; an existing workbook or a Google sheet is used as it is.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfig } from '../functions/config.js';
import { rememberedSecret } from '../functions/dev-secrets.js';
import { errorFields } from '../functions/log.js';
import { createRuntime } from '../functions/runtime.js';
import { provision } from '../sheets-schema/provision.js';
import { CliError, runCli } from './lib/cli.js';
import { serveLocally } from './lib/local-server.js';
import { describeSampleGroup, provisionSampleGroup, writeSampleSlackUsers } from './lib/sample-group.js';
import { logLinesSince, logSize, shownLogLines } from './lib/transcript.js';

const TICK_MS = 60_000;

const USAGE = `usage: npm start [-- --empty]

  --empty   a new local workbook starts blank, without the sample group (also SAMPLE_GROUP=false)

The stack serves every function on PORT (default 8080), backed by LOCAL_WORKBOOK (default ./local/group.xlsx).`;

/** A path as a person would type it from here: relative when it is under the current directory. */
function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : `./${rel}`;
}

await runCli(async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--empty');
  if (unknown.length > 0) throw new CliError(`unknown option ${unknown.join(' ')}\n\n${USAGE}`, 2);

  const config = loadConfig(undefined, rememberedSecret);
  const runtime = createRuntime(config);
  const { log } = runtime;
  const local = config.backend === 'local';
  const fresh = local && !existsSync(config.localWorkbook);
  // The sample's made-up people and event are for the local transcript only, never for a real workspace.
  const withSample = fresh && config.sampleGroup && !args.includes('--empty') && !config.slackBotToken;
  const dir = dirname(config.localWorkbook);

  // Listening first: a port in use stops here, before a new workbook is made.
  const { server } = await serveLocally(runtime, config.port);
  let report: Awaited<ReturnType<typeof provision>>;
  try {
    const { openGridStore } = await import('../functions/backend.js');
    const store = await openGridStore(config);
    const workbook = await runtime.workbook();
    report = withSample
      ? await provisionSampleGroup(store, workbook, runtime.clock.now())
      : await provision(store, workbook);
  } catch (error) {
    server.close();
    throw error;
  }
  if (withSample) writeSampleSlackUsers(dir);
  // A new workbook's every tab and setting is one line, not twenty; an existing one's migration in full.
  if (fresh) log.log('INFO', `provision: created ${shown(config.localWorkbook)} with every tab and setting`);
  else for (const action of report.actions) log.log('INFO', `provision: ${action}`);

  // Work accepted before a stop or a crash, still in the journal, goes to the writer now.
  await runtime.handOver();
  // The first tick now, not in a minute: a sample event is announced before anyone looks at slack.log.
  const logFrom = logSize(dir);
  try {
    const writer = await runtime.writer();
    await writer.tick();
    await writer.idle();
  } catch (error) {
    log.log('ERROR', 'tick failed', errorFields(error));
  }

  const base = `http://localhost:${config.port}`;
  const where = local
    ? `${shown(config.localWorkbook)}: ${
        withSample
          ? 'new, with a sample group (see below)'
          : fresh
            ? `new and blank${config.sampleGroup && config.slackBotToken ? ' (no sample group with a real Slack workspace)' : ''}`
            : `the existing workbook, used as it is${args.includes('--empty') ? ' (--empty is only for a new one)' : ''}`
      }`
    : `the Google spreadsheet ${config.spreadsheetId}, used as it is`;
  const lines = [
    '',
    `Hearth is running at ${base}`,
    `  Workbook  ${where}`,
    config.slackBotToken
      ? '  Slack     the real Web API (SLACK_BOT_TOKEN)'
      : `  Slack     no bot token, so what Hearth says in Slack goes to ${shown(join(dir, 'slack.log'))}`,
    `  Paths     POST /forms · POST /slack/events · POST /scheduler (the tick: at start, then every minute) · GET /healthz`,
  ];
  if (config.generatedSecrets.length > 0) {
    lines.push(
      `  Secrets   generated for the local stack, kept in ${shown(join(dir, 'dev-secrets.json'))} (simulate signs with them):`,
      ...config.generatedSecrets.map(
        (name) => `              ${name}=${rememberedSecret(name, config.localWorkbook)}`,
      ),
    );
  }
  if (withSample) {
    lines.push(
      '',
      ...describeSampleGroup(runtime.clock.now()),
      `  Edit or delete them in the workbook. For a blank workbook instead: stop Hearth, delete ${shown(dir)}, run npm start -- --empty`,
      '',
      `The first tick announced EV-1, in ${shown(join(dir, 'slack.log'))}:`,
      ...shownLogLines(config.slackBotToken ? [] : logLinesSince(dir, logFrom)),
      '',
      'In another terminal, Katherine (a member, already on Slack) says she is going (the README’s Quick start goes on from here):',
      '  npm run simulate -- slack click --user U07KATJOHNS --action rsvp:yes --value EV-1',
    );
  } else {
    if (fresh) lines.push('', 'No sample group: fill in Settings and Leaders, then add events and members.');
    lines.push('', 'In another terminal, send it what Google Forms and Slack would send:');
  }
  lines.push(
    '  npm run simulate -- --help      every command, and what each sends',
    '',
    'Stop it with Ctrl+C.',
  );
  console.log(lines.join('\n'));

  const ticker = setInterval(() => {
    void runtime
      .writer()
      .then((writer) => writer.tick())
      .catch((error: unknown) => log.log('ERROR', 'tick failed', errorFields(error)));
  }, TICK_MS);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      clearInterval(ticker);
      server.close(() => process.exit(0));
    });
  }
});
