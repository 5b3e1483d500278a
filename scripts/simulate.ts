/**
 * `npm run simulate -- …`: correctly signed requests to a running stack (`npm start`, or a deployment with
 * --url), as Google Forms' relay and Slack send them. On the local stack it waits until the writer has applied
 * the request and prints, under the answer, the lines the request added to slack.log. Commands and flags:
 * scripts/lib/simulate-commands.ts (`npm run simulate -- --help`).
 */

import { randomUUID } from 'node:crypto';
import { loadConfig } from '../functions/config.js';
import { secretsFile, storedSecret } from '../functions/dev-secrets.js';
import { INVITE_CALLBACK_ID } from '../workflows/connections/invitation-messages.js';
import { CliError, runCli } from './lib/cli.js';
import {
  formRequest,
  type SignedRequest,
  send,
  slackAppHomeOpenedRequest,
  slackClickRequest,
  slackEventRequest,
  slackGlobalShortcutRequest,
  slackMessageRequest,
  slackMessageShortcutRequest,
  slackViewSubmissionRequest,
  waitForIdle,
} from './lib/requests.js';
import { type CommandSpec, modalValues, parseArgs } from './lib/simulate-commands.js';
import {
  latestModal,
  logLinesSince,
  logSize,
  messageWithButton,
  readTranscript,
  recordSlackUser,
  shownLogLines,
} from './lib/transcript.js';

/** Answers a required question gets when it is left out, by the form's question title. */
const DEFAULT_ANSWERS: Record<string, Record<string, string>> = {
  join: { Name: 'Ada Lovelace', Email: 'ada@example.org', 'I agree to the ground rules': 'Yes' },
  rsvp: { Email: 'ada@example.org', Event: 'EV-1', 'Attending?': 'Yes', Guests: '0' },
  report: {
    'Who or what is this about?': 'A message in #general',
    'What happened?': 'Something against the rules.',
  },
};

const DEFAULT_CHANNEL = 'C07GENERAL1';

/** An event ID shaped like Slack's (`Ev` and nine characters): Slack sends each event with its own. */
const newEventId = () => `Ev${randomUUID().replaceAll('-', '').slice(0, 9).toUpperCase()}`;

interface Context {
  command: CommandSpec;
  flags: Map<string, string>;
  answers: Map<string, string | string[]>;
  /** The local transcript's directory, when the stack writes one. */
  transcript: string | null;
  nowSeconds: number;
  secrets: { form: string; slack: string; scheduler: string | undefined };
}

function formSubmission(ctx: Context, form: string): SignedRequest {
  const answers: Record<string, string | string[]> = {
    ...DEFAULT_ANSWERS[form],
    ...Object.fromEntries(ctx.answers),
  };
  const respondent = ctx.flags.get('respondent');
  return formRequest(ctx.secrets.form, ctx.nowSeconds, {
    form,
    responseId: ctx.flags.get('response-id') ?? `sim-${randomUUID()}`,
    submittedAt: new Date(ctx.nowSeconds * 1000).toISOString(),
    ...(respondent ? { respondentEmail: respondent } : {}),
    answers,
  });
}

function slackEvent(ctx: Context, type: 'team_join' | 'user_change'): SignedRequest {
  const user = ctx.flags.get('user') as string;
  const email = ctx.flags.get('email') ?? '';
  const name = ctx.flags.get('name') ?? email.split('@')[0] ?? '';
  const deleted = type === 'user_change';
  // The local Slack workspace knows who joined (and who left), as users.lookupByEmail would.
  if (ctx.transcript && email) recordSlackUser(ctx.transcript, { email, id: user, name, deleted });
  return slackEventRequest(ctx.secrets.slack, ctx.nowSeconds, {
    eventId: ctx.flags.get('event-id') ?? newEventId(),
    type,
    user,
    email,
    name,
    deleted,
  });
}

function click(ctx: Context): SignedRequest {
  const actionId = ctx.flags.get('action') as string;
  const given = ctx.flags.get('value');
  const onMessage = ctx.transcript
    ? messageWithButton(readTranscript(ctx.transcript), actionId, given)
    : undefined;
  if (!onMessage && given === undefined) {
    throw new CliError(
      `no message in slack.log has a button ${actionId}: give its --value (e.g. --value AP-1), and --channel and --ts of the message if you know them`,
      2,
    );
  }
  return slackClickRequest(ctx.secrets.slack, ctx.nowSeconds, {
    user: ctx.flags.get('user') as string,
    channel: ctx.flags.get('channel') ?? onMessage?.channel ?? DEFAULT_CHANNEL,
    actionId,
    value: given ?? onMessage?.button.value ?? '',
    messageTs: ctx.flags.get('ts') ?? onMessage?.ts ?? `${ctx.nowSeconds}.000100`,
    actionTs: `${Date.now() / 1000}`,
  });
}

function shortcut(ctx: Context): SignedRequest {
  return slackMessageShortcutRequest(ctx.secrets.slack, ctx.nowSeconds, {
    callbackId: 'report_to_moderators',
    user: ctx.flags.get('user') as string,
    channel: ctx.flags.get('channel') ?? DEFAULT_CHANNEL,
    message: {
      user: ctx.flags.get('author') as string,
      text: ctx.flags.get('text') as string,
      ts: `${ctx.nowSeconds}.000100`,
    },
  });
}

