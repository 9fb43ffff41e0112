import { inject } from "vitest";
import "./context";

export interface SentMail {
  to: string[];
  subject: string;
  html?: string;
  text?: string;
}

export interface WaitOptions {
  /**
   * Only messages accepted after this many (from `mailCount()` taken before
   * the action): spec files share one fake, so an older message to the same
   * person, such as a used sign-in link, must not be mistaken for the new one.
   */
  since?: number;
  timeoutMs?: number;
}

/** Every message the fake Resend API has accepted so far, oldest first. */
export async function sentMail(): Promise<SentMail[]> {
  const response = await fetch(inject("mailControlUrl"));
  return (await response.json()) as SentMail[];
}

/** How many messages the fake has accepted so far; pass it on as `since`. */
export async function mailCount(): Promise<number> {
  return (await sentMail()).length;
}

/** Waits for the newest message (after `since`) that `match` accepts. */
export async function waitForMail(
  match: (mail: SentMail) => boolean,
  { since = 0, timeoutMs = 20_000 }: WaitOptions = {},
): Promise<SentMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = (await sentMail()).slice(since).filter(match).at(-1);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No matching mail within ${timeoutMs} ms (after message ${since})`);
}

/** The first link in a message's text part that starts with `prefix`. */
export function linkIn(mail: SentMail, prefix: string): string | undefined {
  return mail.text?.match(/https?:\/\/\S+/g)?.find((link) => link.startsWith(prefix));
}

/**
 * Waits for a message to `to` whose subject matches, and returns the first
 * link in its text part that starts with `prefix`.
 */
export async function waitForLink(
  to: string,
  subject: RegExp,
  prefix: string,
  options: WaitOptions = {},
): Promise<string> {
  const mail = await waitForMail(
    (m) => m.to.includes(to) && subject.test(m.subject) && !!linkIn(m, prefix),
    options,
  ).catch(() => {
    throw new Error(`No mail to ${to} matching ${subject} with a ${prefix} link`);
  });
  return linkIn(mail, prefix) as string;
}
