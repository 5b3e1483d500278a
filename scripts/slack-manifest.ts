/**
 * `npm run slack-manifest`: Hearth's Slack app manifest, printed as YAML from the object below (the source of
 * truth; scripts/slack/manifest.yaml is its printed form with a placeholder URL).
 *
 *   npm run slack-manifest -- --url https://REGION-PROJECT.cloudfunctions.net/hearth-slack
 *   npm run slack-manifest -- --project PROJECT --region REGION   (asks gcloud for the deployed URL)
 *   npm run slack-manifest -- --write                             (refreshes scripts/slack/manifest.yaml)
 *
 * It asks for exactly the scopes Hearth uses: those of every Web API method functions/ calls (SCOPES_BY_METHOD),
 * of every event the Slack door listens to (SCOPES_BY_EVENT) and of the shortcuts (`commands`).
 * tests/slack-manifest.test.ts checks all three against the code.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppsManifestCreateArguments } from '@slack/web-api';
import { INVITE_CALLBACK_ID } from '../workflows/connections/invitation-messages.js';
import { REPORT_CALLBACK_ID } from '../workflows/moderation/messages.js';
import { PROPOSE_CALLBACK_ID } from '../workflows/projects/proposal-messages.js';
import { exitOnUncaughtError } from './lib/cli.js';

/** Slack's manifest schema, as @slack/web-api types it (bot scopes and events are checked names). */
export type SlackManifestSchema = AppsManifestCreateArguments['manifest'];
type Settings = NonNullable<SlackManifestSchema['settings']>;
export type BotScope = NonNullable<
  NonNullable<NonNullable<SlackManifestSchema['oauth_config']>['scopes']>['bot']
>[number];
export type BotEvent = NonNullable<NonNullable<Settings['event_subscriptions']>['bot_events']>[number];

/**
 * Every Web API method Hearth calls (all through functions/chat-slack.ts) → the bot scopes it needs, used the
 * way Hearth uses it. bolt itself calls nothing: the Slack door gives it a fixed authorization, so no auth.test.
 */
export const SCOPES_BY_METHOD: Readonly<Record<string, readonly BotScope[]>> = {
  // To channels the bot is in, and to a user ID: that posts in the bot's DM with them, with no im:write.
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'views.open': [],
  'views.update': [],
  // A person's App Home.
  'views.publish': [],
  // `#name` → ID, listing public and private channels (types=public_channel,private_channel).
  'conversations.list': ['channels:read', 'groups:read'],
  // Removing someone from a public channel (channels:manage) or from a private one (groups:write).
  'conversations.kick': ['channels:manage', 'groups:write'],
  // A project's new channel, always public (channels:manage).
  'conversations.create': ['channels:manage'],
  // A project's champion and team added to its channel: public (channels:manage) or private (groups:write).
  'conversations.invite': ['channels:manage', 'groups:write'],
  // A post whose answer never came is looked for by its metadata before it is sent again: the history of a
  // public channel, a private one, a DM or a group DM, and the DM with a person found first (conversations.open).
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  // A question's thread, read when its time is up: in a public or a private channel Hearth is in.
  'conversations.replies': ['channels:history', 'groups:history'],
  // A question's channel by name (`#help`), public or private; who made a project's channel, and when.
  'conversations.info': ['channels:read', 'groups:read'],
  // The bot's own user ID: a project's channel it made itself is adopted, not made twice.
  'auth.test': [],
  // A DM with one person (im:write), and an intro's group DM with several (mpim:write).
  'conversations.open': ['im:write', 'mpim:write'],
  'users.lookupByEmail': ['users:read.email'],
  // The profile (users:read) and its email, which Hearth matches members by (users:read.email).
  'users.info': ['users:read', 'users:read.email'],
};

/** Every event the Slack door listens to → the bot scopes Slack needs to send it, email included. */
export const SCOPES_BY_EVENT: Readonly<Partial<Record<BotEvent, readonly BotScope[]>>> = {
  // A new person: linked to their member row by the email in their profile.
  team_join: ['users:read', 'users:read.email'],
  // A deactivated account: that member has left.
  user_change: ['users:read', 'users:read.email'],
  // Someone opened the Home tab: their home is published (no scope needed).
  app_home_opened: [],
  // Messages in the public and private channels Hearth is invited to: a person's question is tracked.
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
};

/** Shortcuts (and slash commands) need the `commands` scope. */
export const SHORTCUT_SCOPES: readonly BotScope[] = ['commands'];

/** Scopes Slack only grants alongside others. */
export const SCOPE_REQUIRES: Readonly<Partial<Record<BotScope, readonly BotScope[]>>> = {
  'users:read.email': ['users:read'],
};

