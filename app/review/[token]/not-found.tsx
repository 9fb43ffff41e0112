import { config } from "@/lib/config";

/**
 * Shown for an unknown, revoked or expired link, with a 404 status. It says
 * the same thing in every case, so it gives no hint whether a token existed.
 */
export default function ReviewLinkNotFound() {
  const support = config().SUPPORT_EMAIL;
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">This review link does not work</h1>
      <p>
        The link may have been mistyped, replaced by a newer one, or withdrawn. If the
        review is still running, the person who sent it to you can send a new link.
      </p>
      <p>
        For help, email{" "}
        <a href={`mailto:${support}`} className="text-brand-700 underline">
          {support}
        </a>{" "}
        and tell us which organisation you are reviewing for.
      </p>
    </div>
  );
}
