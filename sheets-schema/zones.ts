/**
 * One time zone under two spellings is one zone: Google may keep `UTC` as `Etc/UTC` or `Etc/GMT`, and IANA has
 * links like Asia/Calcutta → Asia/Kolkata. Compared by the name the platform's ICU resolves each to.
 */
export function sameZone(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  return canonicalZone(a) === canonicalZone(b);
}

/** The zone's canonical name (`Etc/UTC` → `UTC`); the name itself when it is not a zone. */
export function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}
