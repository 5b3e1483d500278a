/**
 * Requests as Google Forms (through the relay) and Slack send them, correctly signed. Used by
 * `npm run simulate` and the demo; the tests build their own from recorded fixtures.
 */
import { signFormBody, signSlackBody } from '../../functions/signatures.js';
import { CliError } from './cli.js';
import type { IdleAnswer } from './local-server.js';

export interface SignedRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export function formRequest(
  secret: string,
  nowSeconds: number,
  submission: {
    form: string;
    responseId: string;
    submittedAt: string;
    respondentEmail?: string;
    answers: Record<string, string | string[]>;
  },
): SignedRequest {
  const body = JSON.stringify(submission);
  return {
    path: '/forms',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Form-Timestamp': String(nowSeconds),
      'X-Form-Signature': signFormBody(secret, nowSeconds, body),
    },
  };
}

function slackRequest(secret: string, nowSeconds: number, body: string, contentType: string): SignedRequest {
  return {
    path: '/slack/events',
    body,
    headers: {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': String(nowSeconds),
      'X-Slack-Signature': signSlackBody(secret, nowSeconds, body),
    },
  };
}

const TEAM = { id: 'T0SIM', domain: 'hearth-sim' };

export function slackEventRequest(
  secret: string,
  nowSeconds: number,
  event: { eventId: string; type: string; user: string; email: string; name: string; deleted?: boolean },
): SignedRequest {
  const profile = { email: event.email, real_name: event.name };
  return eventCallback(secret, nowSeconds, event.eventId, {
    type: event.type,
    user: { id: event.user, real_name: event.name, deleted: event.deleted === true, profile },
  });
}

/** Someone opened Hearth's Home tab (`app_home_opened`, tab `home`), as Slack sends it. */
export function slackAppHomeOpenedRequest(
  secret: string,
  nowSeconds: number,
  event: { eventId: string; user: string },
): SignedRequest {
  return eventCallback(secret, nowSeconds, event.eventId, {
    type: 'app_home_opened',
    user: event.user,
    channel: `D${event.user.slice(1)}`,
    tab: 'home',
    event_ts: `${nowSeconds}.000100`,
  });
}

/** A person's top-level message in a public channel Hearth is in (`message.channels`), as Slack sends it. */
export function slackMessageRequest(
  secret: string,
  nowSeconds: number,
  message: { eventId: string; channel: string; user: string; text: string; ts: string },
): SignedRequest {
  const { eventId, ...rest } = message;
  return eventCallback(secret, nowSeconds, eventId, {
    type: 'message',
    channel_type: 'channel',
    ...rest,
    event_ts: message.ts,
  });
}

function eventCallback(
  secret: string,
  nowSeconds: number,
  eventId: string,
  event: Record<string, unknown>,
): SignedRequest {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: TEAM.id,
    api_app_id: 'A0SIM',
    event_id: eventId,
    event_time: nowSeconds,
    event,
  });
  return slackRequest(secret, nowSeconds, body, 'application/json');
}

function interactive(secret: string, nowSeconds: number, payload: Record<string, unknown>): SignedRequest {
  return slackRequest(
    secret,
    nowSeconds,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
}

export function slackClickRequest(
  secret: string,
  nowSeconds: number,
  click: {
    user: string;
    channel: string;
    actionId: string;
    value: string;
    messageTs: string;
    actionTs: string;
  },
): SignedRequest {
  return interactive(secret, nowSeconds, {
    type: 'block_actions',
    user: { id: click.user },
    team: TEAM,
    channel: { id: click.channel },
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel },
    ...pressed(nowSeconds, click),
  });
}

/** A button pressed on someone's Home tab: its container is their home view, not a message. */
export function slackHomeClickRequest(
  secret: string,
  nowSeconds: number,
  click: { user: string; actionId: string; value: string; actionTs: string },
): SignedRequest {
  const viewId = `V${click.user.slice(1)}`;
  return interactive(secret, nowSeconds, {
    type: 'block_actions',
    user: { id: click.user },
    team: TEAM,
    container: { type: 'view', view_id: viewId },
    view: { id: viewId, type: 'home', blocks: [] },
    ...pressed(nowSeconds, click),
  });
}

