"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin/campaigns", label: "Campaigns" },
  { href: "/admin/import", label: "Import" },
  { href: "/admin/access", label: "Access" },
  { href: "/admin/outbox", label: "Outbox" },
];

const LINK_CLASS = "rounded px-3 py-2 font-semibold text-brand-700 hover:bg-brand-50";
const CURRENT_CLASS = "rounded bg-brand-700 px-3 py-2 font-semibold text-white";

/** The admin sections; the one being viewed is marked for screen readers too. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections">
      <ul className="flex flex-wrap gap-1">
        {LINKS.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={current ? CURRENT_CLASS : LINK_CLASS}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
