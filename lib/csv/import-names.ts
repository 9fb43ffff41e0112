/**
 * Public registers (ODS) publish names in capitals. For display they read
 * better in title case, with the acronyms people know kept as they are:
 * "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST" -> "Manchester University NHS
 * Foundation Trust". Names that already have lower-case letters are kept.
 */

const ACRONYMS = new Set([
  "NHS",
  "ICB",
  "ICS",
  "CCG",
  "GP",
  "UK",
  "PCN",
  "HSC",
  "CIC",
  "LLP",
  "PLC",
  "HIV",
  "UCL",
  "NW",
  "NE",
  "SE",
  "SW",
]);

const SMALL_WORDS = new Set([
  "and",
  "of",
  "the",
  "for",
  "in",
  "on",
  "at",
  "upon",
  "with",
  "by",
  "to",
  "under",
  "super",
  "le",
]);

export function displayOrganisationName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (/[a-z]/.test(trimmed)) return trimmed;
  return trimmed
    .split(" ")
    .map((word, index) => casedWord(word, index === 0))
    .join(" ");
}

function casedWord(word: string, first: boolean): string {
  // Joined words ("Stockton-on-Tees", "H&J") are cased part by part.
  return word
    .split(/([-&/])/)
    .map((part, index) => casedPart(part, first && index === 0))
    .join("");
}

function casedPart(part: string, first: boolean): string {
  const match = /^([^A-Z0-9]*)(.*?)([^A-Z0-9']*)$/.exec(part);
  if (!match) return part;
  const [, lead, core, tail] = match;
  return lead + casedCore(core, first && lead === "") + tail;
}

function casedCore(core: string, first: boolean): string {
  if (core === "") return core;
  if (ACRONYMS.has(core) || /\d/.test(core)) return core;
  const lower = core.toLowerCase();
  if (!first && SMALL_WORDS.has(lower)) return lower;
  return capitalise(lower);
}

function capitalise(lower: string): string {
  // O'Brien and D'Arcy, but King's and St Mary's.
  const apostrophe = /^([a-z])'([a-z]{2,})/.exec(lower);
  if (apostrophe) return `${apostrophe[1].toUpperCase()}'${upperFirst(lower.slice(2))}`;
  if (/^mc[a-z]{2,}/.test(lower)) return `Mc${upperFirst(lower.slice(2))}`;
  return upperFirst(lower);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
