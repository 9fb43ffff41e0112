import { inject } from "vitest";
import "./context";

export interface SentMail {
  to: string[];
  subject: string;
  html?: string;
  text?: string;
}

/** Every message the fake Resend API has accepted so far. */
export async function sentMail(): Promise<SentMail[]> {
  const response = await fetch(inject("mailControlUrl"));
  return (await response.json()) as SentMail[];
}

/**
 * Waits for a message to `to` whose subject matches, and returns the first
 * link in its text part that starts with `prefix`.
 */
export async function waitForLink(
  to: string,
  subject: RegExp,
  prefix: string,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = (await sentMail())
      .filter((m) => m.to.includes(to) && subject.test(m.subject))
      .at(-1);
    const link = mail?.text?.match(/https?:\/\/\S+/g)?.find((l) => l.startsWith(prefix));
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No mail to ${to} matching ${subject} with a ${prefix} link`);
}
