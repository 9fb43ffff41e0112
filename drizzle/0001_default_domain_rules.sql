-- The recognised NHS and CCG email domains every installation starts with.
INSERT INTO "domain_rules" ("suffix", "label") VALUES
  ('nhs.net', 'NHSmail'),
  ('nhs.uk', 'NHS England and Wales (trusts, CCGs, ICBs)'),
  ('nhs.scot', 'NHS Scotland'),
  ('hscni.net', 'HSC Northern Ireland')
ON CONFLICT ("suffix") DO NOTHING;
