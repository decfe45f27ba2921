// When an engine's events turn into reads: the first event after a calm spell at once, the ones
// that follow gathered into windows that grow while a storm lasts. Plain Node.
import { ResolvedStoreOptions } from './types';

/** More events than one action makes, in one window. */
const STORM_EVENTS_PER_WINDOW = 3;

export class EventWindows {
  private timer: NodeJS.Timeout | undefined;
  private lastEventAt = 0;
  /** How many windows in a row gathered several events (0: calm). */
  private stormLevel = 0;
  private windowEvents = 0;

  /** `read` is called when the events so far should be read. */
  constructor(
    private readonly options: Pick<ResolvedStoreOptions, 'debounceMs' | 'stormMaxWaitMs' | 'calmMs'>,
    private readonly read: () => void,
  ) {}

  /** An event arrived (what it names is already noted by the caller). */
  onEvent(): void {
    const now = Date.now();
    const calm = now - this.lastEventAt > this.options.calmMs;
    if (calm) this.stormLevel = 0;
    this.lastEventAt = now;
    if (this.timer) {
      this.windowEvents++;
      return;
    }
    // The first event after a calm spell is read at once: a person doing one thing sees it without
    // waiting for a window. Whatever follows it within the window is gathered and read at its end.
    if (calm && this.options.debounceMs > 0) {
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
    this.open(
      Math.min(
        this.options.debounceMs * 2 ** this.stormLevel,
        Math.max(this.options.debounceMs, this.options.stormMaxWaitMs),
      ),
    );
  }

  /** Gathers events for `wait` ms, then has them read (nothing when none came). */
  private open(wait: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const gathered = this.windowEvents;
      this.stormLevel = gathered > STORM_EVENTS_PER_WINDOW ? this.stormLevel + 1 : 0;
      this.windowEvents = 0;
      if (gathered > 0) this.read();
    }, wait);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
