import { describe, expect, it } from "vitest";
import { addDomainRuleInput, matchDomain } from "@/lib/access/domains";

const rules = [
  { id: 1, suffix: "nhs.net" },
  { id: 2, suffix: "nhs.uk" },
  { id: 3, suffix: "nhs.scot" },
  { id: 4, suffix: "hscni.net" },
  { id: 5, suffix: "mft.nhs.uk" },
];

// [address, expected rule suffix | "none" | "invalid"]
const table: [string, string][] = [
  ["jane.doe@nhs.net", "nhs.net"],
  ["Jane.Doe@NHS.NET", "nhs.net"],
  ["  jane@nhs.net  ", "nhs.net"],
  ["jane@nhs.net.", "nhs.net"],
  ["jane@x.nhs.net", "nhs.net"],
  ["jane@a.b.nhs.net", "nhs.net"],
  ["jane@nhs.uk", "nhs.uk"],
  ["jane@leeds.nhs.uk", "nhs.uk"],
  ["jane@mft.nhs.uk", "mft.nhs.uk"],
  ["jane@ward.mft.nhs.uk", "mft.nhs.uk"],
  ["jane@nhs.scot", "nhs.scot"],
  ["jane@hscni.net", "hscni.net"],
  ["jane@notnhs.net", "none"],
  ["jane@nhs.net.example.com", "none"],
  ["jane@nhs.netx", "none"],
  ["jane@nhs.uk.evil.com", "none"],
  ["jane@gmail.com", "none"],
  // Cyrillic е (U+0435) and о (U+043E): punycode labels, never the ASCII rule.
  ["jane@nhs.n\u0435t", "none"],
  ["jane@nhs.sc\u043et", "none"],
  ["jane@x.nh\u0455.net", "none"],
  // Fullwidth letters are the same letters under IDNA (UTS #46) and map to
  // ASCII; the automatic run still leaves any non-ASCII domain to an admin.
  ["jane@\uff4e\uff48\uff53.net", "nhs.net"],
  ["jane@nhs.net..", "invalid"],
  ["jane@@nhs.net", "invalid"],
  ["jane@doe@nhs.net", "invalid"],
  ["jane@", "invalid"],
  ["@nhs.net", "invalid"],
  ["jane", "invalid"],
  ["", "invalid"],
  ["   ", "invalid"],
  ["jane@.nhs.net", "invalid"],
  ["jane@x..nhs.net", "invalid"],
  ["jane@-x.nhs.net", "invalid"],
  ["jane@x_y.nhs.net", "invalid"],
  ["ja ne@nhs.net", "invalid"],
  ["jane..doe@nhs.net", "invalid"],
  ["jane@nhs net", "invalid"],
];

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
