// When an engine's events turn into reads: the first event after a calm spell at once, the few
// that one action makes right after it soon, and the rest gathered into windows that grow while a
// storm lasts. Plain Node.
import { ResolvedStoreOptions } from './types';

/** More events than one action makes, in one window. */
const STORM_EVENTS_PER_WINDOW = 3;
/**
 * How soon the events that follow a calm one are read, while they are no more than one action
 * makes: a container's stop says kill, then die and stop a few milliseconds later, and only the
 * later ones find it stopped. Read at the window's end, the stop showed 100 ms after it happened.
 */
const FOLLOW_UP_MS = 15;

/** The clock and timers (the tests give their own). */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class EventWindows {
  private timer: unknown;
  private followUp: unknown;
  private lastEventAt = -Infinity;
  /** How many windows in a row gathered several events (0: calm). */
  private stormLevel = 0;
  /** Events in the open window, and those of them not read yet. */
  private windowEvents = 0;
  private unread = 0;

  /** `read` is called when the events so far should be read. */
  constructor(
    private readonly options: Pick<ResolvedStoreOptions, 'debounceMs' | 'stormMaxWaitMs' | 'calmMs'>,
    private readonly read: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** An event arrived (what it names is already noted by the caller). */
  onEvent(): void {
    const now = this.timers.now();
    const calm = now - this.lastEventAt > this.options.calmMs;
    if (calm) this.stormLevel = 0;
    this.lastEventAt = now;
    if (this.timer !== undefined) {
      this.windowEvents++;
      this.unread++;
      // The rest of one action, right after the calm event that opened the window: read soon.
      if (this.stormLevel === 0 && this.windowEvents <= STORM_EVENTS_PER_WINDOW && this.followUp === undefined)
        this.followUp = this.timers.setTimeout(() => {
          this.followUp = undefined;
          this.readUnread();
        }, FOLLOW_UP_MS);
      return;
    }
    // The first event after a calm spell, or outside a storm once the last window closed, is read
    // at once: a person doing one thing sees it without waiting for a window (a container's start
    // event comes after the call returns, half a second after its network's connect). Whatever
    // follows it within the window is gathered and read at its end.
    if ((calm || this.stormLevel === 0) && this.options.debounceMs > 0) {
      this.read();
      this.open(this.options.debounceMs);
      return;
    }
    // The window opens at the first event and is not pushed back by later ones, so no event waits
    // longer than the window. A window that gathered more events than one action makes (a
    // `docker run` makes three: create, connect, start) means a storm: the next one is twice as
    // long, up to stormMaxWaitMs. A person, or a script doing one thing at a time, keeps the short
    // window.
    this.windowEvents++;
    this.unread++;
    this.open(
      Math.min(
        this.options.debounceMs * 2 ** this.stormLevel,
        Math.max(this.options.debounceMs, this.options.stormMaxWaitMs),
      ),
    );
  }

  /**
   * Something else to read (a record read again until it agrees with its event): while a storm's
   * window is open, it is read with the window's events at its end, and true is returned; false
   * when it should be read now (no window open, or one person's action, which should show at
   * once). Each of these re-reads, read alone in a storm, was one more update.
   */
  gather(): boolean {
    if (this.timer === undefined) return false;
    if (this.stormLevel === 0 && this.windowEvents <= STORM_EVENTS_PER_WINDOW) return false;
    this.unread++;
    return true;
  }

  /** Gathers events for `wait` ms, then has them read (nothing when none came). */
  private open(wait: number): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.stormLevel = this.windowEvents > STORM_EVENTS_PER_WINDOW ? this.stormLevel + 1 : 0;
      this.windowEvents = 0;
      this.readUnread();
    }, wait);
  }

  private readUnread(): void {
    if (!this.unread) return;
    this.unread = 0;
    this.read();
  }

  dispose(): void {
    for (const t of [this.timer, this.followUp]) if (t !== undefined) this.timers.clearTimeout(t);
    this.timer = undefined;
    this.followUp = undefined;
  }
}
