import { domainToASCII } from "node:url";
import { z } from "zod";
import { emailDomain, normaliseEmail } from "@/lib/users/email";
import { ASCII_DOMAIN, LOCAL_PART, MAX_DOMAIN_LENGTH } from "@/lib/users/email-patterns";

/** A domain rule as the matcher needs it. */
export interface RuleLike {
  id: number;
  suffix: string;
}

export type DomainMatch<R extends RuleLike = RuleLike> =
  | { kind: "match"; domain: string; rule: R }
  | { kind: "no_match"; domain: string }
  | { kind: "invalid"; reason: string };

/** Anything beyond ASCII, written in the address itself rather than derived. */
const NON_ASCII_CHARACTER = /[\u0080-\uffff]/;

/** Drops one trailing dot: `nhs.net.` is the fully qualified nhs.net. */
function withoutTrailingDot(domain: string): string {
  return domain.endsWith(".") ? domain.slice(0, -1) : domain;
}

/**
 * The address's domain in canonical ASCII form (punycode for international
 * names), or why it is not a valid address.
 */
export function canonicalDomain(
  email: string,
): { ok: true; domain: string } | { ok: false; reason: string } {
  const address = normaliseEmail(email);
  if (address === "") return { ok: false, reason: "blank address" };
  const parts = address.split("@");
  if (parts.length !== 2) return { ok: false, reason: "not exactly one @" };
  // Checked as written: lower-casing can turn a letter beyond ASCII into an
  // ASCII one (the Kelvin sign becomes k), and SQL refuses it as written too.
  const written = email.trim().split("@")[0];
  if (NON_ASCII_CHARACTER.test(written) || !LOCAL_PART.test(parts[0])) {
    return { ok: false, reason: "odd local part" };
  }

  const raw = withoutTrailingDot(emailDomain(address));
  if (raw === "" || raw.split(".").some((label) => label === "")) {
    return { ok: false, reason: "empty label in domain" };
  }
  // UTS #46 mapping and punycode; "" when the name cannot be converted.
  const ascii = domainToASCII(raw);
  if (ascii === "" || ascii.length > MAX_DOMAIN_LENGTH)
    return { ok: false, reason: "odd domain" };
  if (!ASCII_DOMAIN.test(ascii)) {
    return { ok: false, reason: "odd characters in domain" };
  }
  return { ok: true, domain: ascii };
}

/** Whole labels: `nhs.net` covers nhs.net and x.nhs.net, never notnhs.net. */
export function domainCoveredBy(domain: string, suffix: string): boolean {
  return domain === suffix || domain.endsWith(`.${suffix}`);
}

/**
 * Which rule an address matches. Look-alike letters from other alphabets turn
 * into punycode labels (xn--…) and so never equal an ASCII suffix. When two
 * rules match (nhs.uk and mft.nhs.uk), the longer, more specific one wins.
 */
export function matchDomain<R extends RuleLike>(
  email: string,
  rules: R[],
): DomainMatch<R> {
  const canonical = canonicalDomain(email);
  if (!canonical.ok) return { kind: "invalid", reason: canonical.reason };

  const matching = rules
    .filter((rule) => domainCoveredBy(canonical.domain, rule.suffix))
    .sort((a, b) => b.suffix.length - a.suffix.length);
  return matching.length > 0
    ? { kind: "match", domain: canonical.domain, rule: matching[0] }
    : { kind: "no_match", domain: canonical.domain };
}

/** A suffix typed by an admin: trimmed, lower-case, no trailing dot, ASCII labels. */
export const ruleSuffix = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => withoutTrailingDot(value.replace(/^@|^\*?\./, "")))
  .transform((value) => domainToASCII(value) || value)
  .refine((value) => value.length > 0, "Enter a domain suffix, for example nhs.net.")
  .refine(
    (value) => value.length <= MAX_DOMAIN_LENGTH && ASCII_DOMAIN.test(value),
    "Enter a domain made of letters, digits and hyphens, with dots between parts.",
  );

export const addDomainRuleInput = z.object({
  suffix: ruleSuffix,
  label: z
    .string()
    .trim()
    .min(1, "Enter a label, for example NHSmail.")
    .max(120, "Keep the label under 120 characters."),
});