/** The path of the Slack door on the `slack` function, for events and interactivity alike. */
export const SLACK_PATH = '/slack/events';
export const PLACEHOLDER_URL = `https://YOUR-SLACK-FUNCTION-URL${SLACK_PATH}`;
export const DEFAULT_FUNCTION = 'hearth-slack';
export const MANIFEST_FILE = resolve(import.meta.dirname, 'slack', 'manifest.yaml');

const BOT_EVENTS = Object.keys(SCOPES_BY_EVENT) as BotEvent[];
const BOT_SCOPES: BotScope[] = [
  ...new Set([
    ...Object.values(SCOPES_BY_METHOD).flat(),
    ...BOT_EVENTS.flatMap((event) => SCOPES_BY_EVENT[event] ?? []),
    ...SHORTCUT_SCOPES,
  ]),
].sort();

/** The app: `urls.slack` is the Slack request URL (`https://…/slack/events`), for events and interactivity. */
export function manifest(urls: { slack: string }) {
  return {
    display_information: {
      name: 'Hearth',
      description: "Runs your group's members, events, RSVPs and moderation from a Google Sheet.",
      background_color: '#7a3e1d',
    },
    features: {
      // Each member's home (Home tab). Welcomes and other DMs land in the Messages tab; Hearth reads no DMs, so
      // people cannot write there.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: 'hearth', always_online: true },
      shortcuts: [
        {
          name: 'Report to moderators',
          type: 'message' as const,
          callback_id: REPORT_CALLBACK_ID,
          description: "Tell the group's moderators about this message, confidentially",
        },
        {
          name: 'Invite someone',
          type: 'global' as const,
          callback_id: INVITE_CALLBACK_ID,
          description: 'Get your personal link to invite a friend to the group',
        },
        {
          name: 'Propose a project',
          type: 'global' as const,
          callback_id: PROPOSE_CALLBACK_ID,
          description: 'Suggest a project the group could take on together',
        },
      ],
    },
    oauth_config: { scopes: { bot: BOT_SCOPES } },
    settings: {
      event_subscriptions: { request_url: urls.slack, bot_events: BOT_EVENTS },
      interactivity: { is_enabled: true, request_url: urls.slack },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  } satisfies SlackManifestSchema;
}

export type HearthManifest = ReturnType<typeof manifest>;

// ---------------------------------------------------------------------------------------------------------
// YAML: block maps and sequences of plain or double-quoted scalars, the subset a manifest needs.

type YamlScalar = string | number | boolean;
type YamlValue = YamlScalar | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

const isScalar = (value: YamlValue): value is YamlScalar => typeof value !== 'object';
/** Safe unquoted: starts with a letter, digit, `/`, `_` or `.`, and has none of YAML's indicators after. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9 _./:@()',-]*$/;
const KEYWORD = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(?:\.?[0-9]|\.inf$|\.nan$)/i;

function scalar(value: YamlScalar): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    PLAIN.test(value) &&
    !KEYWORD.test(value) &&
    !NUMBER_LIKE.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !value.endsWith(' ');
  // A JSON string is a valid YAML double-quoted scalar.
  return plain ? value : JSON.stringify(value);
}

function block(value: YamlValue, depth: number): string[] {
  const pad = '  '.repeat(depth);
  if (isScalar(value)) return [`${pad}${scalar(value)}`];
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[]).flatMap((item) => {
      if (isScalar(item)) return [`${pad}- ${scalar(item)}`];
      if (Array.isArray(item))
        throw new Error('toYaml: a sequence directly inside a sequence is not supported');
      const [first = '{}', ...rest] = block(item, depth + 1);
      return [`${pad}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value).flatMap(([key, child]) => {
    if (child === undefined) return [];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new Error(`toYaml: key ${JSON.stringify(key)} needs quoting`);
    if (isScalar(child)) return [`${pad}${key}: ${scalar(child)}`];
    const nested = block(child, depth + 1);
    if (nested.length === 0) return [`${pad}${key}: ${Array.isArray(child) ? '[]' : '{}'}`];
    return [`${pad}${key}:`, ...nested];
  });
}

/** A map as block-style YAML, keys in insertion order, ending in a newline. */
export function toYaml(value: { readonly [key: string]: YamlValue | undefined }): string {
  return `${block(value, 0).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Printing, and the command line.

const CREATE = 'https://api.slack.com/apps → Create New App → From a manifest';

/** The manifest as YAML for this Slack request URL, with a comment saying where it goes. */
export function printManifest(slackUrl: string): string {
  return `# Hearth's Slack app manifest. New app: ${CREATE}.\n# Existing app: paste it over the one in its App Manifest page, save, then verify the request URL.\n${toYaml(manifest({ slack: slackUrl }))}`;
}

/** What `--write` puts in scripts/slack/manifest.yaml. */
export function manifestFile(): string {
  return [
    "# Hearth's Slack app manifest, with a placeholder URL. Generated from scripts/slack-manifest.ts: do not edit",
    '# by hand; after changing that file, run `npm run slack-manifest -- --write`.',
    `# New app: ${CREATE} (the URL stays unverified until you deploy).`,
    '# With your deployed slack function in place of the placeholder:',
    '#   npm run slack-manifest -- --url https://REGION-PROJECT.cloudfunctions.net/hearth-slack',
    '#   npm run slack-manifest -- --project PROJECT --region REGION',
    toYaml(manifest({ slack: PLACEHOLDER_URL })),
  ].join('\n');
}

/** A mistake on the command line (shown with the usage), or a failure to find the URL (shown alone). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/** A function's URL → Slack's request URL: https, `/slack/events` appended unless it is there already. */
export function requestUrl(functionUrl: string): string {
  let url: URL;
  try {
    url = new URL(functionUrl.trim());
  } catch {
    throw new UsageError(
      `"${functionUrl}" is not a URL: give the slack function's URL, like https://REGION-PROJECT.cloudfunctions.net/${DEFAULT_FUNCTION}`,
    );
  }
  if (url.protocol !== 'https:') throw new UsageError(`Slack only calls https URLs, not ${functionUrl}`);
  if (url.search || url.hash)
    throw new UsageError(`Give the function's URL without ?query or #fragment: ${functionUrl}`);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith(SLACK_PATH) ? path : `${path}${SLACK_PATH}`}`;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Runs gcloud with these arguments and answers what it printed. */
  gcloud(args: string[]): string;
  write(path: string, text: string): void;
}

const systemIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  gcloud: (args) => execFileSync('gcloud', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  write: (path, text) => writeFileSync(path, text),
};

export const USAGE = `Prints Hearth's Slack app manifest with the slack function's request URL filled in.

  npm run slack-manifest -- --url https://REGION-PROJECT.cloudfunctions.net/${DEFAULT_FUNCTION}
  npm run slack-manifest -- --project PROJECT --region REGION [--function ${DEFAULT_FUNCTION}]
  npm run slack-manifest -- --write

  --url        the deployed slack function's URL (${SLACK_PATH} is appended)
  --project    with --region: ask gcloud for the function's URL (gcloud functions describe … --gen2)
  --region     the function's region, e.g. europe-west2
  --function   the function's name (default ${DEFAULT_FUNCTION})
  --write      refresh scripts/slack/manifest.yaml (placeholder URL) from scripts/slack-manifest.ts
`;

/** The deployed function's URL, from gcloud. */
function deployedUrl(io: CliIo, name: string, project: string, region: string): string {
  const args = ['functions', 'describe', name, '--gen2', '--region', region, '--project', project];
  let uri: string;
  try {
    uri = io.gcloud([...args, '--format', 'value(serviceConfig.uri)']).trim();
  } catch (error) {
    const failure = error as { code?: string; stderr?: string | Buffer; message?: string };
    if (failure.code === 'ENOENT')
      throw new UsageError('gcloud is not installed here: pass --url instead', false);
    const said = String(failure.stderr ?? failure.message ?? error).trim();
    throw new UsageError(
      `gcloud could not describe ${name} in ${project}/${region}${said ? `:\n${said}` : ''}\nCheck the project, region and function name (and \`gcloud auth login\`), or pass --url`,
      false,
    );
  }
  if (!uri)
    throw new UsageError(
      `gcloud gave no URL for ${name} in ${project}/${region}: is it deployed (gen2)?`,
      false,
    );
  return uri;
}

