/**
 * `npm run simulate -- …`: correctly signed requests to a running stack (`npm start`, or a deployment).
 *
 *   form join|rsvp|report "Title=value" …     a Google Form submission, as the relay sends it
 *   slack event team_join|user_change --user U… [--email …] [--name …]
 *   slack click --action ID [--value V] --user U… [--channel C…]
 *   slack shortcut --user U… [--text "message"] [--author U…] [--channel C…]
 *   slack view --user U… [--details "…"] [--urgency High]
 *   tick [--now ISO]                           the scheduler's tick (--now needs ALLOW_TIME_TRAVEL=true)
 *
 * Options: --url http://localhost:8080 (default: PORT). Secrets come from the environment or, for the local
 * backend, from dev-secrets.json beside the workbook (what `npm start` printed).
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../functions/config.js';
import { rememberedSecret } from '../functions/dev-secrets.js';
import {
  formRequest,
  type SignedRequest,
  send,
  slackClickRequest,
  slackEventRequest,
  slackShortcutRequest,
  slackViewRequest,
} from './lib/requests.js';

const DEFAULT_ANSWERS: Record<string, Record<string, string>> = {
  join: { Name: 'Ada Lovelace', Email: 'ada@example.org', 'I agree to the ground rules': 'Yes' },
  rsvp: { Email: 'ada@example.org', Event: 'EV-1', 'Attending?': 'Yes', Guests: '0' },
  report: {
    'Who or what is this about?': 'A message in #general',
    'What happened?': 'Something against the rules.',
  },
};

const args = process.argv.slice(2);
const flags = new Map<string, string>();
const positional: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg.startsWith('--')) flags.set(arg.slice(2), args[++i] ?? '');
  else positional.push(arg);
}
const config = loadConfig(undefined, rememberedSecret);
const base = (flags.get('url') ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
const now = Math.floor(Date.now() / 1000);
const slackSecret = config.slackSigningSecret?.reveal() ?? '';
const user = flags.get('user') ?? 'U0SIMULATE';
const channel = flags.get('channel') ?? 'C0GENERAL1';

function formSubmission(name: string, pairs: string[]): SignedRequest {
  const answers: Record<string, string | string[]> = { ...(DEFAULT_ANSWERS[name] ?? {}) };
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`"${pair}" is not Title=value`);
    const value = pair.slice(at + 1);
    answers[pair.slice(0, at)] = value.includes(',') ? value.split(',').map((v) => v.trim()) : value;
  }
  return formRequest(config.formRelaySecret?.reveal() ?? '', now, {
    form: name,
    responseId: flags.get('response-id') ?? `sim-${randomUUID()}`,
    submittedAt: new Date().toISOString(),
    ...(flags.has('respondent') ? { respondentEmail: flags.get('respondent') as string } : {}),
    answers,
  });
}

function slack(kind: string, rest: string[]): SignedRequest {
  if (kind === 'event') {
    const type = rest[0] ?? 'team_join';
    return slackEventRequest(slackSecret, now, {
      eventId: flags.get('event-id') ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
      type,
      user,
      email: flags.get('email') ?? 'ada@example.org',
      name: flags.get('name') ?? 'Ada Lovelace',
      deleted: type === 'user_change',
    });
  }
  if (kind === 'click') {
    return slackClickRequest(slackSecret, now, {
      user,
      channel,
      actionId: flags.get('action') ?? 'approval:approve',
      value: flags.get('value') ?? '',
      messageTs: flags.get('ts') ?? '1700000000.000100',
      actionTs: `${Date.now() / 1000}`,
    });
  }
  if (kind === 'shortcut') {
    return slackShortcutRequest(slackSecret, now, {
      user,
      channel,
      author: flags.get('author') ?? 'U0AUTHOR01',
      text: flags.get('text') ?? 'a message',
    });
  }
  return slackViewRequest(slackSecret, now, {
    user,
    channel,
    viewId: flags.get('view-id') ?? `V${randomUUID().slice(0, 8).toUpperCase()}`,
    rule: flags.get('rule') ?? '',
    details: flags.get('details') ?? 'Something against the rules.',
    urgency: flags.get('urgency') ?? 'Medium',
  });
}

const [command, sub, ...rest] = positional;
let request: SignedRequest | undefined;
if (command === 'form' && sub && sub in DEFAULT_ANSWERS) request = formSubmission(sub, rest);
else if (command === 'slack' && sub && ['event', 'click', 'shortcut', 'view'].includes(sub))
  request = slack(sub, rest);
else if (command === 'tick') {
  request = {
    path: '/scheduler',
    body: flags.has('now') ? JSON.stringify({ now: flags.get('now') }) : '',
    headers: {
      'Content-Type': 'application/json',
      ...(config.schedulerToken ? { Authorization: `Bearer ${config.schedulerToken.reveal()}` } : {}),
    },
  };
}
if (!request) {
  console.error(
    'usage: npm run simulate -- form join|rsvp|report [Title=value …] | slack event|click|shortcut|view [--flags] | tick [--now ISO]',
  );
  process.exitCode = 2;
} else {
  const answer = await send(base, request);
  console.log(`${answer.status}  POST ${request.path}\n${answer.text}`);
  if (answer.status >= 400 && answer.status !== 422) process.exitCode = 1;
}
