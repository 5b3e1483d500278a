import { a1, type Cell, cellText, normalizeHeader } from './cells.js';
import { isEmailAddress, normalizeEmail } from './emails.js';
import { JOIN_FIELDS } from './forms/index.js';
import type { CellUpdate, GridReader } from './grid.js';
import { columnNames, type MaintenanceRow, rowCells } from './maintenance.js';
import { userIdsIn } from './slack-ids.js';
import { MembersTab, OutboxTab } from './tabs/index.js';
import type { Workbook } from './workbook.js';

/** What a forgotten name (and the Name of their Members row) reads afterwards. */
export const FORGOTTEN = '(forgotten)';

export interface ForgetOptions {
  /** Work out and report the changes, but write nothing. */
  dryRun?: boolean;
}

export interface ForgetChange {
  /** 0-based row and column, as in the GridStore. */
  row: number;
  column: number;
  /** Where, like `Members!B4`. */
  a1: string;
  /** The column's header, for the report. */
  header: string;
  /** The cell afterwards; `''` when emptied. The old value is never reported. */
  after: string;
}

export interface ForgetTabReport {
  tab: string;
  /** Distinct rows touched. */
  rows: number;
  changes: ForgetChange[];
}

export interface ForgetReport {
  /** The address forgotten, lower case. */
  email: string;
  /** Member IDs of their Members rows, which stay (with Name `(forgotten)`, Status Left) so IDs elsewhere hold. */
  memberIds: string[];
  /** How many Slack IDs and names were found for them (the values themselves are not reported). */
  slackIds: number;
  names: number;
  /** Tabs looked at: every tab of the spreadsheet. */
  tabsScanned: number;
  /** Only tabs with something to change, in spreadsheet order. */
  tabs: ForgetTabReport[];
  /** Cells changed (or, in a dry run, to change). */
  changed: number;
  /** Rows left as they were: moved away, gone or edited between the read and the write. Run it again. */
  notChanged: { tab: string; row: number; reason: string }[];
  /** False in a dry run, and when there was nothing to change. */
  written: boolean;
  /** After writing, cells that still hold the email or a Slack ID (written meanwhile): run it again. */
  leftovers: string[];
}

/** Headers under which a row's own person is named: a name there belongs to that row's person. */
const NAME_HEADERS = new Set(
  [MembersTab.columns.name.header, JOIN_FIELDS.name.title, ...JOIN_FIELDS.name.aliases].map(normalizeHeader),
);
const SLACK_ID_HEADERS = new Set(['slackid', 'slackuserid', 'slackmemberid']);
const FORM_RESPONSES = /^form responses\b/i;
/**
 * Erases a person from every tab of the spreadsheet (layout().tabs: Hearth's tabs, the archives, the forms'
 * "Form responses" tabs and any tab an organizer added). Their Members row (found by email, ignoring case)
 * gives their Slack ID and name. In every cell of every row below the header:
 * - a cell that is their email (any case) or their Slack ID becomes empty; one containing it has it replaced
 *   with `(forgotten)` (so `email:ada@example.org` in Outbox becomes `email:(forgotten)`);
 * - their name is replaced likewise (a cell that is their name becomes `(forgotten)`) in their own rows (rows
 *   holding their email or Slack ID) and, for a full name of two words or more, in text anywhere, except in
 *   another row's own name column (another member called the same keeps their name);
 * - their Members row stays, so its Member ID still links RSVPs and Audit, with Name `(forgotten)`,
 *   Email, Slack ID, Interests, Source and Notes emptied and Status Left;
 * - in the forms' response tabs, their rows are emptied but for `(forgotten)` in the name column, Timestamp
 *   included, so the writer's sweep does not take the changed row for a new response;
 * - messages to them still Scheduled in Outbox are Cancelled.
 * One layout and one read; then one maintenance write (Workbook.maintain: the rows read again, found by their ID
 * or their cells wherever an organizer moved them, and one write); then one read to check that no trace is left.
 * A row edited or deleted meanwhile is left as it is and reported. Running it again changes nothing.
 */
