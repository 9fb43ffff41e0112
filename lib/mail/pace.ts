/**
 * Spaces requests to the provider evenly so a big send runs at the account's
 * rate limit instead of bursting into 429s. Shared by every worker in the
 * process; workers in other processes are kept in line by 429 + retry-after.
 */
interface PaceState {
  nextSlot: number;
}

const SLACK_MS = 10;

const holder = globalThis as { __mailPace?: PaceState };

function paceState(): PaceState {
  holder.__mailPace ??= { nextSlot: 0 };
  return holder.__mailPace;
}

function requestsPerSecond(): number {
  const value = Number(process.env.RESEND_RATE_LIMIT ?? 2);
  return Number.isFinite(value) && value > 0 ? value : 2;
}

/** Resolves when the next request may start, and books that slot. */
export async function waitForSendSlot(): Promise<void> {
  const state = paceState();
  const now = Date.now();
  const slot = Math.max(now, state.nextSlot);
  // A few milliseconds of slack, so network jitter cannot put two requests
  // into the same second of the provider's sliding window.
  state.nextSlot = slot + 1000 / requestsPerSecond() + SLACK_MS;
  if (slot > now) await sleep(slot - now);
}

/** Pushes the next slot back, after the provider asked us to slow down. */
export function holdSendsFor(ms: number): void {
  const state = paceState();
  state.nextSlot = Math.max(state.nextSlot, Date.now() + ms);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
