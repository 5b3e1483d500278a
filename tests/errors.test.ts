import { DateTime } from 'luxon';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { steppedClock } from '../common/clock.js';
import {
  ConfigError,
  describeError,
  ErrorCode,
  HandOverError,
  HearthError,
  isHearthError,
  LeaseError,
  LedgerError,
  SheetsError,
  SlackError,
  WorkbookError,
} from '../common/errors.js';
import { defaultRetryPolicy, withRetry } from '../sheets-schema/retry.js';

type Kind = abstract new (...args: never[]) => HearthError;

const C = ErrorCode;
const FIX = 'What to do about it';
const RETRY = { retryable: true };

/** One error of every code, built as its kind is built, whether it may be retried, and its hint. */
const EVERY_CODE: [ErrorCode, Kind, HearthError, retryable: boolean, hint?: string][] = [
  [
    C.SheetsQuotaExhausted,
    SheetsError,
    new SheetsError(C.SheetsQuotaExhausted, 'HTTP 429', FIX, RETRY),
    true,
  ],
  [C.SheetsUnavailable, SheetsError, new SheetsError(C.SheetsUnavailable, 'HTTP 503', FIX, RETRY), true],
  [C.SheetsRequestFailed, SheetsError, new SheetsError(C.SheetsRequestFailed, 'HTTP 403', FIX), false],
  [
    C.HeaderMissing,
    WorkbookError,
    new WorkbookError(C.HeaderMissing, 'no "Seats"', FIX, { tab: 'Events' }),
    false,
  ],
  [
    C.TabMissing,
    WorkbookError,
    new WorkbookError(C.TabMissing, 'no tab Audit', FIX, { tab: 'Audit' }),
    false,
  ],
  [C.IdConflict, WorkbookError, new WorkbookError(C.IdConflict, 'EV-1 twice', FIX), false],
  [C.UnknownRow, WorkbookError, new WorkbookError(C.UnknownRow, 'no row EV-9', FIX), false],
  [C.OrganizerColumn, WorkbookError, new WorkbookError(C.OrganizerColumn, 'not "Title"', FIX), false],
  [
    C.WorkbookUnreadable,
    WorkbookError,
    new WorkbookError(C.WorkbookUnreadable, 'not a workbook', FIX),
    false,
  ],
  [C.WorkbookBusy, WorkbookError, new WorkbookError(C.WorkbookBusy, 'busy', FIX, RETRY), true],
  [
    C.WorkbookOpenElsewhere,
    WorkbookError,
    new WorkbookError(C.WorkbookOpenElsewhere, 'in Excel', FIX),
    false,
  ],
  [C.ChannelNotFound, SlackError, new SlackError(C.ChannelNotFound, 'no #nowhere', FIX), false],
  [C.NotInChannel, SlackError, new SlackError(C.NotInChannel, 'not in #board', FIX), false],
  [C.SlackRateLimited, SlackError, new SlackError(C.SlackRateLimited, 'rate limited', FIX, RETRY), true],
  [
    C.SlackFailed,
    SlackError,
    new SlackError(C.SlackFailed, 'HTTP 502', FIX, { ...RETRY, inDoubt: true }),
    true,
  ],
  [C.SlackAckDeadline, SlackError, new SlackError(C.SlackAckDeadline, 'not taken in 3 s', FIX), false],
  [C.HandOverFailed, HandOverError, new HandOverError('HTTP 503', FIX, { ...RETRY, status: 503 }), true],
  [C.LedgerUnreadable, LedgerError, new LedgerError('ids.json is not JSON', FIX), false],
  [C.LeaseBusy, LeaseError, new LeaseError(C.LeaseBusy, 'held by another writer', FIX, RETRY), true],
  [C.LeaseLost, LeaseError, new LeaseError(C.LeaseLost, 'lost while a batch ran', FIX, RETRY), true],
  [C.LeaseUnavailable, LeaseError, new LeaseError(C.LeaseUnavailable, 'the bucket refused', FIX), false],
  [
    C.ConfigInvalid,
    ConfigError,
    new ConfigError(['PORT must be a port number']),
    false,
    'Fix this:\n  - PORT must be a port number',
  ],
];

