/**
 * `npm start`: the local stack. Every function on one port (the paths of the README), backed by the local
 * workbook and the Slack transcript, with the tick every minute. Runs the handlers under the Functions
 * Framework's own server, exactly as Cloud Functions runs them.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../functions/config.js';
import { rememberedSecret } from '../functions/dev-secrets.js';
import { createHandlers } from '../functions/handlers.js';
import { errorFields } from '../functions/log.js';
import { createRuntime } from '../functions/runtime.js';
import { isHearthError } from '../sheets-schema/errors.js';
import { provision } from '../sheets-schema/provision.js';
import { serveLocally } from './lib/local-server.js';

const TICK_MS = 60_000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(undefined, rememberedSecret);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const runtime = createRuntime(config);
const { log } = runtime;

try {
  const { openGridStore } = await import('../functions/backend.js');
  const report = await provision(await openGridStore(config), await runtime.workbook());
  for (const action of report.actions) log.log('INFO', `provision: ${action}`);
} catch (error) {
  console.error(isHearthError(error) ? error.message : error);
  process.exit(1);
}

const handlers = createHandlers(runtime);
// Work accepted before a stop or a crash, still in the journal, goes to the writer now.
await runtime.handOver();
const { server } = await serveLocally(handlers, config, config.port, async () => ({
  ...(await runtime.status()),
}));
{
  const base = `http://localhost:${config.port}`;
  const where =
    config.backend === 'local' ? resolve(config.localWorkbook) : `spreadsheet ${config.spreadsheetId}`;
  const lines = [
    '',
    `Hearth is running at ${base} (backend: ${config.backend}, ${where})`,
    `  POST ${base}/forms          Google Form submissions (signed by the relay)`,
    `  POST ${base}/slack/events   Slack events and interactivity`,
    `  POST ${base}/scheduler      the tick (also runs every minute here)`,
    `  GET  ${base}/healthz`,
    config.slackBotToken
      ? '  Slack: the real Web API'
      : `  Slack: no bot token, so messages go to ${resolve(config.localWorkbook, '..', 'slack.log')}`,
  ];
  if (config.generatedSecrets.length > 0) {
    lines.push(
      `  Dev secrets (generated for the local backend, kept in ${resolve(config.localWorkbook, '..', 'dev-secrets.json')}):`,
      ...config.generatedSecrets.map((name) => `    ${name}=${rememberedSecret(name, config.localWorkbook)}`),
    );
  }
  lines.push(
    '',
    'Try it (in another terminal):',
    '  npm run simulate -- form join Name="Ada Lovelace" Email=ada@example.org',
    '  npm run simulate -- form rsvp Email=ada@example.org Event=EV-1 Attending?=Yes',
    '  npm run simulate -- slack event team_join --user U0ADA0001 --email ada@example.org',
    '  npm run simulate -- slack click --action approval:approve --value AP-1 --user U0LEADER1',
    '  npm run simulate -- slack shortcut --user U0ADA0001 --text "the message to report"',
    '  npm run simulate -- tick',
    '',
  );
  console.log(lines.join('\n'));
}

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