export async function forget(
  store: GridReader,
  workbook: Workbook,
  email: string,
  options: ForgetOptions = {},
): Promise<ForgetReport> {
  const wanted = normalizeEmail(email);
  if (!isEmailAddress(wanted)) throw new Error(`"${email}" is not an email address`);
  const titles = (await store.layout()).tabs.map((t) => t.title);
  const grids = await store.readTabs(titles);
  const plan = planForget(titles, grids, wanted);
  const report: ForgetReport = {
    email: wanted,
    memberIds: plan.memberIds,
    slackIds: plan.slackIds.length,
    names: plan.names.length,
    tabsScanned: titles.length,
    tabs: plan.tabs,
    changed: plan.updates.length,
    notChanged: [],
    written: false,
    leftovers: [],
  };
  if (options.dryRun || plan.updates.length === 0) return report;
  const rows = maintenanceRows(grids, plan.updates);
  const done = await workbook.maintain({ rows: [...rows.keys()] });
  for (const { row, reason } of done.skipped) {
    const at = rows.get(row) as { tab: string; row: number };
    report.notChanged.push({ tab: at.tab, row: at.row + 1, reason });
    // What was not written is not reported as changed.
    for (const tab of report.tabs) {
      if (tab.tab !== at.tab) continue;
      tab.changes = tab.changes.filter((change) => change.row !== at.row);
      tab.rows--;
    }
  }
  report.tabs = report.tabs.filter((tab) => tab.changes.length > 0);
  report.changed = report.tabs.reduce((n, tab) => n + tab.changes.length, 0);
  report.written = report.changed > 0;
  const after = await store.readTabs(titles);
  const matcher = identifierMatcher(wanted, plan.slackIds);
  for (const tab of titles) {
    (after.get(tab) ?? []).forEach((cells, row) => {
      cells.forEach((cell, column) => {
        if (typeof cell === 'string' && matcher.test(cell)) report.leftovers.push(a1(tab, row + 1, column));
      });
    });
  }
  return report;
}

/** The changes per row, each row named by what was read (its ID, else its cells), with where it was read. */
function maintenanceRows(
  grids: ReadonlyMap<string, readonly (readonly Cell[])[]>,
  updates: readonly CellUpdate[],
): Map<MaintenanceRow, { tab: string; row: number }> {
  const rows = new Map<string, MaintenanceRow>();
  const at = new Map<MaintenanceRow, { tab: string; row: number }>();
  for (const update of updates) {
    const key = `${update.tab}\u0000${update.row}`;
    const grid = grids.get(update.tab) ?? [];
    const header = grid[0] ?? [];
    let row = rows.get(key);
    if (!row) {
      row = { tab: update.tab, row: rowCells(header, grid[update.row] ?? []), set: {} };
      rows.set(key, row);
      at.set(row, { tab: update.tab, row: update.row });
    }
    const name = columnNames(header, update.column + 1)[update.column] as string;
    (row.set as Record<string, CellUpdate['value']>)[name] = update.value;
  }
  return at;
}

interface ForgetPlan {
  memberIds: string[];
  slackIds: string[];
  names: string[];
  tabs: ForgetTabReport[];
  updates: CellUpdate[];
}

