/**
 * Invented people and companies for demo data. Names are drawn at random from
 * these lists; any likeness to a real person at a real employer is chance.
 */

const words = (text: string) => text.trim().split(/\s+/);

export const FIRST_NAMES = words(`
  Aisha Alex Amelia Amir Anna Arjun Beth Callum Chloe Chidi Daniel David Deepa Eleanor Ella
  Emeka Emily Fatima Finn Grace Hannah Harry Imran Isla Jack James Jasmine Joanna Joseph Kate
  Kwame Laura Leah Liam Lucy Mark Maryam Megan Mohammed Nadia Naomi Niamh Oliver Olivia Owen
  Priya Rachel Rhys Ruth Ryan Sam Sarah Sean Siobhan Sophie Tariq Thomas Tom Uma Victoria Wei
  William Yasmin Zainab Zoë Ciarán Ffion Gareth Hamza Ioana
`);

export const SURNAMES = words(`
  Adams Ahmed Ali Allen Anderson Baker Banerjee Bell Bennett Brown Campbell Carter Chen Clarke
  Collins Cooper Davies Edwards Evans Fisher Fletcher Francis Gill Graham Green Hall Harris
  Hughes Hussain Jackson James Jenkins Johnson Jones Kaur Kelly Khan King Kowalski Lee Lewis
  Lloyd Martin Mason Mistry Mitchell Moore Morgan Morris Murphy Nguyen Nowak O'Brien Okafor Owen
  Palmer Parker Patel Phillips Price Rahman Reid Roberts Robinson Rogers Scott Shah Sharma Singh
  Smith Stewart Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood
  Wright Young McDonald Adeyemi Osei Begum Chowdhury Ferreira Rossi
`);

export interface Company {
  code: string;
  name: string;
  domain: string;
}

/** Invented employers outside the NHS, with invented email domains. */
export const COMPANIES: readonly Company[] = [
  {
    code: "DEMO01",
    name: "Northbridge Health Analytics Ltd",
    domain: "northbridge-analytics.co.uk",
  },
  { code: "DEMO02", name: "Calder Clinical Software Ltd", domain: "caldersoft.co.uk" },
  { code: "DEMO03", name: "Meridian Locum Agency Ltd", domain: "meridianlocums.co.uk" },
  { code: "DEMO04", name: "Kestrel Pharma Consulting Ltd", domain: "kestrelpharma.com" },
  {
    code: "DEMO05",
    name: "Oakfield Medical Publishing Ltd",
    domain: "oakfieldpublishing.co.uk",
  },
  { code: "DEMO06", name: "Harbour Care Partners LLP", domain: "harbourcare.co.uk" },
];

/** Private mail providers people sign up with; gmail.com is the commonest. */
export const PERSONAL_DOMAINS = words(
  "gmail.com gmail.com gmail.com outlook.com yahoo.co.uk",
);
