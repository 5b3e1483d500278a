import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { Secret } from '../functions/config.js';
import { createFormsDoor } from '../functions/forms.js';
import { memoryLogger } from '../functions/log.js';
import { formSignatureProblem, signFormBody } from '../functions/signatures.js';
import type { Work } from '../functions/work.js';
import { FORM_STATUS_TAB, VERIFIED_EMAIL_FIX } from '../scripts/lib/doctor-checks.js';
import { dateTimeToSerial } from '../sheets-schema/cells.js';
import {
  eventIdIn,
  FORM_NAMES,
  FORMS,
  type FormName,
  formOf,
  identityFromSheetRow,
  type ParsedForm,
  parseFormBody,
  RESPONSE_TABS,
  VERIFIED_EMAIL_HEADER,
} from '../sheets-schema/forms/index.js';
import { parseSettings } from '../sheets-schema/settings.js';
import {
  appsScriptWorld,
  type FakeForm,
  type FetchCall,
  type FormsApi,
  type Scripted,
} from './fakes/apps-script.js';

/**
 * scripts/apps-script/setup.gs, run in a node `vm` with fakes of the Apps Script services it calls
 * (tests/fakes/apps-script.ts: FormApp as Google's 2026 forms behave, and an older runtime).
 */
const SOURCE = readFileSync(new URL('../scripts/apps-script/setup.gs', import.meta.url), 'utf8');
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/forms/onFormSubmit.sheet-bound.json', import.meta.url), 'utf8'),
) as { namedValues: Record<string, string[]>; values: string[]; range: Record<string, number> };

/** The fixture's Timestamp "5/14/2024 18:21:07" is 2024-05-14T09:21:07Z in Tokyo. */
const ZONE = 'Asia/Tokyo';
const INSTANT = '2024-05-14T09:21:07Z';
const FORMS_URL = 'https://forms-abc123-ew.a.run.app';
const SECRET = 'relay-secret-that-must-never-be-logged';
const FORM_IDS: Record<FormName, string> = {
  join: '1hQKh8nYbVfQ4yJ2cW3nL0aXzR7tS5uP9dE6gM1kJoin',
  rsvp: '1hQKh8nYbVfQ4yJ2cW3nL0aXzR7tS5uP9dE6gM1kRsvp',
  report: '1hQKh8nYbVfQ4yJ2cW3nL0aXzR7tS5uP9dE6gM1kRprt',
  project: '1hQKh8nYbVfQ4yJ2cW3nL0aXzR7tS5uP9dE6gM1kProj',
};

interface Options {
  responses?: Scripted[];
  /** The spreadsheet's own time zone. */
  sheetZone?: string;
  /** Settings → Time zone. */
  groupZone?: string;
  props?: Record<string, string>;
  api?: FormsApi;
  /** How the RSVP form collects emails (default verified). */
  rsvpEmail?: 'VERIFIED' | 'RESPONDER_INPUT' | 'DO_NOT_COLLECT';
}

const REASONS: Record<number, string> = {
  400: '"form" is missing: set it to one of join, rsvp, report.',
  401: 'X-Form-Signature does not match: check FORM_RELAY_SECRET',
  422: 'some answers are not valid',
};

const settingsTab = (zone: string) => ({
  name: 'Settings',
  grid: [
    ['Setting', 'Value', 'Notes'],
    ['Group name', 'Leeds Hikers', ''],
    ['Time zone', zone, ''],
  ],
});

/** setup.gs run in a vm over the world's services; `fn` reads one of its globals. */
function loaded<W extends ReturnType<typeof appsScriptWorld>>(world: W) {
  const context = vm.createContext(world.globals);
  vm.runInContext(SOURCE, context, { filename: 'setup.gs' });
  const fn = <T>(name: string) => vm.runInContext(name, context) as T;
  return { ...world, fn };
}

/** setup.gs loaded with the Apps Script fakes, its three forms made already; `fn` reads one of its globals. */
function appsScript(opts: Options = {}) {
  const world = appsScriptWorld({
    api: opts.api ?? 'current',
    sheetZone: opts.sheetZone ?? ZONE,
    tabs: [settingsTab(opts.groupZone ?? ZONE)],
    responses: opts.responses ?? [],
    reasons: REASONS,
    props: {
      FORMS_URL,
      FORM_RELAY_SECRET: SECRET,
      ...Object.fromEntries(
        FORM_NAMES.map((form) => [`HEARTH_FORM_ID_${form.toUpperCase()}`, FORM_IDS[form]]),
      ),
      ...opts.props,
    },
  });
  for (const form of FORM_NAMES) world.makeForm(`The ${form} form`, true, FORM_IDS[form]);
  const rsvp = world.forms.get(FORM_IDS.rsvp);
  if (rsvp) rsvp.emailType = opts.rsvpEmail ?? 'VERIFIED';
  return loaded(world);
}

