// The helper containers of this window: labelled with a session that is this window's alone, swept
// on an engine before each check there (a window that closed mid-check, or a host that died, left
// them), and removed from every engine they were started on when the window closes. Plain Node.
import { randomBytes } from 'crypto';
import { EngineClient } from '../engine/client';

/**
 * No helper runs longer than 5 minutes (a matrix of 30 containers; a diagnosis step takes 30 s at
 * most); one older than this belongs to a window that is gone or stuck.
 */
const STALE_MS = 10 * 60_000;

export class HelperSessions {
  /** This window's label value. */
  readonly session = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
  private readonly sweeping = new Map<string, Promise<void>>();
  private readonly used = new Set<string>();

  /** Before each check on an engine: removes helpers any window left there long ago (one sweep at a time). */
  prepare(engine: string, client: EngineClient): Promise<void> {
    this.used.add(engine);
    const running = this.sweeping.get(engine);
    if (running) return running;
    const sweep = client
      .removeHelpers({ olderThanMs: STALE_MS })
      .then(
        () => undefined,
        () => undefined, // Tried again before the next check.
      )
      .finally(() => this.sweeping.delete(engine));
    this.sweeping.set(engine, sweep);
    return sweep;
  }

  /**
   * Removes this window's helpers on every engine it used (the window is closing), through each
   * engine's current client (settings may have replaced the one a check used).
   */
  async close(clientOf: (engine: string) => EngineClient | undefined): Promise<void> {
    await Promise.all(
      [...this.used].map((engine) =>
        clientOf(engine)
          ?.removeHelpers({ session: this.session }, { timeoutMs: 5_000 })
          .catch(() => 0),
      ),
    );
  }
}
