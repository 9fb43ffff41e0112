"use client";

import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import type { ProgressCounts } from "@/lib/review/labels";

/** What every row of the page shares, sent to the browser once rather than per row. */
interface ReviewShared {
  token: string;
  linkId: number;
  readOnly: boolean;
  responderName: string | null;
  roles: Array<{ id: number; name: string }>;
  progress: ProgressCounts;
  setProgress: (update: (progress: ProgressCounts) => ProgressCounts) => void;
  selected: ReadonlySet<number>;
  setSelected: (ids: number[], on: boolean) => void;
}

const ReviewContext = createContext<ReviewShared | null>(null);

export function useReview(): ReviewShared {
  const shared = useContext(ReviewContext);
  if (!shared) throw new Error("useReview outside ReviewProvider");
  return shared;
}

export function ReviewProvider(props: {
  token: string;
  linkId: number;
  readOnly: boolean;
  responderName: string | null;
  roles: Array<{ id: number; name: string }>;
  progress: ProgressCounts;
  children: ReactNode;
}) {
  const [progress, setProgressState] = useState(props.progress);
  const [selected, setSelectedState] = useState<ReadonlySet<number>>(new Set());
  // A refresh from the server (after a bulk answer) brings fresh counts.
  const serverProgress = JSON.stringify(props.progress);
  useEffect(() => setProgressState(JSON.parse(serverProgress)), [serverProgress]);

  const value = useMemo<ReviewShared>(
    () => ({
      token: props.token,
      linkId: props.linkId,
      readOnly: props.readOnly,
      responderName: props.responderName,
      roles: props.roles,
      progress,
      setProgress: (update) => setProgressState(update),
      selected,
      setSelected: (ids, on) =>
        setSelectedState((current) => {
          const next = new Set(current);
          for (const id of ids) {
            if (on) next.add(id);
            else next.delete(id);
          }
          return next;
        }),
    }),
    [
      props.token,
      props.linkId,
      props.readOnly,
      props.responderName,
      props.roles,
      progress,
      selected,
    ],
  );
  return <ReviewContext.Provider value={value}>{props.children}</ReviewContext.Provider>;
}