function pressed(
  nowSeconds: number,
  click: { actionId: string; value: string; actionTs: string },
): Record<string, unknown> {
  return {
    trigger_id: `${nowSeconds}.sim`,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: 'sim',
        value: click.value,
        action_ts: click.actionTs,
      },
    ],
  };
}

/** A message shortcut on a given message (its author, text and ts), as Slack sends it. */
export function slackMessageShortcutRequest(
  secret: string,
  nowSeconds: number,
  shortcut: {
    callbackId: string;
    user: string;
    channel: string;
    message: { user: string; text: string; ts: string };
  },
): SignedRequest {
  return interactive(secret, nowSeconds, {
    type: 'message_action',
    callback_id: shortcut.callbackId,
    trigger_id: `${nowSeconds}.sim`,
    action_ts: `${nowSeconds}.000001`,
    user: { id: shortcut.user },
    team: TEAM,
    channel: { id: shortcut.channel },
    message_ts: shortcut.message.ts,
    message: { type: 'message', ...shortcut.message },
  });
}

/** A global shortcut (the ⚡ menu of the message box), as Slack sends it: no message, no channel. */
export function slackGlobalShortcutRequest(
  secret: string,
  nowSeconds: number,
  shortcut: { callbackId: string; user: string },
): SignedRequest {
  return interactive(secret, nowSeconds, {
    type: 'shortcut',
    callback_id: shortcut.callbackId,
    trigger_id: `${nowSeconds}.sim`,
    action_ts: `${nowSeconds}.000001`,
    user: { id: shortcut.user },
    team: TEAM,
  });
}

/**
 * A modal submitted as Slack sends it: the view as the app last drew it (its ID, callback_id and
 * private_metadata come back unchanged) and what the person typed or chose, by block ID (`value` for a text
 * input, `selected` for a select menu, `user` for a people picker; every input's action_id is `value`).
 */
export function slackViewSubmissionRequest(
  secret: string,
  nowSeconds: number,
  submission: {
    user: string;
    viewId: string;
    callbackId: string;
    privateMetadata: string;
    values: Record<string, { value: string } | { selected: string } | { user: string }>;
  },
): SignedRequest {
  const values = Object.fromEntries(
    Object.entries(submission.values).map(([block, input]) => [
      block,
      {
        value:
          'selected' in input
            ? { type: 'static_select', selected_option: { value: input.selected } }
            : 'user' in input
              ? { type: 'users_select', selected_user: input.user }
              : { type: 'plain_text_input', value: input.value },
      },
    ]),
  );
  return interactive(secret, nowSeconds, {
    type: 'view_submission',
    user: { id: submission.user },
    team: TEAM,
    view: {
      id: submission.viewId,
      type: 'modal',
      callback_id: submission.callbackId,
      private_metadata: submission.privateMetadata,
      state: { values },
    },
  });
}

/** The base URL and a reason `fetch` gave up, as a sentence saying what to do. */
function unreachable(base: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') {
    return new CliError(
      `nothing answers at ${base}: start it with npm start (or give --url of a running stack)`,
    );
  }
  const why = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot reach ${base} (${why}): check --url or PORT`);
}

export async function send(
  base: string,
  request: SignedRequest,
): Promise<{ status: number; statusText: string; text: string }> {
  let response: Response;
  try {
    response = await fetch(`${base}${request.path}`, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
    });
  } catch (error) {
    throw unreachable(base, error);
  }
  return { status: response.status, statusText: response.statusText, text: await response.text() };
}

/**
 * `GET /idle` of a local stack: waits until everything handed over is written and sent, and says where the
 * transcript is. Undefined when the stack has no such route (a deployment).
 */
export async function waitForIdle(base: string): Promise<IdleAnswer | undefined> {
  let response: Response;
  try {
    response = await fetch(`${base}/idle`);
  } catch (error) {
    throw unreachable(base, error);
  }
  if (response.status !== 200) return undefined;
  return (await response.json()) as IdleAnswer;
}
