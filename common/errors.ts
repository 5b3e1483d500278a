/**
 * Coded errors for broken systems (a quota that never recovers, a missing header, a corrupt file).
 * Expected outcomes (a duplicate, an event that is full) are values, not exceptions.
 * Every error says what went wrong and how to fix it.
 */
export const ErrorCode = {
  SheetsQuotaExhausted: 'SHEETS_QUOTA_EXHAUSTED',
  SheetsUnavailable: 'SHEETS_UNAVAILABLE',
  SheetsRequestFailed: 'SHEETS_REQUEST_FAILED',
  HeaderMissing: 'HEADER_MISSING',
  TabMissing: 'TAB_MISSING',
  IdConflict: 'ID_CONFLICT',
  UnknownRow: 'UNKNOWN_ROW',
  OrganizerColumn: 'ORGANIZER_COLUMN_WRITE',
  WorkbookUnreadable: 'WORKBOOK_UNREADABLE',
  WorkbookBusy: 'WORKBOOK_BUSY',
  WorkbookOpenElsewhere: 'WORKBOOK_OPEN_ELSEWHERE',
  ChannelNotFound: 'CHANNEL_NOT_FOUND',
  NotInChannel: 'NOT_IN_CHANNEL',
  SlackRateLimited: 'RATE_LIMITED',
  SlackError: 'SLACK_ERROR',
  HandOverFailed: 'HANDOVER_FAILED',
  LedgerUnreadable: 'LEDGER_UNREADABLE',
  SlackAckDeadline: 'SLACK_ACK_DEADLINE',
  LeaseBusy: 'LEASE_BUSY',
  LeaseLost: 'LEASE_LOST',
  LeaseUnavailable: 'LEASE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class HearthError extends Error {
  readonly code: ErrorCode;
  /** What to do about it, for a person: kept apart from the message, which says what went wrong. */
  readonly hint: string;
  /** True when trying the same thing again later may succeed. */
  readonly retryable: boolean;
  /** The tab at fault, when one is (a missing header or tab). */
  readonly tab: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    options: { cause?: unknown; retryable?: boolean; tab?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HearthError';
    this.code = code;
    this.hint = hint;
    this.retryable = options.retryable ?? false;
    this.tab = options.tab;
  }
}

export function isHearthError(error: unknown, code?: ErrorCode): error is HearthError {
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
