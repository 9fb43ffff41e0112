import { redirect } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/admin";
import { ADMIN_HOME_PATH } from "@/lib/auth/links";

export default async function AdminHome() {
  await requireAdminPage();
  redirect(ADMIN_HOME_PATH);
}
