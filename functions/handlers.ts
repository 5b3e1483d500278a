import { loadConfig } from './config.js';
import { rememberedSecret } from './dev-secrets.js';
import { createFormsDoor } from './forms.js';
import type { Handler } from './http.js';
import { createRuntime, type Runtime } from './runtime.js';
import type { SlackHandler } from './slack/door.js';

/**
 * The three functions' handlers over one runtime. Configuration is loaded when this module loads, so a wrong
 * or missing variable stops start-up with a message that names it.
 */
export function createHandlers(runtime: Runtime): { forms: Handler; slack: Handler; writer: Handler } {
  const { config, log, clock } = runtime;
  const forms = createFormsDoor({
    secret: required(config.formRelaySecret, 'FORM_RELAY_SECRET'),
    handOver: runtime.handOver,
    clock,
    log,
  });
  // bolt costs about 170 ms to import: only the slack function pays it, on its first request.
  let slackDoor: Promise<SlackHandler> | undefined;
  const slack: Handler = async (req, res) => {
    // Slack's 3 seconds run from here: loading bolt on a cold start counts.
    const arrivedMs = clock.now().toMillis();
    slackDoor ??= import('./slack/door.js').then(({ createSlackDoor }) =>
      createSlackDoor({
        signingSecret: required(config.slackSigningSecret, 'SLACK_SIGNING_SECRET'),
        botToken: config.slackBotToken,
        apiUrl: config.slackApiUrl,
        handOver: runtime.handOver,
        chat: runtime.chat,
        clock,
        log,
      }),
    );
    return (await slackDoor)(req, res, arrivedMs);
  };
  let writerDoor: Promise<Handler> | undefined;
  const writer: Handler = async (req, res) => {
    writerDoor ??= import('./writer/door.js').then(({ createWriterDoor }) =>
      createWriterDoor({
        writer: runtime.writer,
        token: config.schedulerToken,
        allowTimeTravel: config.allowTimeTravel,
        log,
      }),
    );
    return (await writerDoor)(req, res);
  };
  return { forms, slack, writer };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

let handlers: ReturnType<typeof createHandlers> | undefined;

/** The handlers of this process, configured from its environment on first use. */
export function processHandlers(): ReturnType<typeof createHandlers> {
  handlers ??= createHandlers(createRuntime(loadConfig(undefined, rememberedSecret)));
  return handlers;
}
