import { describe, expect, it } from "vitest";
import {
  invitationMerger,
  type LeadForMail,
  renderInvitation,
} from "@/lib/campaigns/mail";
import "./helpers";

const campaign = {
  id: 7,
  name: "Spring review",
  deadlineAt: new Date("2027-03-05T23:59:59Z"),
};

function lead(values: Partial<LeadForMail>): LeadForMail {
  return {
    linkId: 41,
    leadId: 3,
    organisationId: 9,
    leadName: "Siân O'Brien",
    leadEmail: "sian@nhs.net",
    organisationName: 'Smith & "Sons" <Ltd>',
    userCount: 12,
    ...values,
  };
}

/** The invisible filler after the preview line, whose length follows the preview's. */
const withoutPreviewPadding = (html: string) =>
  html.replace(/<div>[\s\u00a0\u200b-\u200f\ufeff]*<\/div>/u, "<div></div>");

describe("invitation mail merge", () => {
  it("gives exactly what a direct render gives, for awkward names and any size", async () => {
    const merge = invitationMerger(campaign);
    const leads = [
      lead({}),
      lead({ linkId: 42, leadName: "Zoë <b>Bold</b>", organisationName: "A’s GP & Co" }),
      lead({ linkId: 43, userCount: 1 }),
    ];
    for (const one of leads) {
      const merged = await merge(one);
      const direct = await renderInvitation(campaign, one);
      expect(merged.subject).toBe(direct.subject);
      expect(merged.text).toBe(direct.text);
      expect(withoutPreviewPadding(merged.html)).toBe(withoutPreviewPadding(direct.html));
      expect(merged.html).toContain("&amp;");
    }
  });
});
