/**
 * Coded errors for broken systems (a quota that never recovers, a missing header, a corrupt file), one class
 * per kind. Expected outcomes (a duplicate, an event that is full) are values, not exceptions.
 * Every error says what went wrong (its message), how to fix it (its hint) and its code, which logs, docs and
 * tests name: `describeError` puts the three together wherever a person reads an error.
 */
export const ErrorCode = {
  // SheetsError: a call to the Google Sheets API
  SheetsQuotaExhausted: 'SHEETS_QUOTA_EXHAUSTED',
  SheetsUnavailable: 'SHEETS_UNAVAILABLE',
  SheetsRequestFailed: 'SHEETS_REQUEST_FAILED',
  // WorkbookError: the workbook (a spreadsheet or a local file) is not as Hearth needs it, or cannot be used
  HeaderMissing: 'HEADER_MISSING',
  TabMissing: 'TAB_MISSING',
  IdConflict: 'ID_CONFLICT',
  UnknownRow: 'UNKNOWN_ROW',
  OrganizerColumn: 'ORGANIZER_COLUMN_WRITE',
  WorkbookUnreadable: 'WORKBOOK_UNREADABLE',
  WorkbookBusy: 'WORKBOOK_BUSY',
  WorkbookOpenElsewhere: 'WORKBOOK_OPEN_ELSEWHERE',
  // SlackError: a call to Slack's Web API
  ChannelNotFound: 'CHANNEL_NOT_FOUND',
  NotInChannel: 'NOT_IN_CHANNEL',
  SlackRateLimited: 'RATE_LIMITED',
  SlackFailed: 'SLACK_ERROR',
  SlackAckDeadline: 'SLACK_ACK_DEADLINE',
  // HandOverError: work could not be handed to the writer
  HandOverFailed: 'HANDOVER_FAILED',
  // LedgerError: the ID ledger
  LedgerUnreadable: 'LEDGER_UNREADABLE',
  // LeaseError: the writers' lease
  LeaseBusy: 'LEASE_BUSY',
  LeaseLost: 'LEASE_LOST',
  LeaseUnavailable: 'LEASE_UNAVAILABLE',
  // ConfigError: the environment
  ConfigInvalid: 'CONFIG_INVALID',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

type CodeOf<Name extends keyof typeof ErrorCode> = (typeof ErrorCode)[Name];
export type SheetsCode = CodeOf<'SheetsQuotaExhausted' | 'SheetsUnavailable' | 'SheetsRequestFailed'>;
export type WorkbookCode = CodeOf<
  | 'HeaderMissing'
  | 'TabMissing'
  | 'IdConflict'
  | 'UnknownRow'
  | 'OrganizerColumn'
  | 'WorkbookUnreadable'
  | 'WorkbookBusy'
  | 'WorkbookOpenElsewhere'
>;
export type SlackCode = CodeOf<
  'ChannelNotFound' | 'NotInChannel' | 'SlackRateLimited' | 'SlackFailed' | 'SlackAckDeadline'
>;
export type LeaseCode = CodeOf<'LeaseBusy' | 'LeaseLost' | 'LeaseUnavailable'>;

export interface HearthErrorOptions {
  cause?: unknown;
  /** True when trying the same thing again later may succeed (default false). */
  retryable?: boolean;
  /** The tab at fault, when one is (a missing header or tab). */
  tab?: string;
}

/** What every Hearth error has; each kind below is its own class. */
export abstract class HearthError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;
  /** How to fix it, for a person: kept apart from the message, which says what went wrong. */
  readonly hint: string;
  /** True when trying the same thing again later may succeed. */
  readonly retryable: boolean;
  /** The tab at fault, when one is (a missing header or tab). */
  readonly tab: string | undefined;

  protected constructor(code: Code, message: string, hint: string, options: HearthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.retryable = options.retryable ?? false;
    this.tab = options.tab;
  }
}

/** A Google Sheets API call failed: the quota, Google not answering, or a request Google refused. */
export class SheetsError extends HearthError<SheetsCode> {
  constructor(code: SheetsCode, message: string, hint: string, options?: HearthErrorOptions) {
    super(code, message, hint, options);
  }
}

/** The workbook lacks what Hearth needs (a tab, a header), refused a write, or its file cannot be used now. */
export class WorkbookError extends HearthError<WorkbookCode> {
  constructor(code: WorkbookCode, message: string, hint: string, options?: HearthErrorOptions) {
    super(code, message, hint, options);
  }
}

/** A Slack call that did not work, with Slack's own error code when it gave one. */
export class SlackError extends HearthError<SlackCode> {
  /** Slack's own error code (`expired_trigger_id`, `invalid_auth`…) when Slack gave one. */
  readonly slackError: string | undefined;
  /**
   * The call may have taken effect all the same: no answer came (a timeout, a dropped connection) or Slack
   * failed while answering (5xx). A post in doubt is looked for before it is sent again, never re-sent blindly.
   */
  readonly inDoubt: boolean;

  constructor(
    code: SlackCode,
    message: string,
    hint: string,
    options: HearthErrorOptions & { slackError?: string; inDoubt?: boolean } = {},
  ) {
    super(code, message, hint, options);
    this.slackError = options.slackError;
    this.inDoubt = options.inDoubt ?? false;
  }
}

/** Work could not be handed over. The door answers 503 when `retryable`, so the sender tries again later. */
export class HandOverError extends HearthError<typeof ErrorCode.HandOverFailed> {
  /** The Cloud Tasks API's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(
    message: string,
    hint: string,
    options: HearthErrorOptions & { retryable: boolean; status?: number },
  ) {
    super(ErrorCode.HandOverFailed, message, hint, options);
    this.status = options.status;
  }
}

/** The ID ledger (the last ID given per prefix) cannot be read or written. */
export class LedgerError extends HearthError<typeof ErrorCode.LedgerUnreadable> {
  constructor(message: string, hint: string, options?: HearthErrorOptions) {
    super(ErrorCode.LedgerUnreadable, message, hint, options);
  }
}

/** The writers' lease is held by another writer, was lost while a batch ran, or cannot be used. */
export class LeaseError extends HearthError<LeaseCode> {
  constructor(code: LeaseCode, message: string, hint: string, options?: HearthErrorOptions) {
    super(code, message, hint, options);
  }
}

/** The environment is not a valid configuration: each problem names its variable and how to set it. */
export class ConfigError extends HearthError<typeof ErrorCode.ConfigInvalid> {
  constructor(readonly problems: string[]) {
    super(
      ErrorCode.ConfigInvalid,
      'Configuration is not valid',
      `Fix ${problems.length === 1 ? 'this' : 'these'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Whether `error` is a Hearth error (of that code, when one is given). */
export function isHearthError<Code extends ErrorCode>(
  error: unknown,
  code?: Code,
): error is HearthError<Code> {
  return error instanceof HearthError && (code === undefined || error.code === code);
}

/**
 * An error as a person reads it (a log line, a command's output, doctor): `message (CODE). hint` for a Hearth
 * error, the message for any other. `hint: false` leaves the hint out where it is shown on its own.
 */
export function describeError(error: unknown, options: { hint?: boolean } = {}): string {
  if (isHearthError(error)) {
    const hint = options.hint !== false && error.hint ? `. ${error.hint}` : '';
    return `${error.message} (${error.code})${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}
