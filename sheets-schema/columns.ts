import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  type Cell,
  type CellWrite,
  cellText,
  dateTimeToSerial,
  isBlankCell,
  serialToDateTime,
} from './cells.js';
import { isEmailAddress, normalizeEmail } from './emails.js';

/** Who owns a column's cells: organizers (O), the system (S), or both (O/S: organizers may correct it). */
export type Owner = 'organizer' | 'system' | 'shared';

/** How one column's cells become typed values (zod, built per time zone) and back. */
export interface Column<T = unknown, Needed extends boolean = boolean> {
  readonly header: string;
  readonly owner: Owner;
  /** Writes to the tab pause while this header is missing. */
  readonly headerRequired: boolean;
  /** The row is skipped, with a problem, when this cell is blank. */
  readonly needed: Needed;
  /** Dropdown values, for validation in the sheet. */
  readonly values?: readonly string[];
  /** Raw cell -> typed value; blank cells become undefined before this runs. */
  parser(zone: string): z.ZodType<T, Cell>;
  toCell(value: T, zone: string): CellWrite;
}

export type ColumnValue<C> =
  C extends Column<infer T, infer N> ? (N extends true ? T : T | undefined) : never;

interface Options<N extends boolean> {
  owner?: Owner;
  needed?: N;
  /** Default true for system and shared columns and for needed ones. */
  headerRequired?: boolean;
}

function make<T, N extends boolean>(
  header: string,
  opts: Options<N>,
  parser: (zone: string) => z.ZodType<T, Cell>,
  toCell: (value: T, zone: string) => CellWrite,
  values?: readonly string[],
): Column<T, N> {
  const owner = opts.owner ?? 'organizer';
  const needed = (opts.needed ?? false) as N;
  return {
    header,
    owner,
    needed,
    headerRequired: opts.headerRequired ?? (owner !== 'organizer' || needed),
    ...(values ? { values } : {}),
    parser,
    toCell,
  };
}

const anyCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const textParser = () => anyCell.transform((cell) => cellText(cell).trim());
const textCell = (value: string): CellWrite => (value === '' ? { empty: true } : { text: value });

export function text<N extends boolean = false>(header: string, opts: Options<N> = {}): Column<string, N> {
  return make(header, opts, textParser, textCell);
}

export function email<N extends boolean = false>(header: string, opts: Options<N> = {}): Column<string, N> {
  return make(
    header,
    opts,
    () =>
      textParser()
        .transform(normalizeEmail)
        .refine(isEmailAddress, { message: 'is not an email address: type it like name@example.org' }),
    textCell,
  );
}

export function integer<N extends boolean = false>(
  header: string,
  opts: Options<N> & { min?: number } = {},
): Column<number, N> {
  const min = opts.min ?? 0;
  return make(
    header,
    opts,
    () =>
      anyCell.transform((cell, ctx) => {
        const n = typeof cell === 'number' ? cell : Number(cellText(cell).trim());
        if (!Number.isInteger(n) || n < min) {
          ctx.addIssue({
            code: 'custom',
            message: `"${cellText(cell)}" is not a whole number${min === 0 ? ' (0 or more)' : ` of at least ${min}`}: type a number like ${min === 0 ? 20 : min}`,
          });
          return z.NEVER;
        }
        return n;
      }),
    (value) => ({ number: value }),
  );
}

/** Text date-times organizers type; read as wall-clock time in the group's zone. */
const TEXT_DATE_FORMATS = [
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd H:mm',
  'yyyy-MM-dd',
  'yyyy/MM/dd HH:mm',
  'M/d/yyyy H:mm:ss',
  'M/d/yyyy H:mm',
  'M/d/yyyy',
  'd MMM yyyy HH:mm',
  'd MMMM yyyy HH:mm',
  'd MMM yyyy',
  'MMM d, yyyy h:mm a',
  'MMM d, yyyy HH:mm',
];

export function parseDateText(raw: string, zone: string): DateTime | undefined {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const iso = DateTime.fromISO(s, { zone, setZone: false });
    return iso.isValid ? iso.setZone(zone) : undefined;
  }
  for (const format of TEXT_DATE_FORMATS) {
    const parsed = DateTime.fromFormat(s, format, { zone, locale: 'en-US' });
    if (parsed.isValid) return parsed;
  }
  return undefined;
}

/**
 * A value built on first use. A snapshot holds tens of thousands of date cells and a luxon DateTime costs
 * microseconds to build, while a workflow looks at a few: decodeTable turns these into memoising getters.
 */
export class LazyDateTime {
  // The serial and zone themselves, not a closure over them: one object a date cell instead of three.
  constructor(
    private readonly serial: number,
    private readonly zone: string,
  ) {}
  get isValid(): true {
    return true;
  }
  make(): DateTime {
    return serialToDateTime(this.serial, this.zone);
  }
}

