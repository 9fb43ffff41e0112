/**
 * Why an address cannot be sent to, or null when it looks deliverable. The
 * worker fails such messages at once with this reason instead of retrying
 * them, and the admin sees it beside the lead.
 */
export function addressProblem(address: string): string | null {
  const value = address.trim();
  if (value.length === 0) return "The email address is blank.";
  if (value.length > 254) return "The email address is longer than 254 characters.";
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) {
    return `“${value}” is not an email address: it needs a name, an @ and a domain.`;
  }
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!localPartOk(local)) return `“${value}” is not a valid email address.`;
  if (!domainOk(domain)) return `“${value}” does not have a valid domain after the @.`;
  return null;
}

const localChars = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/i;
const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function localPartOk(local: string): boolean {
  if (local.length > 64 || !localChars.test(local)) return false;
  return !local.startsWith(".") && !local.endsWith(".") && !local.includes("..");
}

function domainOk(domain: string): boolean {
  const labels = domain.replace(/\.$/, "").split(".");
  if (labels.length < 2) return false;
  return labels.every((part) => label.test(part)) && /[a-z]/i.test(labels.at(-1) ?? "");
}