/** The changes `forget` makes, worked out from every tab's cells; pure. */
export function planForget(
  titles: readonly string[],
  grids: ReadonlyMap<string, readonly (readonly Cell[])[]>,
  email: string,
): ForgetPlan {
  const wanted = normalizeEmail(email);
  const members = grids.get(MembersTab.name) ?? [];
  const memberColumns = columnsOf(members[0] ?? [], {
    id: MembersTab.columns.memberId.header,
    name: MembersTab.columns.name.header,
    email: MembersTab.columns.email.header,
    slackId: MembersTab.columns.slackId.header,
    status: MembersTab.columns.status.header,
    interests: MembersTab.columns.interests.header,
    source: MembersTab.columns.source.header,
    notes: MembersTab.columns.notes.header,
  });
  const memberRows = new Set<number>();
  if (memberColumns.email !== undefined) {
    const column = memberColumns.email;
    members.forEach((cells, row) => {
      if (row > 0 && normalizeEmail(cellText(cells[column])) === wanted) memberRows.add(row);
    });
  }

  // Their own rows: where a column made for an email or a Slack ID holds theirs (a Greeter or Reporter
  // column naming them does not make the row theirs). Slack IDs come from their Members rows and from the
  // Slack ID column of rows that are theirs by email (RSVPs, Leaders).
  const slackIds = new Set<string>();
  const addSlackIds = (cell: Cell | undefined) => {
    const value = cellText(cell).trim();
    // Slack user IDs (see slack-ids.ts); anything else in a Slack ID cell is ignored.
    for (const found of userIdsIn(value)) slackIds.add(found);
  };
  for (const row of memberRows) {
    if (memberColumns.slackId !== undefined) addSlackIds(members[row]?.[memberColumns.slackId]);
  }
  const identityColumns = new Map<string, { emails: number[]; slackIds: number[] }>();
  for (const tab of titles) {
    const headers = (grids.get(tab)?.[0] ?? []).map(normalizeHeader);
    identityColumns.set(tab, {
      emails: headers.flatMap((h, i) => (h.includes('email') ? [i] : [])),
      slackIds: headers.flatMap((h, i) => (SLACK_ID_HEADERS.has(h) ? [i] : [])),
    });
  }
  const ownRows = (tab: string): Set<number> => {
    const rows = new Set<number>();
    const { emails, slackIds: idColumns } = identityColumns.get(tab) ?? { emails: [], slackIds: [] };
    (grids.get(tab) ?? []).forEach((cells, row) => {
      if (row === 0) return;
      const byEmail = emails.some((c) => normalizeEmail(cellText(cells[c])) === wanted);
      const byId = idColumns.some((c) => slackIds.has(cellText(cells[c]).trim()));
      if (byEmail || byId) rows.add(row);
    });
    if (tab === MembersTab.name) for (const row of memberRows) rows.add(row);
    return rows;
  };
  for (const tab of titles) {
    const { slackIds: idColumns } = identityColumns.get(tab) as { slackIds: number[] };
    const grid = grids.get(tab) ?? [];
    for (const row of ownRows(tab)) for (const c of idColumns) addSlackIds(grid[row]?.[c]);
  }
  const own = new Map(titles.map((tab) => [tab, ownRows(tab)]));
  const names = new Set<string>();
  for (const tab of titles) {
    const grid = grids.get(tab) ?? [];
    const nameColumns = (grid[0] ?? []).flatMap((cell, i) =>
      NAME_HEADERS.has(normalizeHeader(cell)) ? [i] : [],
    );
    for (const row of own.get(tab) ?? []) {
      for (const column of nameColumns) {
        const name = cellText(grid[row]?.[column]).trim().replace(/\s+/g, ' ');
        if (name.length >= 2 && name !== FORGOTTEN && !isEmailAddress(name)) names.add(name);
      }
    }
  }
  const scrubber = makeScrubber(wanted, [...slackIds], [...names]);

  const outboxColumns = columnsOf(grids.get(OutboxTab.name)?.[0] ?? [], {
    to: OutboxTab.columns.to.header,
    status: OutboxTab.columns.status.header,
  });
  /** Outbox `To`: `email:<address>` or a Slack ID. */
  const toThem = (cell: Cell | undefined) => {
    const to = cellText(cell).trim();
    return slackIds.has(to) || normalizeEmail(to.replace(/^email:/i, '')) === wanted;
  };
  const updates: CellUpdate[] = [];
  const tabs: ForgetTabReport[] = [];
  const memberIds: string[] = [];
  for (const tab of titles) {
    const grid = grids.get(tab) ?? [];
    const header = grid[0] ?? [];
    const headers = header.map(normalizeHeader);
    const mine = own.get(tab) ?? new Set<number>();
    const isForm = FORM_RESPONSES.test(tab);
    const changes: ForgetChange[] = [];
    const rowsTouched = new Set<number>();
    const set = (row: number, column: number, before: Cell | undefined, after: string) => {
      const now = before === null || before === undefined ? '' : cellText(before);
      if (now === after) return;
      updates.push({
        tab,
        row,
        column,
        value: after === '' ? { empty: true } : { text: after },
      });
      const title = cellText(header[column]).trim() || `column ${column + 1}`;
      changes.push({ row, column, a1: a1(tab, row + 1, column), header: title, after });
      rowsTouched.add(row);
    };

    grid.forEach((cells, row) => {
      if (row === 0) return;
      const theirs = mine.has(row);
      const fixed = new Map<number, string>();
      if (tab === MembersTab.name && memberRows.has(row)) {
        const c = memberColumns;
        if (c.id !== undefined) {
          const id = cellText(cells[c.id]).trim();
          if (id) memberIds.push(id);
        }
        if (c.name !== undefined) fixed.set(c.name, FORGOTTEN);
        for (const column of [c.email, c.slackId, c.interests, c.source, c.notes]) {
          if (column !== undefined) fixed.set(column, '');
        }
        if (c.status !== undefined) fixed.set(c.status, 'Left');
      }
      const { to, status } = outboxColumns;
      if (tab === OutboxTab.name && to !== undefined && status !== undefined && toThem(cells[to])) {
        if (cellText(cells[status]).trim().toLowerCase() === 'scheduled') fixed.set(status, 'Cancelled');
      }
      for (const [column, value] of fixed) set(row, column, cells[column], value);
      cells.forEach((cell, column) => {
        if (fixed.has(column) || cell === null || cell === '') return;
        const nameColumn = NAME_HEADERS.has(headers[column] ?? '');
        // Their form responses go, Timestamp too: the writer's sweep skips a row without one, where it would
        // take a changed row with a Timestamp for a new response.
        if (isForm && theirs) {
          set(row, column, cell, nameColumn ? FORGOTTEN : '');
          return;
        }
        if (typeof cell !== 'string') return;
        const scrubbed = scrubber(cell, { ownRow: theirs, nameColumn });
        if (scrubbed !== undefined) set(row, column, cell, scrubbed);
      });
    });
    if (changes.length > 0) tabs.push({ tab, rows: rowsTouched.size, changes });
  }
  return { memberIds, slackIds: [...slackIds], names: [...names], tabs, updates };
}