/** setup.gs in a spreadsheet where setup() has not run yet: no forms, no triggers. */
function freshAppsScript(opts: { api?: FormsApi; events?: unknown[][] } = {}) {
  const world = appsScriptWorld({
    api: opts.api ?? 'current',
    sheetZone: ZONE,
    tabs: [
      settingsTab(ZONE),
      { name: 'Events', grid: opts.events ?? [['Event ID', 'Title', 'Starts', 'Status']] },
    ],
    props: { FORMS_URL, FORM_RELAY_SECRET: SECRET },
    reasons: REASONS,
    // Each setup() checks the relay with a signed empty body, which Hearth answers 400.
    responses: [400, 400, 400],
  });
  return loaded(world);
}

// ---- events shaped like the fixture -------------------------------------------------------------------

type Questions = Record<string, string>;

const ANSWERS: Record<FormName, Questions> = {
  join: {
    Name: 'Ada Lovelace',
    Email: 'Ada@Example.org',
    'How did you hear about us?': 'A friend',
    Interests: 'Talks and workshops, Social events',
    'Introduce me to other members': 'Yes',
    'I agree to the ground rules': 'Yes',
  },
  rsvp: {
    Email: 'ada@example.org',
    Event: 'Winter meetup — Thu 3 Dec 18:30 (EV-12)',
    'Attending?': 'Yes',
    Guests: '2',
  },
  report: {
    'Your email': '',
    'Who or what is this about?': 'A message in #general',
    'Where did it happen?': 'https://example.slack.com/archives/C1/p1',
    'Which ground rule?': 'Be kind and respectful.',
    'What happened?': 'Zoë was told her café idea was “stupid”.',
    'How urgent is it?': 'High',
  },
  project: {
    'Project title': 'Community garden app',
    'What and why': 'An app to share the garden’s tools.',
    'Who is it for?': 'Neighbours',
    Partner: '',
    Champion: '',
    'Roles needed': '2 developers, 1 designer',
    'Time it needs': '3 months',
    Email: 'Ada@Example.org',
  },
};

/** What parseFormBody makes of ANSWERS (the rsvp one from a form that collects verified emails). */
const TYPED: Record<FormName, Record<string, unknown>> = {
  join: {
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    heardFrom: 'A friend',
    interests: ['Talks and workshops', 'Social events'],
    intros: true,
    agreed: true,
  },
  rsvp: {
    email: 'jane.doe@example.com',
    typedEmail: 'ada@example.org',
    event: 'EV-12',
    attending: true,
    guests: 2,
  },
  report: {
    about: 'A message in #general',
    where: 'https://example.slack.com/archives/C1/p1',
    rule: 'Be kind and respectful.',
    details: 'Zoë was told her café idea was “stupid”.',
    urgency: 'High',
  },
  project: {
    title: 'Community garden app',
    whatAndWhy: 'An app to share the garden’s tools.',
    forWhom: 'Neighbours',
    rolesNeeded: '2 developers, 1 designer',
    timeNeeded: '3 months',
    email: 'ada@example.org',
  },
};

/**
 * The fixture's event with this form's questions as the tab's columns: Timestamp first, then Google's
 * "Email Address" for the RSVP form (it collects verified emails). `cell` is what the Timestamp cell holds.
 */
