import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdminPage } from "@/lib/auth/admin";
import { formatLondon } from "@/lib/deadline";
import {
  getOutboxMessage,
  linksInText,
  type OutboxDetail,
  outboxKindLabel,
  outboxStatusLabel,
} from "@/lib/mail/outbox-view";

// Messages hold live review and sign-in links: keep them out of Referer headers.
export const metadata: Metadata = { title: "Outbox message", referrer: "no-referrer" };

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export default async function OutboxMessagePage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  await requireAdminPage();
  const id = idParam.safeParse((await params).id);
  const message = id.success ? await getOutboxMessage(id.data) : null;
  if (!message) notFound();
  const links = linksInText(message.text);

  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/outbox" className="text-brand-700 underline">
          Back to the outbox
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{message.subject}</h1>
      <MessageFacts message={message} />
      {links.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-xl font-semibold">Links in this message</h2>
          <ul className="list-disc space-y-1 pl-6">
            {links.map((link) => (
              <li key={link} className="break-all">
                <a href={link} className="text-brand-700 underline">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {message.html === "" && message.text === "" ? (
        <p>
          The message itself is no longer kept: it was removed once Resend accepted it, so
          that the links it carried, which work for whoever holds them, cannot be read
          here.
        </p>
      ) : (
        <MessageBody message={message} />
      )}
    </div>
  );
}

function MessageBody({ message }: { message: OutboxDetail }) {
  return (
    <>
      <section className="space-y-2">
        <h2 className="text-xl font-semibold">As the recipient sees it</h2>
        {/* An empty sandbox: the email's HTML can run nothing and reach nothing. */}
        <iframe
          title="The email as HTML"
          sandbox=""
          srcDoc={message.html}
          className="h-[32rem] w-full border border-slate-300 bg-white"
        />
      </section>
      <section className="space-y-2">
        <h2 className="text-xl font-semibold">Plain-text part</h2>
        <pre className="overflow-x-auto whitespace-pre-wrap border border-slate-300 bg-white p-3 text-sm">
          {message.text}
        </pre>
      </section>
    </>
  );
}

function MessageFacts({ message }: { message: OutboxDetail }) {
  const facts: [string, string][] = [
    ["To", message.toEmail],
    ["Kind", outboxKindLabel(message.kind)],
    ["Status", outboxStatusLabel(message)],
    ["Attempts", String(message.attempts)],
    ["Last error", message.lastError ?? "—"],
    ["Delivery", message.deliveryStatus ?? "—"],
    ["Created", formatLondon(message.createdAt)],
    ["Sent", message.sentAt ? formatLondon(message.sentAt) : "—"],
    ["Provider id", message.providerMessageId ?? "—"],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-semibold">{term}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
