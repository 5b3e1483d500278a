/** Something an organizer typed that Hearth cannot use; the row is skipped for the work that needs it. */
export interface Problem {
  tab: string;
  /** 1-based sheet row at read time (for people; writes never use it). */
  row: number;
  /** The cell, like `Events!C5`; the header row's address for a missing header. */
  a1: string;
  /** The column's header as the sheet spells it. */
  header: string;
  /** What is wrong and how to fix it, in an organizer's words. */
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.header ? `${p.a1}: ${p.header} ${p.message}` : `${p.a1}: ${p.message}`;
}
