import type { Page } from "playwright-core";
import { inject } from "vitest";
import { fixture } from "./fixture";
import { mailCount, waitForLink } from "./mail";
import "./context";

/**
 * Signs the fixture's admin in through the emailed link, as a person would,
 * and leaves the page on the campaigns list. Only a sign-in mail sent after
 * the request counts: earlier spec files' links are already used.
 */
export async function signInAsAdmin(page: Page): Promise<void> {
  const appUrl = inject("appUrl");
  await page.goto(`${appUrl}/sign-in`);
  const since = await mailCount();
  await page.getByLabel("Email address").fill(fixture.admin);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await page.waitForURL(/\/sign-in\/check-email/);
  const link = await waitForLink(fixture.admin, /sign in/i, `${appUrl}/sign-in/confirm`, {
    since,
  });
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/admin\/campaigns$/);
}