/** The modal Hearth last drew, submitted with what the flags say for each of its inputs. */
function viewSubmission(ctx: Context): SignedRequest {
  if (!ctx.transcript) {
    throw new CliError(
      'slack view submits the modal Hearth last opened in the local transcript, and this stack sends to a real Slack workspace',
    );
  }
  const modal = latestModal(readTranscript(ctx.transcript));
  if (!modal) {
    throw new CliError(
      'no modal is open: open one first, e.g. npm run simulate -- slack shortcut --user U07KATJOHNS --author U07EVEMALLR --text "the message"',
      2,
    );
  }
  const values = modalValues(modal, ctx.flags);
  return slackViewSubmissionRequest(ctx.secrets.slack, ctx.nowSeconds, {
    user: ctx.flags.get('user') as string,
    viewId: modal.viewId,
    callbackId: String(modal.view.callback_id ?? ''),
    privateMetadata: String(modal.view.private_metadata ?? ''),
    values,
  });
}

function tick(ctx: Context): SignedRequest {
  const now = ctx.flags.get('now');
  return {
    path: '/scheduler',
    body: now ? JSON.stringify({ now }) : '',
    headers: {
      'Content-Type': 'application/json',
      ...(ctx.secrets.scheduler ? { Authorization: `Bearer ${ctx.secrets.scheduler}` } : {}),
    },
  };
}

function requestFor(ctx: Context): SignedRequest {
  const [first, second, third] = ctx.command.words;
  if (first === 'form') return formSubmission(ctx, second as string);
  if (first === 'tick') return tick(ctx);
  if (second === 'event') return slackEvent(ctx, third as 'team_join' | 'user_change');
  if (second === 'click') return click(ctx);
  if (second === 'shortcut') return shortcut(ctx);
  if (second === 'home')
    return slackAppHomeOpenedRequest(ctx.secrets.slack, ctx.nowSeconds, {
      eventId: newEventId(),
      user: ctx.flags.get('user') as string,
    });
  if (second === 'message')
    return slackMessageRequest(ctx.secrets.slack, ctx.nowSeconds, {
      eventId: newEventId(),
      channel: ctx.flags.get('channel') ?? DEFAULT_CHANNEL,
      user: ctx.flags.get('user') as string,
      text: ctx.flags.get('text') as string,
      ts: `${ctx.nowSeconds}.${String(Date.now() % 1_000_000).padStart(6, '0')}`,
    });
  if (second === 'invite')
    return slackGlobalShortcutRequest(ctx.secrets.slack, ctx.nowSeconds, {
      callbackId: INVITE_CALLBACK_ID,
      user: ctx.flags.get('user') as string,
    });
  return viewSubmission(ctx);
}

await runCli(async () => {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(parsed.text);
    return;
  }
  // The port first, without making secrets: a stack that is not running is said before anything else.
  const { port } = loadConfig(undefined, () => '', 'sheets');
  const base = (parsed.flags.get('url') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const before = await waitForIdle(base);
  const transcript = before?.transcript ?? null;
  // Signed with the secrets npm start made and keeps beside the workbook; simulate never makes new ones.
  const missing: string[] = [];
  const config = loadConfig(undefined, (name, workbook) => {
    const known = storedSecret(name, workbook);
    if (known === undefined) missing.push(name);
    return known ?? '';
  });
  if (missing.length > 0) {
    throw new CliError(
      `simulate signs requests with the secrets npm start keeps in ${secretsFile(config.localWorkbook)}, and it has none: run simulate with the same LOCAL_WORKBOOK as npm start (or set ${missing.join(', ')})`,
    );
  }
  const ctx: Context = {
    ...parsed,
    transcript,
    nowSeconds: Math.floor(Date.now() / 1000),
    secrets: {
      form: config.formRelaySecret?.reveal() ?? '',
      slack: config.slackSigningSecret?.reveal() ?? '',
      scheduler: config.schedulerToken?.reveal(),
    },
  };
  const request = requestFor(ctx);
  const from = transcript ? logSize(transcript) : 0;
  const answer = await send(base, request);
  console.log(`${answer.status} ${answer.statusText}  POST ${request.path}`);
  if (answer.status >= 400 && answer.text.trim()) console.log(`  ${answer.text.trim()}`);
  if (answer.status === 401) {
    console.log(
      '  The stack checks signatures with its own secrets: run simulate with the same LOCAL_WORKBOOK (or secrets) as npm start.',
    );
  }
  if (answer.status >= 400 && answer.status !== 422) process.exitCode = 1;
  if (!before) return; // not a local stack: what it did is in its own Slack and logs
  const after = await waitForIdle(base);
  if (!transcript) {
    console.log('  (messages go to the Slack workspace)');
    return;
  }
  const lines = logLinesSince(transcript, from);
  console.log(lines.length > 0 ? shownLogLines(lines).join('\n') : '  (nothing new in slack.log)');
  if (after && !after.idle) console.log('  (the writer is still busy: more may follow in slack.log)');
});
