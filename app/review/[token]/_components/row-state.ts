import { unstable_isUnrecognizedActionError } from "next/navigation";
import type { Response, RowState } from "@/lib/review/labels";

/** What the lead can edit in one row. */
export interface RowValues {
  organisationId: number | null;
  organisationName: string;
  roleId: number | null;
  response: Response | null;
}

export type RowStatus = "idle" | "unsaved" | "saving" | "saved" | "failed" | "conflict";

export function valuesOf(row: RowState): RowValues {
  return {
    organisationId: row.organisationId,
    organisationName: row.organisationName ?? "",
    roleId: row.roleId,
    response: row.response,
  };
}

export function sameValues(a: RowValues, b: RowValues): boolean {
  return (
    a.organisationId === b.organisationId &&
    a.organisationName === b.organisationName &&
    a.roleId === b.roleId &&
    a.response === b.response
  );
}

/**
 * Unsaved edits live in the browser until saved, so a reload or a new
 * deployment loses nothing. Keyed by link id (not the secret token) and item.
 */
export const drafts = {
  key: (linkId: number, itemId: number) => `review-draft:${linkId}:${itemId}`,
  read(key: string): RowValues | null {
    try {
      const text = window.localStorage.getItem(key);
      return text ? (JSON.parse(text) as RowValues) : null;
    } catch {
      return null;
    }
  },
  write(key: string, values: RowValues) {
    try {
      window.localStorage.setItem(key, JSON.stringify(values));
    } catch {
      // Storage full or blocked: the edit still stands on screen.
    }
  },
  clear(key: string) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Nothing to clear.
    }
  },
};

export const RELOAD_MESSAGE =
  "This page has been updated since you opened it. Please reload the page and save again: your unsaved answers are kept on this device.";
export const NETWORK_MESSAGE =
  "We could not reach the server, so this was not saved. Check your connection and try again.";

/** A save against a build that no longer has the action (a new deployment). */
export function isStaleBuild(error: unknown): boolean {
  if (unstable_isUnrecognizedActionError(error)) return true;
  return (
    error instanceof Error &&
    /Server Action .*(not found|was not found)|Failed to find Server Action/i.test(
      error.message,
    )
  );
}
