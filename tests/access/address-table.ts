import type { RuleLike } from "@/lib/access/domains";

/** The default rules, plus a more specific one under nhs.uk. */
export const rules: RuleLike[] = [
  { id: 1, suffix: "nhs.net" },
  { id: 2, suffix: "nhs.uk" },
  { id: 3, suffix: "nhs.scot" },
  { id: 4, suffix: "hscni.net" },
  { id: 5, suffix: "mft.nhs.uk" },
];

/** [address, expected rule suffix | "none" | "invalid"] */
export const addressTable: [string, string][] = [
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
  // Dotted capital I (U+0130): some collations lower-case it to a plain i, so
  // SQL must decide on the address as written; in IDNA it keeps its dot.
  ["x@hscn\u0130.net", "none"],
  ["x@HSCN\u0130.NET", "none"],
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
  // Kelvin sign (U+212A) lower-cases to a plain k: a local part beyond ASCII
  // is refused as written, not after lower-casing.
  ["\u212a@nhs.net", "invalid"],
  ["jane@nhs net", "invalid"],
];
