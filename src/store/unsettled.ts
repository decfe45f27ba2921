// Networks caught between two states, which a session reads again shortly: one that a remove
// event named but that is still listed (a swarm node lists it a moment after the swarm dropped
// it), and a new swarm network whose driver and addresses the managers have not allocated yet.
import { RawNetwork } from '../engine/types';
import { isUnallocated } from '../model/snapshot';

/**
 * How often such a network is read again: every 250 ms for the first 5 s, then every 2 s for a
 * minute more (a busy manager may take seconds to allocate); then events alone.
 */
const FAST_RECHECKS = 20;
const FAST_RECHECK_MS = 250;
const MAX_SETTLE_RECHECKS = FAST_RECHECKS + 30;
const SLOW_RECHECK_MS = 2_000;

export class UnsettledNetworks {
  private readonly entries = new Map<string, { until: 'gone' | 'allocated'; tries: number }>();

  /** A remove event named this network: it should go from the lists. */
  removed(id: string): void {
    if (this.entries.get(id)?.until !== 'gone') this.entries.set(id, { until: 'gone', tries: 0 });
  }

  /**
   * After a read (`read` is what it returned, `current` the lists now): the networks to read again,
   * and in how many milliseconds (none: nothing to read again).
   */
  check(read: Iterable<RawNetwork>, current: ReadonlyMap<string, RawNetwork>): { ids: string[]; inMs: number } {
    for (const n of read) {
      if (isUnallocated(n) && !this.entries.has(n.Id)) this.entries.set(n.Id, { until: 'allocated', tries: 0 });
    }
    const ids: string[] = [];
    let fewest = Infinity;
    for (const [id, entry] of this.entries) {
      const n = current.get(id);
      const settled = entry.until === 'gone' ? !n : !n || !isUnallocated(n);
      if (settled || entry.tries >= MAX_SETTLE_RECHECKS) {
        this.entries.delete(id);
        continue;
      }
      fewest = Math.min(fewest, entry.tries);
      entry.tries++;
      ids.push(id);
    }
    return { ids, inMs: fewest < FAST_RECHECKS ? FAST_RECHECK_MS : SLOW_RECHECK_MS };
  }
}
