import type { Metadata } from "next";
import type { ReactNode } from "react";
import { signOutAction } from "@/lib/auth/actions";
import { requireAdminPage } from "@/lib/auth/admin";
import { AdminNav } from "./admin-nav";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin" } };

/**
 * The admin shell. It checks the session, but a layout is not a guard on its
 * own in the App Router: every admin page and action checks again.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdminPage();
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
      {children}
    </div>
  );
}
