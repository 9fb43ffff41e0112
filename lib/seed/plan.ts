import { displayOrganisationName } from "@/lib/csv/import-names";
import type { AccessLevel } from "@/lib/db/schema";
import { ccgDomain, type PublicData, type PublicOrganisation } from "./data";
import { COMPANIES, FIRST_NAMES, PERSONAL_DOMAINS, SURNAMES } from "./people";
import { type Random, seededRandom } from "./random";

/**
 * The demo data as plain rows, built in memory from the public data and a
 * seeded generator: the same options give the same rows on every machine.
 */

export type OrganisationKind = "trust" | "icb" | "sub_icb" | "gp_practice" | "company";

export interface SeedOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  isSubscriber: boolean;
}

export interface SeedUser {
  email: string;
  fullName: string;
  organisationCode: string | null;
  role: string | null;
  accessLevel: AccessLevel;
  lastSignInAt: string | null;
}

export interface SeedLead {
  organisationCode: string;
  fullName: string;
  email: string;
}

export interface DemoPlan {
  organisations: SeedOrganisation[];
  roles: string[];
  users: SeedUser[];
  leads: SeedLead[];
}

export interface PlanOptions {
  /** 1 gives about 3,000 users, 2,000 of them at one trust; tests use less. */
  scale?: number;
  seed?: number;
  /** Last sign-in times are spread back from here. */
  now?: Date;
}

/** Manchester University NHS Foundation Trust: the one large subscriber. */
export const BIG_ORGANISATION_CODE = "R0A";
/** The Densham Surgery: a small subscriber whose lead gets the sample review link. */
export const DEMO_SMALL_ORGANISATION_CODE = "A81001";
const DEMO_SMALL_SIZE = 12;
const TOTAL_USERS = 3_000;
const BIG_USERS = 2_000;

/** How many of each kind subscribe, besides the two named above (at scale 1). */
const SUBSCRIBERS: Record<OrganisationKind, number> = {
  trust: 14,
  icb: 4,
  sub_icb: 3,
  gp_practice: 16,
  company: 2,
};

export function buildDemoPlan(data: PublicData, options: PlanOptions = {}): DemoPlan {
  const scale = options.scale ?? 1;
  const random = seededRandom(options.seed ?? 20_261_203);
  const context = newContext(data, random, options.now ?? new Date());

  const organisations = allOrganisations(data);
  chooseSubscribers(organisations, random, scale);
  const sizes = staffSizes(organisations, random, scale);
  const users = sizes.flatMap(([organisation, size]) =>
    Array.from({ length: size }, () => makeUser(context, organisation)),
  );
  const leads = organisations
    .filter((organisation) => organisation.isSubscriber)
    .flatMap((organisation) => makeLeads(context, organisation, users));
  return { organisations, roles: data.roles, users, leads };
}

function allOrganisations(data: PublicData): SeedOrganisation[] {
  const of = (kind: OrganisationKind) => (row: PublicOrganisation) => ({
    code: row.code,
    name: displayOrganisationName(row.name),
    kind,
    isSubscriber: false,
  });
  return [
    ...data.trusts.map(of("trust")),
    ...data.icbs.map(of("icb")),
    ...data.subIcbLocations.map(of("sub_icb")),
    ...data.gpPractices.map(of("gp_practice")),
    ...COMPANIES.map(of("company")),
  ];
}

function chooseSubscribers(
  organisations: SeedOrganisation[],
  random: Random,
  scale: number,
) {
  const named = [BIG_ORGANISATION_CODE, DEMO_SMALL_ORGANISATION_CODE];
  for (const organisation of organisations) {
    if (named.includes(organisation.code)) organisation.isSubscriber = true;
  }
  for (const [kind, count] of Object.entries(SUBSCRIBERS)) {
    const candidates = organisations.filter((o) => o.kind === kind && !o.isSubscriber);
    const wanted = Math.max(1, Math.round(count * scale));
    for (const organisation of random.shuffle(candidates).slice(0, wanted)) {
      organisation.isSubscriber = true;
    }
  }
}

type Sized = [SeedOrganisation | null, number];

/**
 * One large subscriber, the rest mostly under 20 people; what is left of the
 * total goes, a few at a time, to non-subscribers and to people with no
 * employer recorded.
 */
function staffSizes(organisations: SeedOrganisation[], random: Random, scale: number) {
  const total = Math.round(TOTAL_USERS * scale);
  const sizes: Sized[] = [];
  for (const organisation of organisations.filter((o) => o.isSubscriber)) {
    sizes.push([organisation, subscriberSize(organisation, random, scale)]);
  }
  let left = total - sizes.reduce((sum, [, size]) => sum + size, 0);
  const others = random.shuffle(organisations.filter((o) => !o.isSubscriber));
  const unattached = Math.round(left * 0.05);
  sizes.push([null, unattached]);
  left -= unattached;
  for (let i = 0; left > 0; i += 1) {
    const size = Math.min(left, random.int(1, 6));
    sizes.push([others[i % others.length], size]);
    left -= size;
  }
  return sizes;
}

function subscriberSize(organisation: SeedOrganisation, random: Random, scale: number) {
  if (organisation.code === BIG_ORGANISATION_CODE) return Math.round(BIG_USERS * scale);
  if (organisation.code === DEMO_SMALL_ORGANISATION_CODE) return DEMO_SMALL_SIZE;
  return random.chance(0.85) ? random.int(3, 19) : random.int(20, 60);
}

interface Context {
  data: PublicData;
  random: Random;
  now: number;
  usedEmails: Set<string>;
}

