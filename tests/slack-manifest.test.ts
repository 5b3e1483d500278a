import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { ListenerContext } from '../functions/slack/context.js';
import { registerListeners } from '../functions/slack/listeners/index.js';
import { QUESTION_EVENTS } from '../functions/slack/listeners/question-message.js';
import {
  type BotScope,
  type CliIo,
  MANIFEST_FILE,
  main,
  manifest,
  manifestFile,
  PLACEHOLDER_URL,
  requestUrl,
  SCOPE_REQUIRES,
  SCOPES_BY_EVENT,
  SCOPES_BY_METHOD,
  SHORTCUT_SCOPES,
  toYaml,
} from '../scripts/slack-manifest.js';
import { INVITE_CALLBACK_ID } from '../workflows/connections/invitation-messages.js';
import { REPORT_CALLBACK_ID } from '../workflows/moderation/messages.js';
import { PROPOSE_CALLBACK_ID } from '../workflows/projects/proposal-messages.js';

const root = resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------------------
// Which Slack Web API methods the code calls, read from its source.

interface Scan {
  /** `chat.postMessage`, … sorted, once each. */
  methods: string[];
  /** Calls whose method the scan cannot name (a variable, a computed member): each must be rewritten. */
  unscannable: string[];
}

/** `<something>client.<ns>[.<ns>].<method>(`, spaces, newlines and `?.` allowed around the dots. */
const CLIENT_CALL = /\b\w*client\s*\??\.\s*((?:[A-Za-z]\w*\s*\??\.\s*)+[A-Za-z]\w*)\s*\(/gi;
/** `.apiCall('ns.method'` and `.paginate('ns.method'`, any receiver, any quote. */
const NAMED_CALL = /\.\s*(?:apiCall|paginate)\s*\(\s*(?:(['"`])([A-Za-z]\w*(?:\.[A-Za-z]\w*)+)\1)?/g;
/** `client[…]`: a method picked at run time. */
const COMPUTED = /\b\w*client\s*\??\.?\s*\[/gi;

function scanSlackCalls(source: string): Scan {
  const methods = new Set<string>();
  const unscannable: string[] = [];
  for (const match of source.matchAll(CLIENT_CALL)) methods.add((match[1] ?? '').replace(/[\s?]/g, ''));
  for (const match of source.matchAll(NAMED_CALL)) {
    if (match[2]) methods.add(match[2]);
    else unscannable.push(source.slice(match.index, match.index + 40).split('\n')[0] ?? '');
  }
  for (const match of source.matchAll(COMPUTED)) unscannable.push(match[0]);
  return { methods: [...methods].sort(), unscannable };
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:ts|mts|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

/** Every Web API method called anywhere in functions/, with the files calling it. */
function callsInFunctions(): { methods: Map<string, string[]>; unscannable: string[] } {
  const methods = new Map<string, string[]>();
  const unscannable: string[] = [];
  for (const file of sourceFiles(join(root, 'functions'))) {
    const scan = scanSlackCalls(readFileSync(file, 'utf8'));
    const name = relative(root, file);
    for (const method of scan.methods) methods.set(method, [...(methods.get(method) ?? []), name]);
    unscannable.push(...scan.unscannable.map((call) => `${name}: ${call}`));
  }
  return { methods, unscannable };
}

// ---------------------------------------------------------------------------------------------------------
// What the Slack door listens to, recorded by registering its listeners on a fake bolt App.

interface Registered {
  events: string[];
  shortcuts: string[];
  /** Listener kinds that come through interactivity (action, shortcut, view, options). */
  interactive: string[];
  /** Anything else (command, message, …): the manifest would need more for it. */
  other: string[];
}

function registered(): Registered {
  const seen: Registered = { events: [], shortcuts: [], interactive: [], other: [] };
  const constraint = (c: unknown) =>
    typeof c === 'string' || c instanceof RegExp ? String(c) : JSON.stringify(c);
  const app = new Proxy(
    {},
    {
      get: (_target, kind) => (first: unknown) => {
        // A `message` listener is delivered by the subscriptions of the channels it listens in.
        if (kind === 'event' && first === 'message') seen.events.push(...QUESTION_EVENTS);
        else if (kind === 'event') seen.events.push(constraint(first));
        else if (kind === 'shortcut') seen.shortcuts.push(constraint(first));
        if (kind === 'action' || kind === 'shortcut' || kind === 'view' || kind === 'options')
          seen.interactive.push(String(kind));
        else if (kind !== 'event') seen.other.push(String(kind));
      },
    },
  ) as unknown as App;
  // Registering calls nothing on the context: the listeners only use it when Slack sends something.
  registerListeners(app, {} as ListenerContext);
  return seen;
}

// ---------------------------------------------------------------------------------------------------------
// A reader for the YAML subset the manifest printer writes: block maps, block sequences, plain and
// double-quoted scalars, `[]`, `{}`, whole-line comments.

type Parsed = string | number | boolean | Parsed[] | { [key: string]: Parsed };

function readYaml(text: string): Parsed {
  const lines = text
    .split('\n')
    .map((raw, index) => ({ raw, n: index + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'))
    .map(({ raw, n }) => ({ n, indent: raw.length - raw.trimStart().length, text: raw.trim() }));
  let at = 0;

  const fail = (why: string): never => {
    throw new Error(`YAML line ${lines[at]?.n ?? 'end'}: ${why}`);
  };
  const value = (text: string): Parsed => {
    if (text.startsWith('"')) return JSON.parse(text) as string;
    if (text === '[]') return [];
    if (text === '{}') return {};
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
    if (/^['[{&*!|>%@`]/.test(text) || text.includes(': ') || text.includes(' #'))
      fail(`unread scalar ${text}`);
    return text;
  };
  /** `key: value` or `key:` (then a nested block, deeper). */
  const entry = (text: string, into: Record<string, Parsed>, indent: number) => {
    const match = /^([A-Za-z_]\w*):(?: (.*))?$/.exec(text) ?? fail(`expected key: value, got ${text}`);
    const key = match[1] as string;
    if (Object.hasOwn(into, key)) fail(`duplicate key ${key}`);
    if (match[2] !== undefined) into[key] = value(match[2]);
    else {
      const next = lines[at];
      if (!next || next.indent <= indent) fail(`${key} has no value`);
      into[key] = node((next as { indent: number }).indent);
    }
  };
  function node(indent: number): Parsed {
    const first = lines[at] ?? fail('nothing to read');
    if (first.text === '-' || first.text.startsWith('- ')) {
      const list: Parsed[] = [];
      while (lines[at]?.indent === indent && lines[at]?.text.startsWith('- ')) {
        const item = (lines[at] as { text: string }).text.slice(2);
        at++;
        if (/^[A-Za-z_]\w*:(?: |$)/.test(item)) {
          // A map item: its first entry follows the dash, the others line up with it.
          const map: Record<string, Parsed> = {};
          entry(item, map, indent + 2);
          while (lines[at]?.indent === indent + 2 && !lines[at]?.text.startsWith('- '))
            entry((lines[at++] as { text: string }).text, map, indent + 2);
          list.push(map);
        } else list.push(value(item));
      }
      return list;
    }
    const map: Record<string, Parsed> = {};
    while (lines[at]?.indent === indent) entry((lines[at++] as { text: string }).text, map, indent);
    return map;
  }

  const parsed = node(0);
  if (at < lines.length) fail('unexpected indentation');
  return parsed;
}

function fakeIo(gcloudAnswer: () => string = () => '') {
  const io = {
    out: '',
    err: '',
    gcloudCalls: [] as string[][],
    writes: [] as { path: string; text: string }[],
  };
  const cli: CliIo = {
    out: (text) => {
      io.out += text;
    },
    err: (text) => {
      io.err += text;
    },
    gcloud: (args) => {
      io.gcloudCalls.push(args);
      return gcloudAnswer();
    },
    write: (path, text) => {
      io.writes.push({ path, text });
    },
  };
  return { io, cli };
}

const placeholder = manifest({ slack: PLACEHOLDER_URL });
const botScopes = [...placeholder.oauth_config.scopes.bot];

// ---------------------------------------------------------------------------------------------------------

describe('the Slack call scanner', () => {
  it('finds client calls however they are written, and named apiCall/paginate calls', () => {
    const sample = `
      await client.chat.postMessage({ channel, text });
      const opened = await this.client.views
        .open({ trigger_id: id, view });
      await app.client?.admin.users.list({});
      await slackClient.users.lookupByEmail({ email });
      for await (const page of client.paginate('conversations.list', { limit: 200 })) {}
      await webClient.apiCall("users.info", { user });
      await client.apiCall(\`conversations.kick\`, {});
      client.on(webApi.WebClientEvent.RATE_LIMITED, () => {});
      const c = new webApi.WebClient(token);
      chat.postMessage({}); // not a WebClient
    `;
    expect(scanSlackCalls(sample)).toEqual({
      methods: [
        'admin.users.list',
        'chat.postMessage',
        'conversations.kick',
        'conversations.list',
        'users.info',
        'users.lookupByEmail',
        'views.open',
      ],
      unscannable: [],
    });
  });

  it('reports calls whose method it cannot name', () => {
    const scan = scanSlackCalls(
      `client.apiCall(method, {}); client.paginate(name); client['chat.update']({});`,
    );
    expect(scan.methods).toEqual([]);
    expect(scan.unscannable).toHaveLength(3);
  });
});

describe('the Slack app manifest', () => {
  const calls = callsInFunctions();
  const listening = registered();

  it('can name every Web API call in functions/', () => {
    expect(calls.unscannable).toEqual([]);
  });

  it('knows the scopes of every Web API method functions/ calls, and lists no method it does not call', () => {
    const called = [...calls.methods.keys()].sort();
    const unknown = called.filter((method) => !Object.hasOwn(SCOPES_BY_METHOD, method));
    expect(unknown, `add these to SCOPES_BY_METHOD in scripts/slack-manifest.ts`).toEqual([]);
    expect(Object.keys(SCOPES_BY_METHOD).sort()).toEqual(called);
    // The scan is not vacuous: the adapter's calls are all there.
    expect(calls.methods.get('chat.postMessage')).toEqual(['functions/chat-slack.ts']);
    expect(called).toContain('conversations.list'); // through client.paginate
  });

  it('asks for every scope those methods, the events and the shortcut need', () => {
    for (const method of calls.methods.keys()) {
      for (const scope of SCOPES_BY_METHOD[method] ?? [])
        expect(botScopes, `${method} needs ${scope}`).toContain(scope);
    }
    for (const event of listening.events) {
      expect(Object.hasOwn(SCOPES_BY_EVENT, event), `SCOPES_BY_EVENT has no ${event}`).toBe(true);
      for (const scope of SCOPES_BY_EVENT[event as keyof typeof SCOPES_BY_EVENT] ?? [])
        expect(botScopes, `${event} needs ${scope}`).toContain(scope);
    }
    expect(listening.shortcuts.length).toBeGreaterThan(0);
    for (const scope of SHORTCUT_SCOPES) expect(botScopes).toContain(scope);
    for (const scope of botScopes) {
      for (const required of SCOPE_REQUIRES[scope] ?? [])
        expect(botScopes, `${scope} needs ${required} too`).toContain(required);
    }
  });

  it('asks for no scope that nothing uses', () => {
    const needed = new Set<BotScope>([
      ...[...calls.methods.keys()].flatMap((method) => SCOPES_BY_METHOD[method] ?? []),
      ...listening.events.flatMap((event) => SCOPES_BY_EVENT[event as keyof typeof SCOPES_BY_EVENT] ?? []),
      ...(listening.shortcuts.length > 0 ? SHORTCUT_SCOPES : []),
    ]);
    expect(botScopes.filter((scope) => !needed.has(scope))).toEqual([]);
    expect(new Set(botScopes).size).toBe(botScopes.length);
  });

  it('has the scopes Slack documents for the calls Hearth makes', () => {
    expect(SCOPES_BY_METHOD['users.lookupByEmail']).toEqual(['users:read.email']);
    expect(SCOPES_BY_METHOD['users.info']).toEqual(['users:read', 'users:read.email']);
    // Hearth lists public and private channels, and removes people from both.
    expect(SCOPES_BY_METHOD['conversations.list']).toEqual(['channels:read', 'groups:read']);
    expect(SCOPES_BY_METHOD['conversations.kick']).toEqual(['channels:manage', 'groups:write']);
    // A post in doubt is looked for in the conversation's history, a DM's found with conversations.open.
    expect(SCOPES_BY_METHOD['conversations.history']).toEqual([
      'channels:history',
      'groups:history',
      'im:history',
      'mpim:history',
    ]);
    // The DM with a person, and an intro's group DM with several.
    expect(SCOPES_BY_METHOD['conversations.open']).toEqual(['im:write', 'mpim:write']);
    // A question's thread and its channel's name, in public and private channels.
    expect(SCOPES_BY_METHOD['conversations.replies']).toEqual(['channels:history', 'groups:history']);
    expect(SCOPES_BY_METHOD['conversations.info']).toEqual(['channels:read', 'groups:read']);
    expect(SCOPES_BY_EVENT['message.channels']).toEqual(['channels:history']);
    expect(SCOPES_BY_EVENT['message.groups']).toEqual(['groups:history']);
    expect(botScopes).toEqual([
      'channels:history',
      'channels:manage',
      'channels:read',
      'chat:write',
      'commands',
      'groups:history',
      'groups:read',
      'groups:write',
      'im:history',
      'im:write',
      'mpim:history',
      'mpim:write',
      'users:read',
      'users:read.email',
    ]);
  });

  it('subscribes to exactly the events the listeners register', () => {
    expect([...placeholder.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...listening.events].sort(),
    );
    expect(placeholder.settings.event_subscriptions.bot_events).toEqual([
      'team_join',
      'user_change',
      'app_home_opened',
      'message.channels',
      'message.groups',
    ]);
    expect(listening.other, 'listener kinds the manifest does not configure').toEqual([]);
  });

  it('turns the Home tab on, for the app_home_opened listener, and keeps the Messages tab read-only', () => {
    expect(placeholder.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
    expect(SCOPES_BY_METHOD['views.publish']).toEqual([]);
  });

  it('declares the shortcuts the listeners handle: Report to moderators, Invite someone, Propose a project', () => {
    const shortcuts = placeholder.features.shortcuts;
    expect(shortcuts.map((s) => s.callback_id)).toEqual(listening.shortcuts);
    expect(shortcuts).toEqual([
      expect.objectContaining({
        type: 'message',
        name: 'Report to moderators',
        callback_id: REPORT_CALLBACK_ID,
      }),
      // A global shortcut (the ⚡ menu) needs `commands`, as the message shortcut does: no scope more.
      expect.objectContaining({ type: 'global', name: 'Invite someone', callback_id: INVITE_CALLBACK_ID }),
      expect.objectContaining({
        type: 'global',
        name: 'Propose a project',
        callback_id: PROPOSE_CALLBACK_ID,
      }),
    ]);
    expect(PROPOSE_CALLBACK_ID).toBe('propose_project');
    expect(REPORT_CALLBACK_ID).toBe('report_to_moderators');
    expect(INVITE_CALLBACK_ID).toBe('invite_someone');
  });

  it('sends events and interactivity to the one Slack URL', () => {
    expect(listening.interactive).toEqual(expect.arrayContaining(['action', 'shortcut', 'view']));
    const { settings } = manifest({ slack: 'https://example.org/hearth-slack/slack/events' });
    expect(settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://example.org/hearth-slack/slack/events',
    });
    expect(settings.event_subscriptions.request_url).toBe('https://example.org/hearth-slack/slack/events');
    expect(settings).toMatchObject({
      socket_mode_enabled: false,
      org_deploy_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it("stays within Slack's limits", () => {
    const { display_information: info, features } = placeholder;
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.background_color).toMatch(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const shortcut of features.shortcuts) {
      expect(shortcut.description.length).toBeLessThanOrEqual(150);
      expect(shortcut.callback_id.length).toBeLessThanOrEqual(255);
    }
  });
});

describe('scripts/slack/manifest.yaml', () => {
  it('is the printed manifest with the placeholder URL (npm run slack-manifest -- --write refreshes it)', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(manifestFile());
  });

  it('reads back as the manifest object', () => {
    expect(readYaml(readFileSync(MANIFEST_FILE, 'utf8'))).toEqual(placeholder);
  });
});

describe('toYaml', () => {
  it('quotes what YAML would read as something else', () => {
    const tricky = {
      colon: 'a: b',
      hash: '#7a3e1d',
      comment: 'a #b',
      bool: 'true',
      yes: 'Yes',
      number: '12',
      float: '.5',
      empty: '',
      quote: 'say "hi"',
      dash: '- item',
      star: '*all*',
      trailing: 'colon:',
      unicode: 'Café → ok',
      url: 'https://x.example/slack/events',
      scope: 'users:read.email',
      apostrophe: "group's rules",
    };
    const text = toYaml(tricky);
    expect(text).toContain('colon: "a: b"\n');
    expect(text).toContain('hash: "#7a3e1d"\n');
    expect(text).toContain('url: https://x.example/slack/events\n');
    expect(text).toContain('scope: users:read.email\n');
    expect(readYaml(text)).toEqual(tricky);
  });

  it('writes nested maps, sequences of scalars and of maps, and empty ones', () => {
    const value = {
      a: { b: [1, true, 'x'], c: [{ d: 'e', f: { g: 'h' }, i: ['j'] }, { k: 'l' }], empty: [], none: {} },
    };
    expect(toYaml(value)).toBe(
      [
        'a:',
        '  b:',
        '    - 1',
        '    - true',
        '    - x',
        '  c:',
        '    - d: e',
        '      f:',
        '        g: h',
        '      i:',
        '        - j',
        '    - k: l',
        '  empty: []',
        '  none: {}',
        '',
      ].join('\n'),
    );
    expect(readYaml(toYaml(value))).toEqual(value);
  });
});

describe('npm run slack-manifest', () => {
  const functionUrl = 'https://europe-west2-acme-hearth.cloudfunctions.net/hearth-slack';
  const slackUrl = `${functionUrl}/slack/events`;

  it('prints the manifest with the function URL and /slack/events filled in', () => {
    const { io, cli } = fakeIo();
    expect(main(['--url', functionUrl], cli)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).not.toContain('YOUR-SLACK-FUNCTION-URL');
    expect(io.out.match(new RegExp(`request_url: ${slackUrl}\\n`, 'g'))).toHaveLength(2);
    expect(readYaml(io.out)).toEqual(manifest({ slack: slackUrl }));
  });

  it('appends /slack/events once, whatever the URL ends with', () => {
    expect(requestUrl(functionUrl)).toBe(slackUrl);
    expect(requestUrl(`${functionUrl}/`)).toBe(slackUrl);
    expect(requestUrl(` ${slackUrl}\n`)).toBe(slackUrl);
    expect(requestUrl('https://hearth-slack-abc123-nw.a.run.app')).toBe(
      'https://hearth-slack-abc123-nw.a.run.app/slack/events',
    );
  });

  it('refuses a URL Slack cannot use', () => {
    for (const bad of ['http://example.org/hearth-slack', 'example.org', 'https://x.org/f?a=1']) {
      const { io, cli } = fakeIo();
      expect(main(['--url', bad], cli), bad).toBe(2);
      expect(io.out).toBe('');
      expect(io.err).toContain('npm run slack-manifest');
    }
  });

  it('asks gcloud for the deployed URL given --project and --region', () => {
    const { io, cli } = fakeIo(() => 'https://hearth-slack-abc123-nw.a.run.app\n');
    expect(main(['--project', 'acme-hearth', '--region', 'europe-west2'], cli)).toBe(0);
    expect(io.gcloudCalls).toEqual([
      [
        'functions',
        'describe',
        'hearth-slack',
        '--gen2',
        '--region',
        'europe-west2',
        '--project',
        'acme-hearth',
        '--format',
        'value(serviceConfig.uri)',
      ],
    ]);
    expect(readYaml(io.out)).toEqual(
      manifest({ slack: 'https://hearth-slack-abc123-nw.a.run.app/slack/events' }),
    );
  });

  it('says what went wrong when gcloud cannot tell', () => {
    const { io, cli } = fakeIo(() => {
      throw Object.assign(new Error('Command failed'), {
        stderr: 'ERROR: (gcloud.functions.describe) NOT_FOUND',
      });
    });
    expect(main(['--project', 'p', '--region', 'r', '--function', 'other'], cli)).toBe(1);
    expect(io.gcloudCalls[0]?.[2]).toBe('other');
    expect(io.err).toContain('NOT_FOUND');
    expect(io.err).toContain('--url');
    expect(io.out).toBe('');

    const empty = fakeIo(() => '\n');
    expect(main(['--project', 'p', '--region', 'r'], empty.cli)).toBe(1);
    expect(empty.io.err).toContain('no URL');
  });

  it('refuses half or conflicting options', () => {
    for (const argv of [
      [],
      ['--project', 'p'],
      ['--url', functionUrl, '--region', 'r'],
      ['--write', '--url', functionUrl],
      ['--nope'],
    ]) {
      const { io, cli } = fakeIo();
      expect(main(argv, cli), argv.join(' ')).toBe(2);
      expect(io.gcloudCalls).toEqual([]);
      expect(io.writes).toEqual([]);
    }
  });

  it('--write refreshes scripts/slack/manifest.yaml with the placeholder URL', () => {
    const { io, cli } = fakeIo();
    expect(main(['--write'], cli)).toBe(0);
    expect(io.writes).toEqual([{ path: MANIFEST_FILE, text: manifestFile() }]);
    expect(io.writes[0]?.text).toContain(`request_url: ${PLACEHOLDER_URL}\n`);
  });

  it('runs from the command line', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/slack-manifest.ts', '--url', functionUrl],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readYaml(run.stdout)).toEqual(manifest({ slack: slackUrl }));
  });
});
