import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/lib/auth/actions";
import { requireAdminPage } from "@/lib/auth/admin";
import { config } from "@/lib/config";
import { mailModeNotice } from "@/lib/mail/outbox-view";
import { BrakeBanner } from "./access/brake-banner";
import { AdminNav } from "./admin-nav";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin" } };

/**
 * The admin shell. It checks the session, but a layout is not a guard on its
 * own in the App Router: every admin page and action checks again.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdminPage();
  const notice = mailModeNotice(config());
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4 border-b border-slate-300 pb-3">
        <AdminNav />
        <div className="flex items-center gap-3 text-sm">
          <span>
            Signed in as <strong>{admin.email}</strong>
          </span>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded border-2 border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
      {notice ? (
        <p
          className={
            notice.tone === "warning"
              ? "border-l-4 border-red-700 bg-red-50 px-3 py-2 font-semibold text-red-900"
              : "border-l-4 border-slate-500 bg-slate-50 px-3 py-2 text-sm text-slate-800"
          }
        >
          {notice.text}{" "}
          <Link href="/admin/outbox" className="underline">
            Open the outbox
          </Link>
        </p>
      ) : null}
      <BrakeBanner />
      {children}
    </div>
  );
}
