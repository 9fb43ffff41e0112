import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import { formatLondon } from "@/lib/deadline";
import {
  listOutbox,
  type OutboxListRow,
  outboxKindLabel,
  outboxStatusLabel,
} from "@/lib/mail/outbox-view";
import { CELL, TableHead } from "../table";

export const metadata: Metadata = { title: "Outbox" };

const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);
const COLUMNS = [
  "Kind",
  "To",
  "Subject",
  "Status",
  "Attempts",
  "Last error",
  "Delivery",
  "Created",
  "Sent",
];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The newest messages first; in local mode, where sent mail can be read. */
export default async function OutboxPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  await requireAdminPage();
  const page = pageParam.parse((await searchParams).page);
  const { rows, hasMore } = await listOutbox(page);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Outbox</h1>
      <p>
        Every email the service sends, newest first. Without a Resend key, messages stay
        here: open one to read it and follow its links.
      </p>
      {rows.length === 0 ? <p>No messages on this page.</p> : <OutboxTable rows={rows} />}
      <Pager page={page} hasMore={hasMore} />
    </div>
  );
}

function OutboxTable({ rows }: { rows: OutboxListRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Email messages, newest first</caption>
        <TableHead titles={COLUMNS} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={CELL}>{outboxKindLabel(row.kind)}</td>
              <td className={`${CELL} break-all`}>{row.toEmail}</td>
              <td className={CELL}>
                <Link
                  href={`/admin/outbox/${row.id}`}
                  className="text-brand-700 underline"
                >
                  {row.subject}
                </Link>
              </td>
              <td className={CELL}>{outboxStatusLabel(row)}</td>
              <td className={CELL}>{row.attempts}</td>
              <td className={`${CELL} max-w-xs break-words`}>{row.lastError ?? "—"}</td>
              <td className={CELL}>{row.deliveryStatus ?? "—"}</td>
              <td className={`${CELL} whitespace-nowrap`}>
                {formatLondon(row.createdAt)}
              </td>
              <td className={`${CELL} whitespace-nowrap`}>
                {row.sentAt ? formatLondon(row.sentAt) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pager({ page, hasMore }: { page: number; hasMore: boolean }) {
  if (page === 1 && !hasMore) return null;
  return (
    <nav aria-label="Outbox pages" className="flex gap-4">
      {page > 1 ? (
        <Link
          href={`/admin/outbox?page=${page - 1}`}
          className="text-brand-700 underline"
        >
          Newer messages
        </Link>
      ) : null}
      <span>Page {page}</span>
      {hasMore ? (
        <Link
          href={`/admin/outbox?page=${page + 1}`}
          className="text-brand-700 underline"
        >
          Older messages
        </Link>
      ) : null}
    </nav>
  );
}
