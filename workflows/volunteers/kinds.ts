/** Outbox kinds of volunteers' shifts (README "Volunteers"). About: `ER-1 M-7` and what happened. */
export const SHIFT_KINDS = {
  confirmed: 'shift.confirmed',
  backup: 'shift.backup',
  dropped: 'shift.dropped',
  promoted: 'shift.promoted',
  ask: 'shift.ask',
  offer: 'shift.offer',
  offerUpdate: 'shift.offer-update',
  taken: 'shift.taken',
  released: 'shift.released',
  reminder: 'shift.reminder',
  start: 'shift.start',
  reply: 'shift.reply',
} as const;
export type ShiftKind = (typeof SHIFT_KINDS)[keyof typeof SHIFT_KINDS];

/** The buttons of shifts; each value is the Role ID, Take this shift's `ER-1 M-7` (the role, the offerer). */
export const SHIFT_ACTIONS = {
  help: 'shift:help',
  cant: 'shift:cant',
  swap: 'shift:swap',
  take: 'shift:take',
} as const;
export type ShiftAction = keyof typeof SHIFT_ACTIONS;

/** `ER-1 M-7 1 day` → its parts; undefined for anything else. */
export function parseShiftAbout(
  about: string | undefined,
): { roleId: string; memberId: string; rest: string } | undefined {
  const m = /^(ER-\d+) (M-\d+)(?: (.*))?$/.exec((about ?? '').trim());
  return m ? { roleId: m[1] as string, memberId: m[2] as string, rest: m[3] ?? '' } : undefined;
}

export const shiftAbout = (roleId: string, memberId: string, rest?: string) =>
  [roleId, memberId, rest].filter(Boolean).join(' ');