describe('the kinds of error', () => {
  it.each(EVERY_CODE)('%s: its kind, hint and retryable', (code, kind, error, retryable, hint = FIX) => {
    expect(error).toBeInstanceOf(kind);
    expect(error).toBeInstanceOf(HearthError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code, hint, retryable, name: kind.name });
    // The message says what went wrong; the code and hint are not glued onto it.
    expect(error.message).not.toContain(code);
    expect(error.message).not.toContain(hint);
  });

  it('has one kind for every code, and each code once', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(EVERY_CODE.map(([code]) => code).sort()).toEqual([...codes].sort());
  });

  it('keeps what each kind adds: the tab, the cause, Slack’s own error, the HTTP status, the problems', () => {
    const cause = new Error('EBUSY');
    const busy = new WorkbookError(ErrorCode.HeaderMissing, 'm', 'h', { tab: 'Events', cause });
    expect(busy).toMatchObject({ tab: 'Events', cause });
    const plain = new SheetsError(ErrorCode.SheetsUnavailable, 'm', 'h');
    expect([plain.tab, plain.cause]).toEqual([undefined, undefined]);
    expect(new SlackError(ErrorCode.SlackFailed, 'm', 'h', { slackError: 'invalid_auth' })).toMatchObject({
      slackError: 'invalid_auth',
      inDoubt: false,
    });
    expect(new HandOverError('m', 'h', { retryable: false, status: 400 }).status).toBe(400);
    const config = new ConfigError(['PORT must be a port number', 'LOG_LEVEL must be one of DEBUG, INFO']);
    expect(config.problems).toHaveLength(2);
    expect(config.hint).toBe(
      'Fix these:\n  - PORT must be a port number\n  - LOG_LEVEL must be one of DEBUG, INFO',
    );
  });
});

describe('describeError', () => {
  it.each(EVERY_CODE)('renders %s as message (CODE). hint', (code, _kind, error, _retryable, hint = FIX) => {
    expect(describeError(error)).toBe(`${error.message} (${code}). ${hint}`);
    expect(describeError(error, { hint: false })).toBe(`${error.message} (${code})`);
  });

  it.each([
    [
      'a Hearth error without a hint',
      new WorkbookError(ErrorCode.TabMissing, 'No tab Audit', ''),
      'No tab Audit (TAB_MISSING)',
    ],
    ['any other error', new TypeError('fetch failed'), 'fetch failed'],
    ['a coded Node error', Object.assign(new Error('no such file'), { code: 'ENOENT' }), 'no such file'],
    ['a thrown string', 'a string', 'a string'],
    ['nothing', undefined, 'undefined'],
  ])('renders %s as its message', (_what, error, text) => {
    expect(describeError(error)).toBe(text);
  });
});

describe('isHearthError', () => {
  const busy = new WorkbookError(ErrorCode.WorkbookBusy, 'busy', 'wait', { retryable: true });

  it.each([
    ['yes: a Hearth error', busy, undefined, true],
    ['yes: a Hearth error of the code asked for', busy, ErrorCode.WorkbookBusy, true],
    ['no: a Hearth error of another code', busy, ErrorCode.TabMissing, false],
    ['yes: a configuration error', new ConfigError(['X']), ErrorCode.ConfigInvalid, true],
    ['no: any other error', new Error('busy'), undefined, false],
    [
      'no: an error with a code and a hint that is not a Hearth error',
      Object.assign(new Error('look-alike'), { code: 'WORKBOOK_BUSY', hint: 'wait' }),
      ErrorCode.WorkbookBusy,
      false,
    ],
    ['no: a plain object with a code', { code: 'WORKBOOK_BUSY' }, undefined, false],
    ['no: null', null, undefined, false],
  ])('%s', (_what, error, code, expected) => {
    expect(isHearthError(error, code)).toBe(expected);
  });

  it('narrows to a Hearth error, and to its code when one is given', () => {
    const caught: unknown = busy;
    if (!isHearthError(caught)) throw new Error('not narrowed');
    expectTypeOf(caught).toExtend<HearthError>();
    expectTypeOf(caught.hint).toEqualTypeOf<string>();
    if (!isHearthError(caught, ErrorCode.WorkbookBusy)) throw new Error('not narrowed');
    expectTypeOf(caught.code).toEqualTypeOf<'WORKBOOK_BUSY'>();
    expect(caught.code).toBe('WORKBOOK_BUSY');
  });
});

describe('a retried error that gives up', () => {
  it('is the same kind, code and hint, its message saying how long it was tried', async () => {
    const policy = { ...defaultRetryPolicy, clock: steppedClock(DateTime.fromMillis(0)) };
    const error = await withRetry(policy, async () => {
      throw new WorkbookError(ErrorCode.WorkbookBusy, 'group.xlsx is busy', 'Close it', { retryable: true });
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ code: ErrorCode.WorkbookBusy, hint: 'Close it', retryable: true });
    expect(describeError(error)).toMatch(
      /^group\.xlsx is busy; gave up after \d+ tries in \d+ s \(WORKBOOK_BUSY\)\. Close it$/,
    );
  });
});
