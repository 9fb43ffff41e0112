/**
 * Keeps requests to the provider within its rate limit (RESEND_RATE_LIMIT
 * requests a second, default 2, Resend's default) so a big send runs at the
 * limit instead of bursting into 429s.
 *
 * The provider counts a request when it arrives, which we cannot see; we only
 * know it arrived before its answer came back. So each request holds a place
 * from the moment it starts until one window after its answer, and no more
 * than the limit may hold places at once. Shared by every worker in the
 * process; workers in other processes are kept in line by 429 + retry-after.
 */
interface Place {
  /** When the place frees up; null while the request is in flight. */
  freeAt: number | null;
}

interface PaceState {
  places: Place[];
  holdUntil: number;
}

const holder = globalThis as { __mailPace?: PaceState };

function paceState(): PaceState {
  holder.__mailPace ??= { places: [], holdUntil: 0 };
  return holder.__mailPace;
}

/** Requests allowed per window, and the window's length in ms. */
function limit(): { perWindow: number; windowMs: number } {
  const value = Number(process.env.RESEND_RATE_LIMIT ?? 2);
  const rate = Number.isFinite(value) && value > 0 ? value : 2;
  const perWindow = Math.max(1, Math.floor(rate));
  return { perWindow, windowMs: (1000 * perWindow) / rate };
}

/**
 * Resolves when a request may start; call the returned function as soon as
 * its answer is back (or it failed), so its place frees one window later.
 */
export async function acquireSendSlot(): Promise<() => void> {
  const state = paceState();
  const { perWindow, windowMs } = limit();
  for (;;) {
    const now = Date.now();
    state.places = state.places.filter((p) => p.freeAt === null || p.freeAt > now);
    if (state.places.length < perWindow && now >= state.holdUntil) {
      const place: Place = { freeAt: null };
      state.places.push(place);
      return () => {
        place.freeAt = Date.now() + windowMs;
      };
    }
    await sleep(nextChange(state, now) - now);
  }
}

function nextChange(state: PaceState, now: number): number {
  const frees = state.places.flatMap((p) => (p.freeAt === null ? [] : [p.freeAt]));
  // With every place in flight, look again shortly: one will free when its answer lands.
  const soonest = frees.length > 0 ? Math.min(...frees) : now + 20;
  return Math.max(soonest, state.holdUntil, now + 1);
}

/** Holds every request back for `ms`, after the provider asked us to slow down. */
export function holdSendsFor(ms: number): void {
  const state = paceState();
  state.holdUntil = Math.max(state.holdUntil, Date.now() + ms);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