function newContext(data: PublicData, random: Random, now: Date): Context {
  return { data, random, now: now.getTime(), usedEmails: new Set() };
}

function makeUser(context: Context, organisation: SeedOrganisation | null): SeedUser {
  const { random } = context;
  const person = inventPerson(random);
  const subscriberOdds = organisation?.isSubscriber ? 0.95 : 0.15;
  return {
    email: uniqueEmail(context, person, emailDomain(context, organisation)),
    fullName: `${person.first} ${person.last}`,
    organisationCode: organisation?.code ?? null,
    role: random.chance(0.92) ? pickRole(context, organisation?.kind) : null,
    accessLevel: random.chance(subscriberOdds) ? "subscriber" : "non_subscriber",
    lastSignInAt: lastSignIn(context),
  };
}

interface Person {
  first: string;
  last: string;
}

const inventPerson = (random: Random): Person => ({
  first: random.pick(FIRST_NAMES),
  last: random.pick(SURNAMES),
});

type DomainKind = "nhsnet" | "trust" | "ccg" | "personal" | "company";

const DOMAIN_MIX: Record<
  OrganisationKind | "none",
  Partial<Record<DomainKind, number>>
> = {
  trust: { nhsnet: 55, trust: 38, personal: 7 },
  icb: { nhsnet: 70, ccg: 20, personal: 10 },
  sub_icb: { nhsnet: 60, ccg: 30, personal: 10 },
  gp_practice: { nhsnet: 85, personal: 15 },
  company: { company: 85, personal: 15 },
  none: { personal: 60, nhsnet: 40 },
};

function emailDomain(context: Context, organisation: SeedOrganisation | null): string {
  const { random, data } = context;
  const mix = { ...DOMAIN_MIX[organisation?.kind ?? "none"] };
  const trustDomain = organisation && data.trustDomains.get(organisation.code);
  if (!trustDomain) delete mix.trust;
  switch (random.weighted(mix as Record<DomainKind, number>)) {
    case "trust":
      return trustDomain as string;
    case "ccg":
      return ccgDomain(random.pick(data.closedCcgs).name);
    case "company":
      return COMPANIES.find((c) => c.code === organisation?.code)?.domain ?? "gmail.com";
    case "personal":
      return random.pick(PERSONAL_DOMAINS);
    default:
      return "nhs.net";
  }
}

/** NHSmail style first.last, numbered on a clash; personal ones run together. */
function uniqueEmail(context: Context, person: Person, domain: string): string {
  const clean = (name: string) =>
    name
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase();
  const personal = PERSONAL_DOMAINS.includes(domain);
  const base = personal
    ? `${clean(person.first)}${clean(person.last)}${context.random.int(1, 99)}`
    : `${clean(person.first)}.${clean(person.last)}`;
  for (let n = 1; ; n += 1) {
    const email = `${n === 1 ? base : `${base}${n}`}@${domain}`;
    if (!context.usedEmails.has(email)) {
      context.usedEmails.add(email);
      return email;
    }
  }
}

const ROLES_BY_KIND: Partial<Record<OrganisationKind, string[]>> = {
  gp_practice: [
    "General Medical Practitioner",
    "Salaried General Practitioner",
    "GP Registrar",
    "Locum GP",
    "Receptionist",
    "Medical Secretary",
    "Manager",
    "Staff Nurse",
    "Healthcare Assistant",
    "Pharmacist",
    "Phlebotomist",
  ],
  icb: ["Manager", "Senior Manager", "Pharmacist", "Clinical Coder", "Social Worker"],
  sub_icb: ["Manager", "Senior Manager", "Pharmacist", "Clinical Coder"],
  company: ["Manager", "Senior Manager", "Pharmacist", "Healthcare Scientist"],
};

function pickRole(context: Context, kind: OrganisationKind | undefined): string {
  const preferred = (kind && ROLES_BY_KIND[kind]) || context.data.roles;
  const known = preferred.filter((role) => context.data.roles.includes(role));
  return context.random.pick(known.length > 0 ? known : context.data.roles);
}

const DAY = 86_400_000;

/** Most signed in recently, some never, and a few not for years. */
function lastSignIn(context: Context): string | null {
  const { random, now } = context;
  const age = random.weighted({ recent: 80, never: 10, year: 6, old: 4 });
  if (age === "never") return null;
  const days = {
    recent: () => random.int(0, 180),
    year: () => random.int(365, 730),
    old: () => random.int(1_100, 1_900),
  }[age]();
  const minutes = random.int(7 * 60, 19 * 60);
  const day = Math.floor((now - days * DAY) / DAY) * DAY;
  return new Date(day + minutes * 60_000).toISOString();
}

/** One or two leads: often one of the organisation's own users, sometimes not. */
function makeLeads(context: Context, organisation: SeedOrganisation, users: SeedUser[]) {
  const { random } = context;
  const staff = users.filter((user) => user.organisationCode === organisation.code);
  const count = organisation.code === BIG_ORGANISATION_CODE || random.chance(0.3) ? 2 : 1;
  const leads: SeedLead[] = [];
  for (let i = 0; i < count; i += 1) {
    const colleague = staff[i];
    if (colleague && random.chance(0.6)) {
      leads.push({ organisationCode: organisation.code, ...pickLead(colleague) });
    } else {
      const person = inventPerson(random);
      const email = uniqueEmail(context, person, "nhs.net");
      leads.push({
        organisationCode: organisation.code,
        fullName: `${person.first} ${person.last}`,
        email,
      });
    }
  }
  return leads;
}

const pickLead = (user: SeedUser) => ({ fullName: user.fullName, email: user.email });
