import { describe, expect, it } from "vitest";
import { displayOrganisationName } from "@/lib/csv/import-names";

describe("organisation names for display", () => {
  it.each([
    [
      "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",
      "Manchester University NHS Foundation Trust",
    ],
    ["NHS GREATER MANCHESTER ICB - 00T", "NHS Greater Manchester ICB - 00T"],
    ["NHS DARLINGTON CCG", "NHS Darlington CCG"],
    ["THE DENSHAM SURGERY", "The Densham Surgery"],
    [
      "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
      "Great Ormond Street Hospital for Children NHS Foundation Trust",
    ],
    [
      "NHS STAFFORDSHIRE AND STOKE-ON-TRENT ICB - 04Y",
      "NHS Staffordshire and Stoke-on-Trent ICB - 04Y",
    ],
    [
      "KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST",
      "King's College Hospital NHS Foundation Trust",
    ],
    ["O'BRIEN AND MCKENZIE GP PRACTICE", "O'Brien and McKenzie GP Practice"],
    ["LONDON - H&J COMMISSIONING HUB", "London - H&J Commissioning Hub"],
    ["UK HEALTH SECURITY AGENCY", "UK Health Security Agency"],
    ["  THE   OLD (WEST) SURGERY ", "The Old (West) Surgery"],
  ])("%s", (name, expected) => {
    expect(displayOrganisationName(name)).toBe(expected);
  });

  it("keeps a name that already has lower-case letters", () => {
    expect(displayOrganisationName("Alder Hey Children's NHS FT")).toBe(
      "Alder Hey Children's NHS FT",
    );
  });
});
