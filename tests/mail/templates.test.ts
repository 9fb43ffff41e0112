import { describe, expect, it } from "vitest";
import { formatDeadline } from "@/lib/deadline";
import {
  renderAdminSignInEmail,
  renderLeadInvitationEmail,
  renderReminderEmail,
} from "@/lib/mail/templates";

const invitation = {
  leadName: "Siân Evans",
  organisationName: "Leeds Teaching Hospitals NHS Trust",
  campaignName: "Spring review",
  // 5 March 2027 is in GMT; the server's zone (America/New_York in tests) must not matter.
  deadline: formatDeadline(new Date("2027-03-05T23:59:59Z")),
  reviewUrl: "https://review.example.org/review/abc123_-XYZ",
  userCount: 17,
  supportEmail: "help@review.example.org",
};

describe("lead invitation", () => {
  it("carries the deadline in UK time, the link and the support address in HTML and text", async () => {
    const email = await renderLeadInvitationEmail(invitation);
    expect(invitation.deadline).toBe("23:59 on Friday 5 March 2027 (UK time)");
    for (const part of [email.html, email.text]) {
      expect(part).toContain("23:59 on Friday 5 March 2027 (UK time)");
      expect(part).toContain("https://review.example.org/review/abc123_-XYZ");
      expect(part).toContain("help@review.example.org");
      expect(part).toContain("Leeds Teaching Hospitals NHS Trust");
    }
    expect(email.html).toContain('href="https://review.example.org/review/abc123_-XYZ"');
    expect(email.html).toContain('href="mailto:help@review.example.org"');
    expect(email.subject).toContain("Leeds Teaching Hospitals NHS Trust");
  });

  it("explains what to check, sharing, why, and what happens, in the text part", async () => {
    const { text } = await renderLeadInvitationEmail(invitation);
    expect(text).toContain("I'm employed by");
    expect(text).toContain("My role is");
    expect(text).toMatch(/Works here.*No longer works here.*I don't know this person/s);
    expect(text).toMatch(/come back/);
    expect(text).toMatch(/trust/);
    expect(text).toMatch(/responsible/);
    expect(text).toMatch(/pays for subscriber access/);
    expect(text).toMatch(/non-subscriber access/);
    expect(text).toMatch(/undone/);
    expect(text).toContain("17 people");
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it("escapes names so they cannot inject markup", async () => {
    const { html } = await renderLeadInvitationEmail({
      ...invitation,
      leadName: '<img src=x onerror="alert(1)">',
    });
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img");
  });
});

describe("reminder", () => {
  it("says how many are still waiting and how long is left", async () => {
    const email = await renderReminderEmail({ ...invitation, remaining: 5, daysLeft: 3 });
    // React separates adjacent text with comment markers; the reader never sees them.
    const visibleHtml = email.html.replace(/<!-- -->/g, "");
    for (const part of [visibleHtml, email.text]) {
      expect(part).toContain("5 of 17 people");
      expect(part).toContain("in 3 days");
      expect(part).toContain(invitation.deadline);
      expect(part).toContain(invitation.reviewUrl);
      expect(part).toContain(invitation.supportEmail);
    }
    expect(email.subject).toMatch(/closes in 3 days/);
  });

  it("says today on the day", async () => {
    const email = await renderReminderEmail({ ...invitation, remaining: 1, daysLeft: 0 });
    expect(email.subject).toMatch(/closes today/);
    expect(email.text).toContain("1 of 17 people");
    expect(email.text).toContain("still needs a response");
  });
});

describe("admin sign-in", () => {
  it("carries the link and host in both parts", async () => {
    const url =
      "http://localhost:3000/admin/sign-in/confirm?token=t0k&email=a%40example.org";
    const email = await renderAdminSignInEmail({ url, host: "localhost:3000" });
    expect(email.text).toContain(url);
    expect(email.html).toContain(url.replace(/&/g, "&amp;"));
    expect(email.subject).toContain("localhost:3000");
  });
});
