import { type Database, getDb } from "@/lib/db/client";
import type { ReviewScope } from "./access";
import {
  countHints,
  listReviewItems,
  listRoles,
  loadHintContext,
  loadHistory,
  loadProgress,
} from "./queries";
import type { ReviewListQuery } from "./schemas";

/**
 * Everything the review page shows, read in one go. Only reads: a mail
 * scanner fetching the link changes nothing.
 */
export async function loadReviewPage(
  scope: ReviewScope,
  query: ReviewListQuery,
  now = new Date(),
  db: Database = getDb(),
) {
  const hints = await loadHintContext(scope, now, db);
  const [list, progress, hintCounts, history, roles] = await Promise.all([
    listReviewItems(scope, query, hints, db),
    loadProgress(scope, db),
    countHints(scope, hints, db),
    loadHistory(scope, 20, db),
    listRoles(db),
  ]);
  const pageCount = Math.max(1, Math.ceil(list.total / query.size));
  return { hints, ...list, pageCount, progress, hintCounts, history, roles };
}

export type ReviewPageData = Awaited<ReturnType<typeof loadReviewPage>>;
