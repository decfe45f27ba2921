// Networks caught between two states, which a session reads again shortly: one that a remove
// event named but that is still listed (a swarm node lists it a moment after the swarm dropped
// it), and a new swarm network whose addresses the managers have not allocated yet.
import { RawNetwork } from '../engine/types';

/** How often such a network is read again, and how many times at most. */
export const SETTLE_RECHECK_MS = 250;
const MAX_SETTLE_RECHECKS = 40;

export class UnsettledNetworks {
  private readonly entries = new Map<string, { until: 'gone' | 'allocated'; tries: number }>();

  /** A remove event named this network: it should go from the lists. */
  removed(id: string): void {
    if (this.entries.get(id)?.until !== 'gone') this.entries.set(id, { until: 'gone', tries: 0 });
  }

  /** After a read (`read` is what it returned, `current` the lists now): the networks to read again. */
  check(read: Iterable<RawNetwork>, current: ReadonlyMap<string, RawNetwork>): string[] {
    for (const n of read) {
      if (n.Scope === 'swarm' && n.Driver === 'overlay' && !n.IPAM?.Config?.length && !this.entries.has(n.Id)) this.entries.set(n.Id, { until: 'allocated', tries: 0 });
    }
    const again: string[] = [];
    for (const [id, entry] of this.entries) {
      const n = current.get(id);
      const settled = entry.until === 'gone' ? !n : !n || !!n.IPAM?.Config?.length;
      if (settled || entry.tries >= MAX_SETTLE_RECHECKS) {
        this.entries.delete(id);
        continue;
      }
      entry.tries++;
      again.push(id);
    }
    return again;
  }
}
