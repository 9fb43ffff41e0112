import { describe, expect, it } from "vitest";
import { addDomainRuleInput, matchDomain } from "@/lib/access/domains";
import { rules, addressTable as table } from "./address-table";

describe("matchDomain", () => {
  it.each(table)("%j -> %s", (address, expected) => {
    const result = matchDomain(address, rules);
    if (expected === "invalid") expect(result.kind).toBe("invalid");
    else if (expected === "none") expect(result.kind).toBe("no_match");
    else {
      expect(result.kind).toBe("match");
      expect(result.kind === "match" && result.rule.suffix).toBe(expected);
    }
  });

  it("reports the canonical ASCII domain of a look-alike", () => {
    const result = matchDomain("jane@nhs.n\u0435t", rules);
    expect(result).toEqual({ kind: "no_match", domain: "nhs.xn--nt-nlc" });
  });

  it("says why an address is invalid", () => {
    expect(matchDomain("a@b@nhs.net", rules)).toEqual({
      kind: "invalid",
      reason: "not exactly one @",
    });
  });
});

describe("addDomainRuleInput", () => {
  it.each([
    [" NHS.Net. ", "nhs.net"],
    ["@nhs.uk", "nhs.uk"],
    ["*.nhs.scot", "nhs.scot"],
  ])("normalises %j to %s", (suffix, expected) => {
    const parsed = addDomainRuleInput.parse({ suffix, label: "NHS" });
    expect(parsed.suffix).toBe(expected);
  });

  it.each(["", "nhs..net", "nhs_net", "-nhs.net", "nhs net", "%.net"])(
    "refuses %j",
    (suffix) => {
      expect(addDomainRuleInput.safeParse({ suffix, label: "NHS" }).success).toBe(false);
    },
  );
});
