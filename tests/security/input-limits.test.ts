import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/resend/route";
import { importCsv } from "@/lib/csv/import";
import { organisations, webhookEvents } from "@/lib/db/schema";
import { redact } from "@/lib/log";
import { localTransport } from "@/lib/mail/local-transport";
import { getDb, withTestDatabase } from "../support/db";

/**
 * Input an outsider (or a careless spreadsheet) can send, and what must not
 * follow from it: a CSV header of a million columns used to cost a million
 * steps per row (minutes of a blocked server), a NUL in a CSV failed as a
 * generic error, the webhook read bodies of any size before checking the
 * signature, and in production the local mailer printed live links to the log.
 */

withTestDatabase();

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function organisationCount(): Promise<number> {
  return (await getDb().select({ id: organisations.id }).from(organisations)).length;
}

describe("CSV import of hostile files", () => {
  it("checks a file with 200,000 extra columns quickly, listing only a few of them", async () => {
    const extra = Array.from({ length: 200_000 }, (_, i) => `x${i}`).join(",");
    const rows = Array.from({ length: 2_000 }, (_, i) => `Q${i},Practice ${i},yes`);
    const text = `code,name,subscriber,${extra}\n${rows.join("\n")}\n`;

    const outcome = await importCsv("organisations", text, {
      actor: "admin@example.org",
      dryRun: true,
    });

    expect(outcome).toMatchObject({ ok: true, dryRun: true, summary: { rows: 2_000 } });
    if (!outcome.ok) return;
    expect(outcome.summary.ignoredColumns).toHaveLength(21);
    expect(outcome.summary.ignoredColumns.at(-1)).toBe("and 199,980 more");
    expect(await organisationCount()).toBe(0);
  }, 30_000);

  it("names the line holding a NUL and imports nothing", async () => {
    const text = "code,name,subscriber\nA1,Good,yes\nA2,Bad\u0000Name,yes\n";

    const outcome = await importCsv("organisations", text, {
      actor: "admin@example.org",
    });

    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 3 }] });
    if (outcome.ok) return;
    expect(outcome.problems[0].message).toContain("NUL");
    expect(await organisationCount()).toBe(0);
  });
});

describe("the Resend webhook", () => {
  const secret = `whsec_${Buffer.from("a test signing secret, 32 bytes!").toString("base64")}`;

  function post(body: BodyInit, headers: Record<string, string> = {}) {
    return webhook(
      new Request("http://localhost/api/webhooks/resend", {
        method: "POST",
        body,
        headers,
        duplex: "half",
      } as RequestInit),
    );
  }

  it("refuses a body larger than any event, declared or streamed, recording nothing", async () => {
    vi.stubEnv("RESEND_WEBHOOK_SECRET", secret);
    const big = "x".repeat(2 * 1024 * 1024);
    expect((await post(big)).status).toBe(413);

    const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    expect((await post(stream)).status).toBe(413);
    expect(sent).toBeLessThan(64);
    expect(await getDb().select().from(webhookEvents)).toEqual([]);
  });

  it("still answers an unsigned small body with 400", async () => {
    vi.stubEnv("RESEND_WEBHOOK_SECRET", secret);
    expect((await post('{"type":"email.delivered"}')).status).toBe(400);
  });
});

describe("the local mailer's console lines", () => {
  const message = {
    id: 7,
    to: "lead@nhs.net",
    subject: "Please review",
    html: "<p>hi</p>",
    text: "Open https://review.example/review/SECRETTOKEN1234567890abcdef to start.",
  };

  function printedBy(env: string): Promise<string> {
    vi.stubEnv("NODE_ENV", env);
    const printed: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    return localTransport()
      .sendBatch([message], "key")
      .then(() => printed.join(""));
  }

  it("prints the link for a developer, but never in production, where stdout is the log", async () => {
    expect(await printedBy("development")).toContain("SECRETTOKEN1234567890abcdef");
    vi.restoreAllMocks();
    const production = await printedBy("production");
    expect(production).toContain("lead@nhs.net");
    expect(production).not.toContain("SECRETTOKEN");
  });
});

describe("the logger's redaction", () => {
  it("hides tokens, cookies and links at the top level and nested in a request", () => {
    const lines: string[] = [];
    const log = pino({ redact }, { write: (line: string) => lines.push(line) });

    log.info({
      token: "T0KEN-A",
      link: "https://x.example/review/T0KEN-B",
      job: { url: "https://x.example/sign-in/confirm?token=T0KEN-C" },
      req: { headers: { cookie: "session=T0KEN-D", authorization: "Bearer T0KEN-E" } },
    });

    expect(lines.join("")).not.toMatch(/T0KEN/);
    expect(lines.join("")).toContain("[redacted]");
  });
});
