/**
 * Words and small shapes the review page's browser code shares with the
 * server. Kept free of zod and the database so client bundles stay small.
 */

export const RESPONSES = ["works_here", "left", "unknown"] as const;
export type Response = (typeof RESPONSES)[number];

export const RESPONSE_LABELS: Record<Response, string> = {
  works_here: "Works here",
  left: "No longer works here",
  unknown: "I don't know this person",
};

/** One row as the page shows it and a save returns it. */
export interface RowState {
  itemId: number;
  version: number;
  response: Response | null;
  respondedAt: Date | null;
  responderName: string | null;
  userId: number;
  userVersion: number;
  fullName: string;
  email: string;
  lastSignInAt: Date | null;
  organisationId: number | null;
  organisationName: string | null;
  roleId: number | null;
  shownOrganisationId: number | null;
  shownOrganisationName: string | null;
  shownRoleId: number | null;
  shownRoleName: string | null;
  stale: boolean;
  domainDiffers: boolean;
}

export interface ProgressCounts {
  total: number;
  responded: number;
  worksHere: number;
  left: number;
  unknown: number;
}

const countKey = { works_here: "worksHere", left: "left", unknown: "unknown" } as const;

/** The counts after one row's response changed from `before` to `after`. */
export function shiftProgress(
  progress: ProgressCounts,
  before: Response | null,
  after: Response | null,
): ProgressCounts {
  const next = { ...progress };
  if (before) next[countKey[before]] -= 1;
  if (after) next[countKey[after]] += 1;
  next.responded += (after ? 1 : 0) - (before ? 1 : 0);
  return next;
}
