/**
 * Requests as Google Forms (through the relay) and Slack send them, correctly signed. Used by
 * `npm run simulate` and the demo; the tests build their own from recorded fixtures.
 */
import { signFormBody, signSlackBody } from '../../functions/signatures.js';

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
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: TEAM.id,
    api_app_id: 'A0SIM',
    event_id: event.eventId,
    event_time: nowSeconds,
    event: {
      type: event.type,
      user: { id: event.user, real_name: event.name, deleted: event.deleted === true, profile },
    },
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
  });
}

export function slackShortcutRequest(
  secret: string,
  nowSeconds: number,
  shortcut: { user: string; channel: string; author: string; text: string },
): SignedRequest {
  return interactive(secret, nowSeconds, {
    type: 'message_action',
    callback_id: 'report_to_moderators',
    trigger_id: `${nowSeconds}.sim`,
    user: { id: shortcut.user },
    team: TEAM,
    channel: { id: shortcut.channel },
    message_ts: '1700000000.000200',
    message: { type: 'message', user: shortcut.author, text: shortcut.text, ts: '1700000000.000200' },
  });
}

export function slackViewRequest(
  secret: string,
  nowSeconds: number,
  view: { user: string; viewId: string; channel: string; rule: string; details: string; urgency: string },
): SignedRequest {
  return interactive(secret, nowSeconds, {
    type: 'view_submission',
    user: { id: view.user },
    team: TEAM,
    view: {
      id: view.viewId,
      callback_id: 'report_to_moderators',
      private_metadata: JSON.stringify({
        channel: view.channel,
        ts: '1700000000.000200',
        author: 'U0AUTHOR01',
        excerpt: 'a message',
        link: '',
      }),
      state: {
        values: {
          rule: { value: { type: 'plain_text_input', value: view.rule } },
          details: { value: { type: 'plain_text_input', value: view.details } },
          urgency: { value: { type: 'static_select', selected_option: { value: view.urgency } } },
        },
      },
    },
  });
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

/**
 * A modal submitted as Slack sends it: the view as the app last drew it (its ID, callback_id and
 * private_metadata come back unchanged) and what the person typed or chose, by block ID (`value` for a text
 * input, `selected` for a select menu; every input's action_id is `value`).
 */
export function slackViewSubmissionRequest(
  secret: string,
  nowSeconds: number,
  submission: {
    user: string;
    viewId: string;
    callbackId: string;
    privateMetadata: string;
    values: Record<string, { value: string } | { selected: string }>;
  },
): SignedRequest {
  const values = Object.fromEntries(
    Object.entries(submission.values).map(([block, input]) => [
      block,
      {
        value:
          'selected' in input
            ? { type: 'static_select', selected_option: { value: input.selected } }
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

export async function send(base: string, request: SignedRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${request.path}`, {
    method: 'POST',
    body: request.body,
    headers: request.headers,
  });
  return { status: response.status, text: await response.text() };
}