function submitEvent(form: FormName, cell?: unknown) {
  const verified: Questions =
    form === 'rsvp' ? { [VERIFIED_EMAIL_HEADER]: fixture.namedValues['Email Address']?.[0] ?? '' } : {};
  const columns: Questions = { Timestamp: fixture.values[0] ?? '', ...verified, ...ANSWERS[form] };
  const header = Object.keys(columns);
  const row = Object.values(columns);
  const sheet = {
    getName: () => RESPONSE_TABS[form],
    getFormUrl: () => `https://docs.google.com/forms/d/${FORM_IDS[form]}/viewform`,
    getLastColumn: () => header.length,
    getRange: (row: number, column: number, _rows = 1, columns = 1) => ({
      getValues: () => [header.slice(column - 1, column - 1 + columns)],
      setValue: (value: string) => {
        if (row === 1) header[column - 1] = value;
      },
    }),
  };
  const range = {
    ...fixture.range,
    columnEnd: header.length,
    getSheet: () => sheet,
    getCell: () => ({ getValue: () => cell ?? row[0] }),
  };
  const event = {
    ...fixture,
    range,
    values: row,
    namedValues: Object.fromEntries(header.map((title, i) => [title, [row[i]]])),
  };
  return { event, header, row };
}

function ok(result: ParsedForm) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result).slice(0, 500)}`);
  return result.work;
}

/** The one body the relay posted, parsed as the forms door parses it. */
function posted(calls: FetchCall[]) {
  expect(calls).toHaveLength(1);
  const call = calls[0] as FetchCall;
  return { call, body: JSON.parse(call.options.payload) as Record<string, unknown> };
}

/** Replays a recorded request into the real forms door; resolves with its answer and what it handed over. */
async function throughTheDoor(call: FetchCall) {
  const handed: Work[] = [];
  const timestamp = Number(call.options.headers['X-Form-Timestamp']);
  const door = createFormsDoor({
    secret: new Secret(SECRET),
    handOver: async () => ({ kind: 'in-process', handOver: async (work) => void handed.push(work) }),
    clock: clockAt(() => DateTime.fromSeconds(timestamp + 30)),
    log: memoryLogger(),
  });
  const rawBody = Buffer.from(call.options.payload, 'utf8');
  const req = {
    method: call.options.method.toUpperCase(),
    headers: {
      'content-type': call.options.contentType,
      'content-length': String(rawBody.length),
      'x-form-timestamp': call.options.headers['X-Form-Timestamp'],
      'x-form-signature': call.options.headers['X-Form-Signature'],
    },
    rawBody,
  };
  const answer = { status: 0, body: undefined as unknown };
  const res = {
    status: (code: number) => {
      answer.status = code;
      return res;
    },
    set: () => res,
    json: (body: unknown) => {
      answer.body = body;
      return res;
    },
  };
  await door(req as never, res as never);
  return { ...answer, handed };
}

// ---- 1. the signature ---------------------------------------------------------------------------------

describe('signature', () => {
  const vectors: [secret: string, timestamp: number, body: string][] = [
    ['s3cr3t', 1_700_000_000, '{}'],
    ['correct horse battery staple', 1_764_140_467, '{"form":"join","submittedAt":"2026-11-26T09:21:07Z"}'],
    [SECRET, 1_715_678_467, '{"form":"report","namedValues":{"What happened?":["Zoë — café"]}}'],
    ['ünïcödé secret', 1, ''],
  ];
  const { fn } = appsScript();
  const signature = fn<(secret: string, timestamp: number, body: string) => string>('signature');

  it('the vectors exercise the byte handling: bytes ≥ 0x80 (negative in Apps Script) and < 0x10', () => {
    const bytes = vectors.flatMap(([secret, ts, body]) => [
      ...createHmac('sha256', secret).update(`v1:${ts}:${body}`).digest(),
    ]);
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
    expect(bytes.some((b) => b < 0x10)).toBe(true);
  });

  it.each(vectors)('equals the server’s v1= HMAC (secret %j)', (secret, timestamp, body) => {
    const signed = signature(secret, timestamp, body);
    expect(signed).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signed).toBe(signFormBody(secret, timestamp, body));
    const problem = formSignatureProblem({
      secret,
      timestamp: String(timestamp),
      signature: signed,
      rawBody: Buffer.from(body, 'utf8'),
      nowSeconds: timestamp,
    });
    expect(problem).toBeUndefined();
  });
});

// ---- 2. onFormSubmit: the body, and push = sweep ------------------------------------------------------

describe('onFormSubmit', () => {
  it.each(FORM_NAMES)(
    '%s: posts a body the door accepts, with the identity the sweep computes',
    async (form) => {
      const { event, header, row } = submitEvent(form);
      const script = appsScript();
      script.fn<(e: unknown) => void>('onFormSubmit')(event);
      const { call, body } = posted(script.calls);

      expect(call.url).toBe(FORMS_URL);
      expect(call.options).toMatchObject({ method: 'post', contentType: 'application/json' });
      expect(call.options.payload).toMatch(/^[\x20-\x7e]*$/); // non-ASCII is escaped: signed bytes = sent bytes
      expect(body).toEqual({
        form,
        submittedAt: '2024-05-14T09:21:07.000Z',
        ...(form === 'rsvp' ? { respondentEmail: 'jane.doe@example.com' } : {}),
        namedValues: event.namedValues,
      });

      const work = ok(parseFormBody(body));
      expect(formOf(work)).toBe(form);
      expect(work.answers).toEqual(TYPED[form]);
      expect(work.identity).toBe(identityFromSheetRow(form, header, row, ZONE));
      const serial = dateTimeToSerial(DateTime.fromISO(INSTANT), ZONE);
      expect(work.identity).toBe(identityFromSheetRow(form, header, [serial, ...row.slice(1)], ZONE));

      const door = await throughTheDoor(call);
      expect(door.status).toBe(202);
      expect(door.handed).toEqual([expect.objectContaining({ kind: work.kind, identity: work.identity })]);
    },
  );

  it('reads a date Timestamp cell as the sweep reads its serial, even a hair before the second', () => {
    const { event, header, row } = submitEvent('join', new Date(Date.parse(INSTANT) - 1));
    const script = appsScript();
    script.fn<(e: unknown) => void>('onFormSubmit')(event);
    const work = ok(parseFormBody(posted(script.calls).body));
    const serial = dateTimeToSerial(DateTime.fromISO(INSTANT), ZONE);
    expect(work.submittedAt).toBe('2024-05-14T09:21:07.000Z');
    expect(work.identity).toBe(identityFromSheetRow('join', header, [serial, ...row.slice(1)], ZONE));
  });

  it('reads the Timestamp in Settings → Time zone, as the sweep does, when the spreadsheet’s zone differs', () => {
    // Google writes the Timestamp in the spreadsheet's zone (UTC here); the sweep reads it in the group's.
    const { event, header, row } = submitEvent('rsvp', new Date(Date.parse(INSTANT)));
    const script = appsScript({ sheetZone: 'UTC', groupZone: ZONE });
    script.fn<(e: unknown) => void>('onFormSubmit')(event);
    const work = ok(parseFormBody(posted(script.calls).body));
    const serial = dateTimeToSerial(DateTime.fromISO(INSTANT), 'UTC');
    expect(work.identity).toBe(identityFromSheetRow('rsvp', header, [serial, ...row.slice(1)], ZONE));
  });

  it('knows its forms by the linked form when a tab was renamed, and leaves other forms’ tabs alone', () => {
    const { event } = submitEvent('report');
    const renamed = { ...event.range.getSheet(), getName: () => 'Reports' };
    const script = appsScript();
    script.fn<(e: unknown) => void>('onFormSubmit')({
      ...event,
      range: { ...event.range, getSheet: () => renamed },
    });
    expect(posted(script.calls).body.form).toBe('report');

    const other = { getName: () => 'Form responses 1', getFormUrl: () => null };
    const quiet = appsScript();
    quiet.fn<(e: unknown) => void>('onFormSubmit')({
      ...event,
      range: { ...event.range, getSheet: () => other },
    });
    expect(quiet.calls).toEqual([]);
  });

  it('without FORMS_URL or FORM_RELAY_SECRET, says which Script properties to set', () => {
    const { event } = submitEvent('join');
    const script = appsScript({ props: { FORM_RELAY_SECRET: '' } });
    expect(() => script.fn<(e: unknown) => void>('onFormSubmit')(event)).toThrow(
      /FORMS_URL .* and FORM_RELAY_SECRET/,
    );
    expect(script.calls).toEqual([]);
  });
});

// ---- 3. retries ---------------------------------------------------------------------------------------

describe('relay retries', () => {
  const submit = (responses: Scripted[]) => {
    const script = appsScript({ responses });
    let thrown: unknown;
    try {
      script.fn<(e: unknown) => void>('onFormSubmit')(submitEvent('join').event);
    } catch (error) {
      thrown = error;
    }
    expect(JSON.stringify(script.logs)).not.toContain(SECRET);
    return { ...script, thrown };
  };

  it('tries again after a network error, 429 and 503, backing off, with a fresh signature each time', () => {
    const { calls, sleeps, thrown, logs } = submit(['network error', 429, 503, 202]);
    expect(thrown).toBeUndefined();
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([2000, 4000, 8000]);
    expect(new Set(calls.map((c) => c.options.payload)).size).toBe(1);
    for (const call of calls) {
      const { headers, payload } = call.options;
      const timestamp = Number(headers['X-Form-Timestamp']);
      expect(headers['X-Form-Signature']).toBe(signFormBody(SECRET, timestamp, payload));
    }
    expect(logs.at(-1)).toEqual({ level: 'log', text: 'Relayed to Hearth (HTTP 202).' });
  });

  it('gives up after 4 attempts, says why, and throws so Apps Script reports the run', () => {
    const { calls, sleeps, thrown, logs } = submit([503, 503, 503, 503, 202]);
    expect(calls).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(String(thrown)).toMatch(/HTTP 503.*sweep will pick it up/);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringContaining('HTTP 503'),
    ]);
  });

  it.each([400, 401, 422])('does not retry %i; logs the status and the server’s reason', (status) => {
    const { calls, sleeps, thrown, logs } = submit([status, 202]);
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const errors = logs.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toEqual([expect.stringContaining(`HTTP ${status}: ${REASONS[status]}`)]);
    // 422: Hearth recorded the response (invalid answers are put on record): nothing failed here.
    if (status === 422) expect(thrown).toBeUndefined();
    else expect(String(thrown)).toContain(`HTTP ${status}`);
  });
});

// ---- 4. the RSVP form's Event dropdown ----------------------------------------------------------------

describe('event choices', () => {
  const at = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toJSDate();
  const grid = [
    ['Event ID', ' title ', 'STARTS', 'Location', 'Status'],
    ['EV-12', 'Winter meetup', at('2026-12-03T18:30'), 'The Crown', 'Announced'],
    ['EV-13', 'Planning night', at('2026-12-10T19:00'), '', 'Draft'],
    ['EV-14', 'Autumn walk', at('2026-11-20T10:00'), '', 'Announced'],
    ['EV-15', 'Pub quiz (round 2)', '2026-11-30 19:00', '', 'announced '],
    ['', 'No ID yet', at('2026-12-12T12:00'), '', 'Announced'],
    ['EV-16', 'Cancelled picnic', at('2026-12-05T12:00'), '', 'Cancelled'],
    ['EV-17', 'Later today', at('2026-11-26T18:05'), '', 'ANNOUNCED'],
    ['EV-18', 'Started already', at('2026-11-26T17:55'), '', 'Announced'],
  ];
  const now = DateTime.fromISO('2026-11-26T18:00', { zone: ZONE }).toJSDate();
  const choices =
    appsScript().fn<(g: unknown[][], sheetZone: string, zone: string, now: Date) => string[]>(
      'eventChoices_',
    );

  it('lists the Announced events that have not started, soonest first, with their IDs in parentheses', () => {
    const labels = [...choices(grid, ZONE, ZONE, now)];
    expect(labels).toEqual([
      'Later today — Thu 26 Nov 18:05 (EV-17)',
      'Pub quiz (round 2) — Mon 30 Nov 19:00 (EV-15)',
      'Winter meetup — Thu 3 Dec 18:30 (EV-12)',
    ]);
    expect(labels.map(eventIdIn)).toEqual(['EV-17', 'EV-15', 'EV-12']);
    const rsvp = { form: 'rsvp', submittedAt: INSTANT, answers: { ...ANSWERS.rsvp, Event: labels[1] } };
    expect(ok(parseFormBody(rsvp))).toMatchObject({ answers: { event: 'EV-15' } });
  });

  it('is empty without the headers it needs', () => {
    expect([
      ...choices(
        [
          ['Event ID', 'Title', 'Status'],
          ['EV-1', 'x', 'Announced'],
        ],
        ZONE,
        ZONE,
        now,
      ),
    ]).toEqual([]);
    expect([...choices([], ZONE, ZONE, now)]).toEqual([]);
  });
});

// ---- the forms setup() makes ------------------------------------------------------------------------

describe('setup', () => {
  const { fn } = appsScript();
  const plain = <T>(value: unknown) => JSON.parse(JSON.stringify(value)) as T;

  it.each(FORM_NAMES)('%s: asks the canonical questions, in order', (form) => {
    const questions = plain<Record<FormName, { title: string; required?: boolean }[]>>(fn('QUESTIONS_'));
    expect(questions[form].map((q) => q.title)).toEqual(
      Object.values(FORMS[form].fields).map((f) => f.title),
    );
  });

  it('names the response tabs as the sweep reads them', () => {
    expect(plain(fn('RESPONSE_TABS_'))).toEqual(RESPONSE_TABS);
  });

  it('titles the verified email column and the status tab as Hearth and doctor read them', () => {
    expect(fn('VERIFIED_EMAIL_HEADER_')).toBe(VERIFIED_EMAIL_HEADER);
    expect(fn('STATUS_TAB_')).toBe(FORM_STATUS_TAB);
    expect(fn<string>('VERIFIED_FIX_')).toBe(VERIFIED_EMAIL_FIX.replace(' in Apps Script', ''));
  });
});

// ---- setup() against Google's forms as they are in 2026, and an older runtime ------------------------

const FORMS_TITLES = Object.fromEntries(
  FORM_NAMES.map((form) => [form, Object.values(FORMS[form].fields).map((f) => f.title)]),
) as Record<FormName, string[]>;

/** A world where setup() ran once, and the form it made for `name`. */
function afterSetup(name: FormName) {
  const world = freshAppsScript();
  world.fn<() => void>('setup')();
  const form = world.forms.get(world.props.get(`HEARTH_FORM_ID_${name.toUpperCase()}`) ?? '');
  if (!form) throw new Error(`no ${name} form`);
  return { world, form };
}

const status = (world: ReturnType<typeof freshAppsScript>) => {
  const tab = world.sheets.find((s) => s.name === 'Form status');
  const [header = [], ...rows] = tab?.grid ?? [];
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i]])));
};

describe('setup() makes the forms take responses', () => {
  it('creates each form published (FormApp.create(title, true)), links it and says nothing is wrong', () => {
    const world = freshAppsScript();
    world.fn<() => void>('setup')();
    expect(world.creates.map((args) => args[1])).toEqual([true, true, true, true]);
    const made = [...world.forms.values()];
    expect(made.map((f) => f.published)).toEqual([true, true, true, true]);
    expect(made.map((f) => f.emailType)).toEqual([
      'DO_NOT_COLLECT',
      'VERIFIED',
      'DO_NOT_COLLECT',
      'DO_NOT_COLLECT',
    ]);
    // No event is announced yet: the RSVP form is closed on purpose; the others take responses.
    expect(made.map((f) => f.accepting)).toEqual([true, false, true, true]);
    expect(world.sheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(Object.values(RESPONSE_TABS).concat('Form status')),
    );
    expect(world.triggers.map((t) => t.handler).sort()).toEqual(['onFormSubmit', 'syncEventChoices']);
    const problems = world.logs.filter((l) => l.level !== 'log').map((l) => l.text);
    expect(problems).toEqual([]);
    expect(status(world)).toEqual([
      expect.objectContaining({
        Form: 'join',
        Published: 'Yes',
        'Accepting responses': 'Yes',
        Email: 'Not collected',
      }),
      expect.objectContaining({
        Form: 'rsvp',
        Published: 'Yes',
        'Accepting responses': 'No',
        Email: 'Verified',
      }),
      expect.objectContaining({
        Form: 'report',
        Published: 'Yes',
        'Accepting responses': 'Yes',
        Email: 'Not collected',
      }),
      expect.objectContaining({
        Form: 'project',
        Published: 'Yes',
        'Accepting responses': 'Yes',
        Email: 'Not collected',
      }),
    ]);
  });

  it('the RSVP tab’s email column is titled verified, so relay and sweep trust it', () => {
    const world = freshAppsScript();
    world.fn<() => void>('setup')();
    const rsvp = world.forms.get(world.props.get('HEARTH_FORM_ID_RSVP') ?? '');
    expect(world.tabOf(rsvp?.id ?? '')?.grid[0]).toEqual([
      'Timestamp',
      VERIFIED_EMAIL_HEADER,
      ...FORMS_TITLES.rsvp,
    ]);
  });

  it('publishes a form it made before that is unpublished (made by API, or unpublished by hand)', () => {
    const { world, form: join } = afterSetup('join');
    join.published = false;
    join.accepting = false;
    world.fn<() => void>('syncEventChoices')();
    expect(status(world)[0]).toMatchObject({ Form: 'join', Published: 'No' });
    world.fn<() => void>('setup')();
    expect(join.published).toBe(true);
    expect(status(world)[0]).toMatchObject({ Form: 'join', Published: 'Yes' });
  });

  it('says what to do about a form that takes no responses', () => {
    const { world, form: report } = afterSetup('report');
    report.accepting = false;
    world.logs.length = 0;
    world.fn<() => void>('setup')();
    expect(world.logs.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      'The report form is not accepting responses: in its Responses tab, turn on Accepting responses.',
    ]);
  });

  it('an older runtime (no publishing, no collection type): the RSVP email is typed until the organizer changes one setting', () => {
    const world = freshAppsScript({ api: 'older' });
    world.fn<() => void>('setup')();
    // create(title, true) is refused there, then create(title) makes a form that is published.
    expect(world.creates.map((args) => args.length)).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
    expect([...world.forms.values()].map((f) => f.published)).toEqual([true, true, true, true]);
    const rsvp = world.forms.get(world.props.get('HEARTH_FORM_ID_RSVP') ?? '');
    expect(rsvp?.emailType).toBe('RESPONDER_INPUT');
    const warnings = world.logs.filter((l) => l.level === 'warn').map((l) => l.text);
    expect(warnings).toEqual([
      expect.stringContaining(
        'Hearth treats its email as typed (anyone could answer for anyone). In the RSVP form: Settings → Responses → Collect email addresses → Verified, then run setup() again.',
      ),
    ]);
    expect(status(world)[1]).toMatchObject({ Form: 'rsvp', Email: 'Typed' });
    expect(world.tabOf(rsvp?.id ?? '')?.grid[0]?.[1]).toBe('Email Address');
  });
});

describe('setup() and the invite link', () => {
  /** The Settings tab as rows of cells, header left out. */
  const settingsRows = (world: ReturnType<typeof freshAppsScript>) =>
    (world.sheets.find((s) => s.name === 'Settings')?.grid ?? []).slice(1);
  const invitedBy = (form: FakeForm) => form.items.filter((item) => item.title === 'Invited by');

  it('asks an optional short "Invited by" and writes its prefilled link, ending in entry.NNN=, to Settings', () => {
    const { world, form: join } = afterSetup('join');
    const [question] = invitedBy(join);
    expect(invitedBy(join)).toHaveLength(1);
    expect(question).toMatchObject({ type: 'TEXT', required: false });
    const published = `https://docs.google.com/forms/d/e/1FAIpQLSf${join.id.slice(0, 20)}/viewform`;
    const link = `${published}?usp=pp_url&entry.${question?.id}=`;
    expect(settingsRows(world)).toEqual([
      ['Group name', 'Leeds Hikers', ''],
      ['Time zone', ZONE, ''],
      ['Invite link', link, ''],
    ]);
    expect(world.logs).toContainEqual({ level: 'log', text: `Settings → Invite link is now ${link}` });
    // Hearth reads it as the setting it is, and a member's ID after it is the form's answer to Invited by.
    const entries = settingsRows(world).map(([key, value], i) => ({
      key: String(key),
      value: String(value),
      a1: `Settings!B${i + 2}`,
      row: i + 2,
    }));
    expect(parseSettings(entries)).toMatchObject({ settings: { inviteLink: link }, problems: [] });
    const prefilled = new URL(`${link}M-12`).searchParams.get(`entry.${question?.id}`);
    const answers = { ...ANSWERS.join, 'Invited by': prefilled };
    expect(ok(parseFormBody({ form: 'join', submittedAt: INSTANT, answers })).answers).toMatchObject({
      invitedBy: 'M-12',
    });
  });

  it('run again, changes nothing: one question, the same Settings', () => {
    const { world, form: join } = afterSetup('join');
    const before = JSON.stringify(settingsRows(world));
    world.logs.length = 0;
    world.fn<() => void>('setup')();
    expect(invitedBy(join)).toHaveLength(1);
    expect(JSON.stringify(settingsRows(world))).toBe(before);
    expect(world.logs.map((l) => l.text)).not.toContainEqual(expect.stringContaining('Invite link'));
  });

  it('a join form made before invitations gets the question; a changed link is updated in its own row only', () => {
    const { world, form: join } = afterSetup('join');
    join.items = join.items.filter((item) => item.title !== 'Invited by');
    const settings = world.sheets.find((s) => s.name === 'Settings');
    settings?.grid.splice(
      3,
      1,
      ['Invite link', 'https://forms.gle/old?entry.1=', 'ours'],
      ['Notes', 'x', ''],
    );
    world.fn<() => void>('setup')();
    const [question] = invitedBy(join);
    expect(invitedBy(join)).toHaveLength(1);
    expect(join.items.at(-1)).toBe(question);
    expect(settingsRows(world)).toEqual([
      ['Group name', 'Leeds Hikers', ''],
      ['Time zone', ZONE, ''],
      ['Invite link', expect.stringMatching(new RegExp(`&entry\\.${question?.id}=$`)), 'ours'],
      ['Notes', 'x', ''],
    ]);
  });

  it('says why, and writes nothing, when "Invited by" is not a short answer or Settings has no Value column', () => {
    const { world, form: join } = afterSetup('join');
    const [question] = invitedBy(join);
    if (question) question.type = 'LIST';
    const before = JSON.stringify(settingsRows(world));
    world.fn<() => void>('setup')();
    expect(JSON.stringify(settingsRows(world))).toBe(before);
    expect(world.logs.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      expect.stringContaining('no short-answer "Invited by" question'),
    ]);

    const bare = freshAppsScript();
    const settings = bare.sheets.find((s) => s.name === 'Settings');
    if (settings) settings.grid = [['Setting', 'Notes']];
    bare.fn<() => void>('setup')();
    expect(settings?.grid).toEqual([['Setting', 'Notes']]);
    expect(bare.logs).toContainEqual({
      level: 'warn',
      text: expect.stringContaining('Settings → Invite link was not written: run npm run provision'),
    });
  });
});

