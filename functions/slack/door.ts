import type { Request, Response } from '@google-cloud/functions-framework';
import { App, LogLevel } from '@slack/bolt';
import type { Secret } from '../config.js';
import { header, MAX_SLACK_BYTES, rawBodyOf, refuse, tooLarge } from '../http.js';
import type { ListenerContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import { ACK_BUDGET_MS, FunctionReceiver } from './receiver.js';

export interface SlackDoorOptions extends ListenerContext {
  signingSecret: Secret;
  /** Only for bolt's own bookkeeping: messages go out through the Chat port. */
  botToken: Secret | undefined;
  apiUrl: string | undefined;
}

/** A door's handler; `arrivedMs`: when the request reached this process, before anything was loaded for it. */
export type SlackHandler = (req: Request, res: Response, arrivedMs?: number) => Promise<void>;

/**
 * `POST /slack/events`: Slack's Events API and interactivity, through a bolt App. The answer goes out at most
 * ACK_BUDGET_MS after the request arrived, whatever a listener is still waiting for.
 */
export function createSlackDoor(options: SlackDoorOptions): SlackHandler {
  const receiver = new FunctionReceiver(() => options.signingSecret.reveal());
  const app = new App({
    receiver,
    // A fixed authorization: bolt would otherwise call auth.test on every request, a slow Slack round trip
    // before the ack.
    authorize: async () => ({ botToken: options.botToken?.reveal() ?? 'xoxb-local-transcript' }),
    ignoreSelf: false,
    logLevel: LogLevel.WARN,
    logger: boltLogger(options),
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
  });
  registerListeners(app, options);
  return async (req, res, arrivedMs) => {
    const nowMs = options.clock.now().toMillis();
    if (req.method !== 'POST') return refuse(res, 405, 'use POST');
    if (tooLarge(req, MAX_SLACK_BYTES)) return refuse(res, 413, `body over ${MAX_SLACK_BYTES} bytes`);
    const answer = await receiver.handle({
      rawBody: rawBodyOf(req),
      headers: {
        'x-slack-signature': header(req, 'x-slack-signature'),
        'x-slack-request-timestamp': header(req, 'x-slack-request-timestamp'),
        'x-slack-retry-num': header(req, 'x-slack-retry-num'),
        'x-slack-retry-reason': header(req, 'x-slack-retry-reason'),
        'content-type': header(req, 'content-type'),
      },
      nowMs,
      deadlineMs: (arrivedMs ?? nowMs) + ACK_BUDGET_MS,
    });
    if (answer.status === 401) options.log.log('WARNING', 'Slack request refused', { reason: answer.body });
    res.status(answer.status).set('Content-Type', answer.contentType).send(answer.body);
  };
}

/** bolt's log lines, into ours. They never carry tokens: bolt logs no bodies outside developer mode. */
function boltLogger(options: ListenerContext) {
  let level = LogLevel.WARN;
  const at =
    (severity: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR') =>
    (...messages: unknown[]) =>
      options.log.log(
        severity,
        `bolt: ${messages.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')}`,
      );
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: at('WARNING'),
    error: at('ERROR'),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