/** Serials of years 1900 to 9999, as spreadsheets allow. */
const validSerial = (serial: number) => Number.isFinite(serial) && serial >= 1 && serial < 2_958_466;

export function dateTime<N extends boolean = false>(
  header: string,
  opts: Options<N> = {},
): Column<DateTime, N> {
  return make(
    header,
    opts,
    (zone) =>
      anyCell.transform((cell, ctx) => {
        const parsed =
          typeof cell === 'number'
            ? validSerial(cell)
              ? (new LazyDateTime(cell, zone) as unknown as DateTime)
              : undefined
            : parseDateText(cellText(cell), zone);
        if (!parsed?.isValid) {
          ctx.addIssue({
            code: 'custom',
            message: `"${cellText(cell)}" is not a date and time: type it like 2026-12-03 18:30`,
          });
          return z.NEVER;
        }
        return parsed;
      }),
    (value, zone) => ({ serial: dateTimeToSerial(value, zone) }),
  );
}

/** One of a fixed list, matched ignoring case and spacing; stored with the list's spelling. */
export function oneOf<const V extends string, N extends boolean = false>(
  header: string,
  values: readonly V[],
  opts: Options<N> = {},
): Column<V, N> {
  const byKey = new Map(values.map((v) => [v.toLowerCase().replace(/\s+/g, ' '), v]));
  return make(
    header,
    opts,
    () =>
      anyCell.transform((cell, ctx) => {
        const found = byKey.get(cellText(cell).trim().toLowerCase().replace(/\s+/g, ' '));
        if (found === undefined) {
          ctx.addIssue({ code: 'custom', message: `"${cellText(cell)}" is not one of ${values.join(', ')}` });
          return z.NEVER;
        }
        return found;
      }),
    (value) => ({ text: value }),
    values,
  );
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', '✓', '✔', 'ok', 'on']);
const NO = new Set(['no', 'n', 'false', '0', 'off', '-']);

/** Parses yes/no words ("Yes", "y", "TRUE", a ticked checkbox); undefined when it is neither. */
export function parseYesNo(cell: Cell): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  const word = cellText(cell).trim().toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}

export function yesNo<N extends boolean = false>(header: string, opts: Options<N> = {}): Column<boolean, N> {
  return make(
    header,
    opts,
    () =>
      anyCell.transform((cell, ctx) => {
        const parsed = parseYesNo(cell);
        if (parsed === undefined) {
          ctx.addIssue({ code: 'custom', message: `"${cellText(cell)}" is not Yes or No` });
          return z.NEVER;
        }
        return parsed;
      }),
    (value) => ({ text: value ? 'Yes' : 'No' }),
    ['Yes', 'No'],
  );
}

export { isBlankCell };

/** A number, decimals allowed (an average): written as the number, read from a number or its text. */
export function decimal<N extends boolean = false>(header: string, opts: Options<N> = {}): Column<number, N> {
  return make(
    header,
    opts,
    () =>
      anyCell.transform((cell, ctx) => {
        const n = typeof cell === 'number' ? cell : Number(cellText(cell).trim().replace(',', '.'));
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: `"${cellText(cell)}" is not a number: type one like 2.5` });
          return z.NEVER;
        }
        return n;
      }),
    (value) => ({ number: value }),
  );
}

/** Whether a member wants to be introduced: Yes, No, or paused (until a day, or until they resume). */
export type IntrosChoice = { want: 'yes' } | { want: 'no' } | { want: 'paused'; until?: DateTime };

const PAUSED = /^paused(?:\s+(?:until|till|to)\s+(.+))?$/i;

/** `Yes`, `No`, `Paused`, or `Paused until 2027-01-10` (a date in the group's time zone; the pause ends then). */
export function introsChoice<N extends boolean = false>(
  header: string,
  opts: Options<N> = {},
): Column<IntrosChoice, N> {
  return make(
    header,
    opts,
    (zone) =>
      anyCell.transform((cell, ctx): IntrosChoice => {
        const yesNo = parseYesNo(cell);
        if (yesNo !== undefined) return { want: yesNo ? 'yes' : 'no' };
        const paused = PAUSED.exec(cellText(cell).trim());
        const until = paused?.[1] === undefined ? undefined : parseDateText(paused[1], zone);
        if (paused && (paused[1] === undefined || until))
          return until ? { want: 'paused', until } : { want: 'paused' };
        ctx.addIssue({
          code: 'custom',
          message: `"${cellText(cell)}" is not Yes, No, Paused or Paused until a date: type one like Paused until 2027-01-10`,
        });
        return z.NEVER;
      }),
    (value, zone) => ({
      text:
        value.want === 'paused'
          ? value.until
            ? `Paused until ${value.until.setZone(zone).toISODate()}`
            : 'Paused'
          : value.want === 'yes'
            ? 'Yes'
            : 'No',
    }),
    ['Yes', 'No', 'Paused'],
  );
}
