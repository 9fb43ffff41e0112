import Link from "next/link";

export default function HomePage() {
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">Subscriber Review</h1>
      <p>
        Leads of subscribing organisations confirm who really works for them, using the
        personal link in the email they received.
      </p>
      <p>
        Staff of the service:{" "}
        <Link className="text-brand-700 underline" href="/admin">
          sign in to the admin area
        </Link>
        .
      </p>
    </div>
  );
}
