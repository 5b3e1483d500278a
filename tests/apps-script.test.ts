import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Secret } from '../functions/config.js';
import { createFormsDoor } from '../functions/forms.js';
import { memoryLogger } from '../functions/log.js';
import { formSignatureProblem, signFormBody } from '../functions/signatures.js';
import type { Work } from '../functions/work.js';
import { dateTimeToSerial } from '../sheets-schema/cells.js';
import {
  eventIdIn,
  FORM_NAMES,
  FORMS,
  type FormName,
  identityFromSheetRow,
  type ParsedForm,
  parseFormBody,
  RESPONSE_TABS,
} from '../sheets-schema/forms/index.js';

/**
 * scripts/apps-script/setup.gs, run in a node `vm` with small shims of the Apps Script services it calls.
 * The shims behave as Apps Script does where it matters: HMAC bytes are signed (-128..127), a network error
 * makes UrlFetchApp.fetch throw, dates are formatted and parsed in a named time zone.
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
};

/** What the scripted server answers a fetch with: a status, or a thrown network error. */
type Scripted = number | 'network error';

interface FetchCall {
  url: string;
  options: { method: string; contentType: string; payload: string; headers: Record<string, string> };
}

interface Options {
  responses?: Scripted[];
  /** The spreadsheet's own time zone. */
  sheetZone?: string;
  /** Settings → Time zone. */
  groupZone?: string;
  props?: Record<string, string>;
}

const REASONS: Record<number, string> = {
  400: '"form" is missing: set it to one of join, rsvp, report.',
  401: 'X-Form-Signature does not match: check FORM_RELAY_SECRET',
  422: 'some answers are not valid',
};

function tab(name: string, grid: unknown[][]) {
  return { getName: () => name, getDataRange: () => ({ getValues: () => grid }) };
}

/** setup.gs loaded with its shims; `fn` reads one of its globals. */
function appsScript(opts: Options = {}) {
  const calls: FetchCall[] = [];
  const logs: { level: 'log' | 'warn' | 'error'; text: string }[] = [];
  const sleeps: number[] = [];
  const responses = [...(opts.responses ?? [])];
  const props = new Map<string, string>(
    Object.entries({
      FORMS_URL,
      FORM_RELAY_SECRET: SECRET,
      ...Object.fromEntries(
        FORM_NAMES.map((form) => [`HEARTH_FORM_ID_${form.toUpperCase()}`, FORM_IDS[form]]),
      ),
      ...opts.props,
    }),
  );
  const settings = tab('Settings', [
    ['Setting', 'Value', 'Notes'],
    ['Group name', 'Leeds Hikers', ''],
    ['Time zone', opts.groupZone ?? ZONE, ''],
  ]);
  const logTo =
    (level: 'log' | 'warn' | 'error') =>
    (...parts: unknown[]) =>
      logs.push({ level, text: parts.map(String).join(' ') });
  const context = vm.createContext({
    console: { log: logTo('log'), warn: logTo('warn'), error: logTo('error') },
    Utilities: {
      Charset: { UTF_8: 'UTF-8' },
      computeHmacSha256Signature: (value: string, key: string) =>
        Array.from(
          new Int8Array(createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest()),
        ),
      sleep: (ms: number) => sleeps.push(ms),
      formatDate: (date: Date, zone: string, format: string) =>
        DateTime.fromMillis(date.getTime(), { zone }).toFormat(format, { locale: 'en-US' }),
      parseDate: (text: string, zone: string, format: string) => {
        const parsed = DateTime.fromFormat(text, format, { zone });
        if (!parsed.isValid) throw new Error(`Unparseable date: "${text}"`);
        return parsed.toJSDate();
      },
    },
    UrlFetchApp: {
      fetch: (url: string, options: FetchCall['options']) => {
        calls.push({ url, options });
        const next = responses.shift() ?? 202;
        if (next === 'network error') throw new Error(`Address unavailable: ${url}`);
        const body = next < 300 ? { accepted: true } : { error: REASONS[next] ?? `failed with ${next}` };
        return { getResponseCode: () => next, getContentText: () => JSON.stringify(body) };
      },
    },
    PropertiesService: {
      getScriptProperties: () => ({
        getProperty: (key: string) => props.get(key) ?? null,
        setProperty: (key: string, value: string) => props.set(key, value),
      }),
    },
    SpreadsheetApp: {
      getActive: () => ({
        getName: () => 'Hearth',
        getSpreadsheetTimeZone: () => opts.sheetZone ?? ZONE,
        getSheets: () => [settings],
      }),
    },
  });
  vm.runInContext(SOURCE, context, { filename: 'setup.gs' });
  const fn = <T>(name: string) => vm.runInContext(name, context) as T;
  return { calls, logs, sleeps, fn };
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
};

/**
 * The fixture's event with this form's questions as the tab's columns: Timestamp first, then Google's
 * "Email Address" for the RSVP form (it collects verified emails). `cell` is what the Timestamp cell holds.
 */
function submitEvent(form: FormName, cell?: unknown) {
  const verified: Questions =
    form === 'rsvp' ? { 'Email Address': fixture.namedValues['Email Address']?.[0] ?? '' } : {};
  const columns: Questions = { Timestamp: fixture.values[0] ?? '', ...verified, ...ANSWERS[form] };
  const header = Object.keys(columns);
  const row = Object.values(columns);
  const sheet = {
    getName: () => RESPONSE_TABS[form],
    getFormUrl: () => `https://docs.google.com/forms/d/${FORM_IDS[form]}/viewform`,
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
    clock: () => DateTime.fromSeconds(timestamp + 30),
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
      expect(work.form).toBe(form);
      expect(work.answers).toEqual(TYPED[form]);
      expect(work.identity).toBe(identityFromSheetRow(form, header, row, ZONE));
      const serial = dateTimeToSerial(DateTime.fromISO(INSTANT), ZONE);
      expect(work.identity).toBe(identityFromSheetRow(form, header, [serial, ...row.slice(1)], ZONE));

      const door = await throughTheDoor(call);
      expect(door.status).toBe(202);
      expect(door.handed).toEqual([expect.objectContaining({ kind: 'form', identity: work.identity, form })]);
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
    expect(ok(parseFormBody(rsvp)).answers.event).toBe('EV-15');
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
});