/** Finds text holding the email (any case, not as part of a longer address) or one of the Slack IDs. */
function identifierMatcher(email: string, slackIds: readonly string[]): { test(text: string): boolean } {
  const emailRe = new RegExp(emailPattern(email), 'i');
  const slackRe = slackIds.length > 0 ? new RegExp(slackIds.map(slackPattern).join('|')) : undefined;
  return { test: (text) => emailRe.test(text) || (slackRe?.test(text) ?? false) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Not inside a longer address: `bob@x.org` is not found in `jimbob@x.org` or `bob@x.org.uk`. */
function emailPattern(email: string): string {
  return `(?<![\\w.%+-])${escapeRegExp(email)}(?![\\w-]|\\.\\w)`;
}

/** Not inside a longer ID: `U1` is not found in `U12`. */
function slackPattern(id: string): string {
  return `(?<![A-Za-z0-9])${escapeRegExp(id)}(?![A-Za-z0-9])`;
}

function namePattern(name: string): string {
  return `(?<![\\p{L}\\p{N}])${name.split(' ').map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`;
}

/**
 * The cell's new text, or undefined when it has nothing of theirs. A cell that is the email or a Slack ID
 * becomes empty, one that is the name `(forgotten)`; inside text each becomes `(forgotten)`.
 */
function makeScrubber(
  email: string,
  slackIds: readonly string[],
  names: readonly string[],
): (cell: string, where: { ownRow: boolean; nameColumn: boolean }) => string | undefined {
  const emailRe = new RegExp(emailPattern(email), 'gi');
  const slackRes = slackIds.map((id) => new RegExp(slackPattern(id), 'g'));
  // Longest first, so "Ada King Lovelace" goes whole before "Ada King" could take part of it.
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const nameRes = sorted.map((name) => ({
    full: name.includes(' '),
    equal: name.toLowerCase(),
    re: new RegExp(namePattern(name), 'giu'),
  }));
  return (cell, { ownRow, nameColumn }) => {
    const trimmed = cell.trim();
    if (normalizeEmail(trimmed) === email || slackIds.includes(trimmed)) return '';
    // Another row's own name column names that row's person, even when they share the name.
    const applicable = nameRes.filter((n) => ownRow || (n.full && !nameColumn));
    const squeezed = trimmed.replace(/\s+/g, ' ').toLowerCase();
    if (applicable.some((n) => n.equal === squeezed)) return FORGOTTEN;
    let out = cell.replace(emailRe, FORGOTTEN);
    for (const re of slackRes) out = out.replace(re, FORGOTTEN);
    for (const n of applicable) out = out.replace(n.re, FORGOTTEN);
    return out === cell ? undefined : out;
  };
}

function columnsOf<K extends string>(
  header: readonly Cell[],
  wanted: Record<K, string>,
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [key, name] of Object.entries(wanted) as [K, string][]) {
    const at = header.findIndex((cell) => normalizeHeader(cell) === normalizeHeader(name));
    if (at >= 0) out[key] = at;
  }
  return out;
}
