/**
 * A project's roles, as organizers and proposers type them in `Roles needed`: `2 developers, 1 designer`.
 * Each role is named in the singular (a trailing plural s dropped when more than one is needed), so that the
 * button reads `Join as developer` and its value `P-1 developer` names the same role whatever was typed.
 */
export interface Role {
  /** `developer`, as the button and the Project members row name it. */
  name: string;
  /** How many places it has. */
  count: number;
}

/** At most this many places per role and roles per project: a typo must not make a thousand buttons. */
export const MAX_PLACES = 20;
export const MAX_ROLES = 10;
/** A role's name fits a button (`Join as …`, 75 characters in all) and its value. */
const MAX_NAME = 40;

/** `2 developers`, `2x developers`, `developers x2`, `developers (2)`, `developer`. */
const COUNTED = [
  /^(\d{1,3})\s*[x×]?\s+(.+)$/i,
  /^(\d{1,3})[x×](.+)$/i,
  /^(.+?)\s*(?:[x×:]\s*|\()(\d{1,3})\)?$/i,
];

function singular(name: string, count: number): string {
  if (count <= 1 || !/[^s]s$/i.test(name)) return name;
  return name.slice(0, -1);
}

function read(part: string): Role | undefined {
  const text = part.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  let count = 1;
  let name = text;
  for (const [i, pattern] of COUNTED.entries()) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [n, rest] = i < 2 ? [match[1], match[2]] : [match[2], match[1]];
    count = Number(n);
    name = (rest ?? '').trim();
    break;
  }
  name = singular(name.replace(/^(an?|one)\s+/i, ''), count)
    .slice(0, MAX_NAME)
    .trim();
  if (!name || count < 1) return undefined;
  return { name, count: Math.min(count, MAX_PLACES) };
}

/** The roles of `Roles needed`, in the order typed; the same role typed twice is one with both counts. */
export function parseRoles(text: string | undefined): Role[] {
  const roles: Role[] = [];
  for (const part of (text ?? '').split(/[,;\n]|\s+and\s+|\s+&\s+/i)) {
    const role = read(part);
    if (!role) continue;
    const same = roles.find((r) => sameRole(r.name, role.name));
    if (same) same.count = Math.min(same.count + role.count, MAX_PLACES);
    else if (roles.length < MAX_ROLES) roles.push(role);
  }
  return roles;
}

/** Roles compare without case and spacing: `UX designer` is `ux  Designer`. */
export function sameRole(a: string, b: string): boolean {
  const key = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return key(a) === key(b);
}

/** A role with the places it has left, for the announcement's buttons. */
export interface RoleOpening extends Role {
  taken: number;
  left: number;
}

/** Each role with how many places are taken by `holders` (the role of each current team member's row). */
export function openings(roles: readonly Role[], holders: readonly string[]): RoleOpening[] {
  return roles.map((role) => {
    const taken = holders.filter((held) => sameRole(held, role.name)).length;
    return { ...role, taken, left: Math.max(role.count - taken, 0) };
  });
}