describe('the relay trusts the RSVP email only while the form verifies it', () => {
  it('the form now takes typed emails: no respondentEmail, the column renamed back, push = sweep', async () => {
    const { event, header, row } = submitEvent('rsvp');
    const script = appsScript({ rsvpEmail: 'RESPONDER_INPUT' });
    script.fn<(e: unknown) => void>('onFormSubmit')(event);
    const { call, body } = posted(script.calls);
    expect(body).not.toHaveProperty('respondentEmail');
    expect(Object.keys(body.namedValues as object)).toContain('Email Address');
    expect(Object.keys(body.namedValues as object)).not.toContain(VERIFIED_EMAIL_HEADER);
    // The tab's title is back to Google's, so the sweep reads the row as typed too.
    expect(header[1]).toBe('Email Address');
    const work = ok(parseFormBody(body));
    expect(work.answers).toMatchObject({ email: 'ada@example.org' });
    expect(work.answers).not.toHaveProperty('typedEmail');
    expect(work.identity).toBe(identityFromSheetRow('rsvp', header, row, ZONE));
    expect((await throughTheDoor(call)).status).toBe(202);
  });

  it('a column titled as Google titles it is never trusted, whatever the form says', () => {
    const { event } = submitEvent('rsvp');
    const named = event.namedValues as Record<string, string[]>;
    const plain = Object.fromEntries(
      Object.entries(named).map(([k, v]) => [k === VERIFIED_EMAIL_HEADER ? 'Email Address' : k, v]),
    );
    const script = appsScript();
    script.fn<(e: unknown) => void>('onFormSubmit')({ ...event, namedValues: plain });
    expect(posted(script.calls).body).not.toHaveProperty('respondentEmail');
  });
});

describe('appsscript.json', () => {
  const manifest = JSON.parse(
    readFileSync(new URL('../scripts/apps-script/appsscript.json', import.meta.url), 'utf8'),
  ) as { runtimeVersion: string; oauthScopes: string[] };

  it('pins the V8 runtime (the script uses const, arrow functions and padStart)', () => {
    expect(manifest.runtimeVersion).toBe('V8');
  });

  it.each([
    ['FormApp.', 'https://www.googleapis.com/auth/forms'],
    ['SpreadsheetApp.', 'https://www.googleapis.com/auth/spreadsheets'],
    ['ScriptApp.', 'https://www.googleapis.com/auth/script.scriptapp'],
    ['UrlFetchApp.', 'https://www.googleapis.com/auth/script.external_request'],
  ])('asks for the scope %s needs', (service, scope) => {
    expect(SOURCE).toContain(service);
    expect(manifest.oauthScopes).toContain(scope);
  });

  it('asks for no scope the script does not use', () => {
    expect(manifest.oauthScopes).toHaveLength(4);
  });
});
