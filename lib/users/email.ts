/**
 * The one way an email address is stored and compared: trimmed and lower-cased.
 * Every write and every lookup goes through here.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The part after the last @, normalised; empty when there is none. */
export function emailDomain(email: string): string {
  const normal = normaliseEmail(email);
  const at = normal.lastIndexOf("@");
  return at < 0 ? "" : normal.slice(at + 1);
}
