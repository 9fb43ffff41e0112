import pino from "pino";

/** Keys whose values never reach a log line, wherever they sit in an object. */
const redactedKeys = [
  "token",
  "tokenHash",
  "cookie",
  "authorization",
  "password",
  "secret",
  "url",
  "link",
  "html",
  "text",
];

/** Up to three levels deep, so `req.headers.cookie` is covered as well as `cookie`. */
export const redact = {
  paths: redactedKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  censor: "[redacted]",
};

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "subscriber-review" },
  redact,
});

/** A child logger per request or job, so its lines can be told apart. */
export function childLogger(bindings: Record<string, unknown>) {
  return logger.child(bindings);
}
