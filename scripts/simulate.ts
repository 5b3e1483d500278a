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
import { signFormBody, signSlackBody } from '../functions/signatures.js';

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
const now = () => Math.floor(Date.now() / 1000);

async function send(path: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(`${base}${path}`, { method: 'POST', body, headers });
  const text = await response.text();
  console.log(`${response.status} ${response.statusText}  POST ${path}\n${text}`);
  if (!response.ok && response.status !== 422) process.exitCode = 1;
}

async function form(name: string, pairs: string[]): Promise<void> {
  const answers: Record<string, string | string[]> = { ...(DEFAULT_ANSWERS[name] ?? {}) };
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`"${pair}" is not Title=value`);
    const value = pair.slice(at + 1);
    answers[pair.slice(0, at)] = value.includes(',') ? value.split(',').map((v) => v.trim()) : value;
  }
  const body = JSON.stringify({
    form: name,
    responseId: flags.get('response-id') ?? `sim-${randomUUID()}`,
    submittedAt: new Date().toISOString(),
    ...(flags.has('respondent') ? { respondentEmail: flags.get('respondent') } : {}),
    answers,
  });
  const ts = now();
  await send('/forms', body, {
    'Content-Type': 'application/json',
    'X-Form-Timestamp': String(ts),
    'X-Form-Signature': signFormBody(config.formRelaySecret?.reveal() ?? '', ts, body),
  });
}

async function slack(kind: string, rest: string[]): Promise<void> {
  const user = flags.get('user') ?? 'U0SIMULATE';
  const channel = flags.get('channel') ?? 'C0GENERAL';
  const team = { id: 'T0SIM', domain: 'hearth-sim' };
  let body: string;
  let contentType = 'application/x-www-form-urlencoded';
  if (kind === 'event') {
    const type = rest[0] ?? 'team_join';
    const profile = {
      email: flags.get('email') ?? 'ada@example.org',
      real_name: flags.get('name') ?? 'Ada Lovelace',
    };
    contentType = 'application/json';
    body = JSON.stringify({
      type: 'event_callback',
      team_id: team.id,
      api_app_id: 'A0SIM',
      event_id: flags.get('event-id') ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
      event_time: now(),
      event: {
        type,
        user: { id: user, real_name: profile.real_name, deleted: type === 'user_change', profile },
      },
    });
  } else {
    const payload =
      kind === 'click'
        ? {
            type: 'block_actions',
            user: { id: user },
            team,
            channel: { id: channel },
            container: {
              type: 'message',
              message_ts: flags.get('ts') ?? '1700000000.000100',
              channel_id: channel,
            },
            trigger_id: `${now()}.sim`,
            actions: [
              {
                type: 'button',
                action_id: flags.get('action') ?? 'approve',
                block_id: 'sim',
                value: flags.get('value') ?? '',
                action_ts: `${Date.now() / 1000}`,
              },
            ],
          }
        : kind === 'shortcut'
          ? {
              type: 'message_action',
              callback_id: 'report_to_moderators',
              trigger_id: `${now()}.sim`,
              user: { id: user },
              team,
              channel: { id: channel },
              message_ts: '1700000000.000200',
              message: {
                type: 'message',
                user: flags.get('author') ?? 'U0AUTHOR',
                text: flags.get('text') ?? 'a message',
                ts: '1700000000.000200',
              },
            }
          : {
              type: 'view_submission',
              user: { id: user },
              team,
              view: {
                id: flags.get('view-id') ?? `V${randomUUID().slice(0, 8).toUpperCase()}`,
                callback_id: 'report_to_moderators',
                private_metadata: JSON.stringify({
                  channel,
                  ts: '1700000000.000200',
                  author: 'U0AUTHOR',
                  excerpt: 'a message',
                  link: '',
                }),
                state: {
                  values: {
                    rule: { value: { type: 'plain_text_input', value: flags.get('rule') ?? '' } },
                    details: {
                      value: {
                        type: 'plain_text_input',
                        value: flags.get('details') ?? 'Something against the rules.',
                      },
                    },
                    urgency: {
                      value: {
                        type: 'static_select',
                        selected_option: { value: flags.get('urgency') ?? 'Medium' },
                      },
                    },
                  },
                },
              },
            };
    body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }
  const ts = now();
  await send('/slack/events', body, {
    'Content-Type': contentType,
    'X-Slack-Request-Timestamp': String(ts),
    'X-Slack-Signature': signSlackBody(config.slackSigningSecret?.reveal() ?? '', ts, body),
  });
}

const [command, sub, ...rest] = positional;
if (command === 'form' && sub && sub in DEFAULT_ANSWERS) await form(sub, rest);
else if (command === 'slack' && sub && ['event', 'click', 'shortcut', 'view'].includes(sub))
  await slack(sub, rest);
else if (command === 'tick') {
  const body = flags.has('now') ? JSON.stringify({ now: flags.get('now') }) : '';
  await send('/scheduler', body, {
    'Content-Type': 'application/json',
    ...(config.schedulerToken ? { Authorization: `Bearer ${config.schedulerToken.reveal()}` } : {}),
  });
} else {
  console.error(
    'usage: npm run simulate -- form join|rsvp|report [Title=value …] | slack event|click|shortcut|view [--flags] | tick [--now ISO]',
  );
  process.exitCode = 2;
}
