import { DateTime, IANAZone } from 'luxon';

/**
 * A cell as both backends hand it over: unformatted. Dates and times are spreadsheet serial numbers
 * (days since 1899-12-30, wall clock of the spreadsheet's time zone), exactly what the Sheets API returns
 * with UNFORMATTED_VALUE + SERIAL_NUMBER.
 */
export type Cell = string | number | boolean | null;

/** A cell to write. Text is always a literal value: never parsed, never evaluated as a formula. */
export type CellWrite =
  | { readonly text: string }
  | { readonly number: number }
  | { readonly bool: boolean }
  | { readonly serial: number } // a date-time, shown with DATE_TIME_FORMAT
  | { readonly empty: true };

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

// Day 0 of a serial date, 1899-12-30 UTC, as milliseconds: a number, so loading this file builds no DateTime
// (the first one loads the system's locale data, which a door's path need not pay for).
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
/** Days from the spreadsheet epoch (1899-12-30) to the Unix epoch. */
const UNIX_EPOCH_SERIAL = 25_569;

const HOUR_MS = 3_600_000;

/**
 * An IANA zone that remembers its offset hour by hour. Asking Intl for an offset is the slow part of reading a
 * date (a daily step reads tens of thousands), and no zone changes its offset twice within an hour: an hour whose
 * two ends agree has that offset throughout; one with a change in it is asked each time.
 */
class HourlyZone extends IANAZone {
  private readonly hours = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    let known = this.hours.get(hour);
    if (known === undefined) {
      const start = super.offset(hour * HOUR_MS);
      known = start === super.offset(hour * HOUR_MS + HOUR_MS - 1) ? start : Number.NaN;
      // Bounded: a long-running writer reads dates of a few years at most; past that, start afresh.
      if (this.hours.size >= 100_000) this.hours.clear();
      this.hours.set(hour, known);
    }
    return Number.isNaN(known) ? super.offset(ts) : known;
  }
}

const zones = new Map<string, IANAZone>();
/**
 * The zone named `name` (an IANA name), its offsets remembered hour by hour: for date arithmetic repeated over
 * many rows (reminder times, writing dates). An unknown name gives an invalid zone, as luxon's own does.
 */
export function hourlyZone(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new HourlyZone(name);
    zones.set(name, zone);
  }
  return zone;
}

/**
 * A serial number read as wall-clock time in `zone`. Works like luxon's own local-time conversion (guess the
 * offset, then correct it once), but builds one DateTime instead of two: snapshots hold tens of thousands.
 * A time in a DST gap moves forward, as Google Sheets shows it; a repeated time (the hour that occurs twice
 * when summer time ends) reads as its later occurrence.
 */
export function serialToDateTime(serial: number, zone: string): DateTime {
  const z = hourlyZone(zone);
  // Rounded to the millisecond: serials carry float noise (0.7708333333 for 18:30).
  const wall = Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY);
  const o1 = z.offset(wall);
  const guess = wall - o1 * 60_000;
  const o2 = z.offset(guess);
  let instant = guess;
  if (o1 !== o2) {
    const second = wall - o2 * 60_000;
    const o3 = z.offset(second);
    // o2 !== o3: the wall time falls in a DST gap and moves forward by the gap.
    instant = o2 === o3 ? second : wall - Math.min(o2, o3) * 60_000;
  }
  return DateTime.fromMillis(instant, { zone: z });
}

/** An instant as the serial number of its wall-clock time in `zone`. */
export function dateTimeToSerial(instant: DateTime, zone: string): number {
  // The wall clock in `zone` is the instant moved by the zone's offset there (a write of thousands of rows
  // spent most of its time taking the local time apart and putting it back together).
  const offsetMinutes = hourlyZone(zone).offset(instant.toMillis());
  return (instant.toMillis() + offsetMinutes * 60_000 - SERIAL_EPOCH_MS) / MS_PER_DAY;
}

/** 0-based column index to letters: 0 -> A, 26 -> AA. */
export function columnLetters(index: number): string {
  let letters = '';
  let n = index + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A1 address of a cell: tab name quoted when needed, row 1-based, column 0-based. */
export function a1(tab: string, row: number, column: number): string {
  return `${quoteTab(tab)}!${columnLetters(column)}${row}`;
}

export function quoteTab(tab: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(tab) ? tab : `'${tab.replaceAll("'", "''")}'`;
}

/** Header names compare ignoring case, spacing and punctuation: "Slack ID", "slack-id" and "SlackId" match. */
export function normalizeHeader(text: unknown): string {
  return String(text ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(row: readonly Cell[] | undefined): boolean {
  return !row || row.every(isBlankCell);
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell : String(cell);
}

/** A cell as comparable text: blank is '', text trimmed, numbers rounded (a date read back may differ in its last digits). */
export function cellKey(cell: Cell | undefined): string {
  if (isBlankCell(cell)) return '';
  return typeof cell === 'number' ? cell.toFixed(6) : cellText(cell).trim();
}

/** Two cells that read the same (see cellKey). */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  return cellKey(a) === cellKey(b);
}

/** A row's cells as one comparable text (see cellKey); trailing blank cells do not count. */
export function rowKey(cells: readonly (Cell | undefined)[]): string {
  const keys = Array.from(cells, cellKey);
  while (keys.length > 0 && keys.at(-1) === '') keys.pop();
  return keys.join('\u0000');
}

/** The cell a write leaves. */
export function writtenCell(write: CellWrite | undefined): Cell {
  if (!write || 'empty' in write) return null;
  if ('text' in write) return write.text;
  if ('number' in write) return write.number;
  if ('bool' in write) return write.bool;
  return write.serial;
}

/** A cell read, written again as it was: a number in a date column stays a date; a blank cell is no write. */
export function writeAgain(cell: Cell | undefined, isDate = false): CellWrite | undefined {
  if (isBlankCell(cell)) return undefined;
  if (typeof cell === 'number') return isDate ? { serial: cell } : { number: cell };
  if (typeof cell === 'boolean') return { bool: cell };
  return { text: cellText(cell) };
}
