import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";

/**
 * The public data copied into data/ (see data/README.md). The app reads only
 * that folder, never the shared one it came from.
 */

export interface PublicOrganisation {
  code: string;
  name: string;
}

export interface PublicData {
  trusts: PublicOrganisation[];
  icbs: PublicOrganisation[];
  subIcbLocations: PublicOrganisation[];
  gpPractices: PublicOrganisation[];
  closedCcgs: PublicOrganisation[];
  roles: string[];
  /** Trust code -> website domain, e.g. R0A -> mft.nhs.uk. */
  trustDomains: Map<string, string>;
}

const dataDir = () => path.join(process.cwd(), "data");

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(dataDir(), file), "utf8");
  return parse(text, { bom: true, columns: true, skip_empty_lines: true });
}

const organisationsIn = (file: string): PublicOrganisation[] =>
  readCsv(file).map((row) => ({ code: row.code, name: row.name }));

export function readPublicData(): PublicData {
  const trustDomains = new Map<string, string>();
  for (const row of readCsv("nhs_trust_web_domains_2026.csv")) {
    if (row.web_domain && row.trust_status_etr2026 === "open") {
      trustDomains.set(row.code, row.web_domain.toLowerCase());
    }
  }
  return {
    trusts: organisationsIn("nhs_trusts_open_2026.csv"),
    icbs: organisationsIn("nhs_icbs_2026.csv"),
    subIcbLocations: organisationsIn("nhs_sub_icb_locations_open_2025.csv"),
    gpPractices: organisationsIn("nhs_gp_practices_sample_2025-09.csv"),
    closedCcgs: organisationsIn("nhs_ccgs_closed.csv"),
    roles: readCsv("roles.csv").map((row) => row.role),
    trustDomains,
  };
}

/** "NHS DARLINGTON CCG" -> "darlingtonccg.nhs.uk", the pattern CCGs used. */
export function ccgDomain(name: string): string {
  const place = name
    .replace(/^NHS\s+/i, "")
    .replace(/\s+CCG$/i, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  return `${place}ccg.nhs.uk`;
}