/** The command line; answers the exit code. */
export function main(argv: readonly string[], io: CliIo = systemIo): number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        project: { type: 'string' },
        region: { type: 'string' },
        function: { type: 'string', default: DEFAULT_FUNCTION },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const fromGcloud = values.project !== undefined || values.region !== undefined;
    if (values.write) {
      if (values.url !== undefined || fromGcloud)
        throw new UsageError(
          '--write keeps the placeholder URL: print with --url (or --project/--region) instead',
        );
      io.write(MANIFEST_FILE, manifestFile());
      io.out(`Wrote ${relative(process.cwd(), MANIFEST_FILE) || MANIFEST_FILE}\n`);
      return 0;
    }
    if (values.url !== undefined && fromGcloud)
      throw new UsageError('Give --url, or --project and --region, not both');
    let functionUrl = values.url;
    if (fromGcloud) {
      if (!values.project || !values.region) throw new UsageError('Give both --project and --region');
      functionUrl = deployedUrl(io, values.function, values.project, values.region);
    }
    if (functionUrl === undefined) throw new UsageError('Give --url, or --project and --region, or --write');
    io.out(printManifest(requestUrl(functionUrl)));
    return 0;
  } catch (error) {
    const badArgs = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    if (!(error instanceof UsageError) && !badArgs) throw error;
    const withUsage = badArgs || (error as UsageError).showUsage;
    io.err(`${(error as Error).message}\n${withUsage ? `\n${USAGE}` : ''}`);
    return withUsage ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  exitOnUncaughtError();
  process.exitCode = main(process.argv.slice(2));
}
