/*
 * What makes an address well formed, shared by the JavaScript matcher
 * (lib/access/domains.ts) and the SQL of the users table's derived columns
 * (lib/db/schema.ts). PostgreSQL's regular expressions accept these sources
 * as they are; bounded repeats such as {0,61} are avoided because they make
 * PostgreSQL's matcher ten times slower. No imports: drizzle-kit reads this.
 */

/** Local part: RFC 5322 "atext" with inner dots. */
export const LOCAL_PART =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Labels of letters, digits and inner hyphens, so punycode labels (xn--…) pass. */
const LABEL = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";
export const ASCII_DOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
/** A letter beyond ASCII (C1 control characters excluded). */
export const NON_ASCII = /[\u00a0-\uffff]/;
/** With NON_ASCII: an international domain not yet converted, no empty labels. */
export const INTERNATIONAL_DOMAIN =
  /^([a-z0-9-]|[\u00a0-\uffff])+(\.([a-z0-9-]|[\u00a0-\uffff])+)*$/;
/** The longest domain name DNS allows. */
export const MAX_DOMAIN_LENGTH = 253;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The stored form of an address in SQL: trimmed, and lower-cased in the "C"
 * collation, which changes only A-Z. Under the database's own collation
 * lower() may turn a letter beyond ASCII into an ASCII one (the dotted
 * capital I becomes a plain i), and an address like x@hscn\u0130.net would
 * then pass for hscni.net. With "C" every character beyond ASCII stays as
 * written, so what kind of address it is gets decided on the raw string.
 */
function addressSql(column: string): string {
  return `lower(btrim(${column}) collate "C")`;
}

/** SQL for the address's domain: after the @, lower-cased, one trailing dot dropped. */
export function emailDomainSql(column: string): string {
  const after = `split_part(${addressSql(column)}, '@', 2)`;
  return `case when right(${after}, 1) = '.' then left(${after}, -1) else ${after} end`;
}

/**
 * SQL for what kind of address it is: `ascii` (well formed, plain ASCII
 * domain), `international` (well formed, domain not yet in punycode, which
 * SQL cannot convert) or `invalid`. Mirrors canonicalDomain() in domains.ts.
 */
export function emailKindSql(column: string): string {
  const address = addressSql(column);
  const domain = `(${emailDomainSql(column)})`;
  return `case
    when not (${address} like '%@%' and ${address} not like '%@%@%'
      and split_part(${address}, '@', 1) ~ ${literal(LOCAL_PART.source)}
      and length(${domain}) <= ${MAX_DOMAIN_LENGTH}) then 'invalid'
    when ${domain} ~ ${literal(ASCII_DOMAIN.source)} then 'ascii'
    when ${domain} ~ ${literal(NON_ASCII.source)}
      and ${domain} ~ ${literal(INTERNATIONAL_DOMAIN.source)} then 'international'
    else 'invalid' end`;
}
