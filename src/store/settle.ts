// What the engine was caught describing between two states, read again until it agrees with
// itself: one policy and one timer for every case. Plain Node.
//
// - `gone`: a remove event named the network but it is still listed (a swarm node lists it a
//   moment after the swarm dropped it).
// - `allocated`: a new swarm network whose driver and addresses the managers have not allocated
//   yet (a busy manager may take seconds).
// - `attached`: the engine announces a connect or disconnect before the container's own record
//   has it (the record is what the model joins); a read in between finds the record as it was.
import { RawContainer, RawNetwork } from '../engine/types';
import { isUnallocated } from '../model/snapshot';

interface Timing {
  tries: number;
  /** When it is read again (undefined: it was just handed over to be read). */
  dueAt: number | undefined;
}

/** A network to be read again until it is gone, or until its addresses are allocated. */
interface NetworkEntry extends Timing {
  until: 'gone' | 'allocated';
  network: string;
}

/** A container an event connected to a network or disconnected from it, read again until its record says so. */
interface AttachedEntry extends Timing {
  until: 'attached';
  network: string;
  container: string;
  /** Whether the event said it is on the network now. */
  attached: boolean;
}

type Entry = NetworkEntry | AttachedEntry;
type Until = Entry['until'];

/**
 * The delay before try number `tries` (counted from 0), or undefined to stop and leave it to the
 * events. A container's record lags its connect's event while the engine finishes the call (it
 * returns 1-30 ms after the event): the record, one container's list entry, is read again soon and
 * then less often, 5, 10, 20, 40, 80 and 160 ms apart. A swarm network is read every 250 ms for
 * the first 5 s, then every 2 s for a minute more.
 */
function delayBefore(until: Until, tries: number): number | undefined {
  if (until === 'attached') return tries < 6 ? 5 * 2 ** tries : undefined;
  if (tries < 20) return 250;
  return tries < 50 ? 2_000 : undefined;
}

/** What the lists are after a read. */
export interface ReadLists {
  readonly networks: ReadonlyMap<string, RawNetwork>;
  readonly containers: ReadonlyMap<string, RawContainer>;
}

export class Settling {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** `readAgain` is handed what is due; the read it makes ends with `afterRead`. */
  constructor(
    private readonly readAgain: (networks: string[], containers: string[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A remove event named this network: it should go from the lists. */
  removed(id: string): void {
    const key = `gone:${id}`;
    if (!this.entries.has(key)) this.entries.set(key, { until: 'gone', network: id, tries: 0, dueAt: undefined });
  }

  /**
   * An event said this container is now on this network (`attached`) or off it; the read the
   * event causes includes the container. The latest event about the two is what the record should
   * come to say.
   */
  announced(network: string, container: string, attached: boolean): void {
    const entry: AttachedEntry = { until: 'attached', network, container, attached, tries: 0, dueAt: undefined };
    this.entries.set(`attached:${network}:${container}`, entry);
  }

  /**
   * After any read: `networks` are the networks it read; `containers` the containers a read of
   * what events named asked for, or undefined for a full read (every record read). Drops what has
   * settled, notes what is caught in between, and sets the one timer for the next read again.
   * Returns when that is (for tests), or undefined when nothing waits.
   */
  afterRead(
    networks: readonly RawNetwork[],
    containers: readonly string[] | undefined,
    lists: ReadLists,
  ): number | undefined {
    for (const n of networks) if (isUnallocated(n)) this.note(n.Id);
    const read = containers && new Set(containers);
    const now = this.now();
    for (const [key, entry] of this.entries) {
      // A record this read did not ask for is as the last read left it: its own read is to come.
      if (entry.until === 'attached' && read && !read.has(entry.container)) continue;
      if (settled(entry, lists)) {
        this.entries.delete(key);
        continue;
      }
      if (entry.dueAt !== undefined) continue;
      const delay = delayBefore(entry.until, entry.tries);
      if (delay === undefined) this.entries.delete(key);
      else entry.dueAt = now + delay;
    }
    return this.arm();
  }

  /** Hands over what is due by `now` (the timer's work; tests call it to skip the wait). */
  takeDue(now = this.now()): { networks: string[]; containers: string[] } {
    const networks = new Set<string>();
    const containers = new Set<string>();
    for (const entry of this.entries.values()) {
      if (entry.dueAt === undefined || entry.dueAt > now) continue;
      entry.dueAt = undefined;
      entry.tries++;
      // A record behind its event is read alone: the network's own listing did not change.
      if (entry.until === 'attached') containers.add(entry.container);
      else networks.add(entry.network);
    }
    return { networks: [...networks], containers: [...containers] };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.entries.clear();
  }

  /** A swarm network read before its addresses were allocated. */
  private note(network: string): void {
    const key = `allocated:${network}`;
    if (!this.entries.has(key)) this.entries.set(key, { until: 'allocated', network, tries: 0, dueAt: undefined });
  }

  /** One timer, at the earliest due entry. */
  private arm(): number | undefined {
    let next = Infinity;
    for (const e of this.entries.values()) if (e.dueAt !== undefined) next = Math.min(next, e.dueAt);
    if (next === Infinity) return undefined;
    const inMs = Math.max(0, next - this.now());
    if (!this.timer || next < this.timerAt) {
      clearTimeout(this.timer);
      this.timerAt = next;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.timerAt = Infinity;
        const due = this.takeDue();
        if (due.networks.length || due.containers.length) this.readAgain(due.networks, due.containers);
        this.arm();
      }, inMs);
    }
    return inMs;
  }
}

function settled(entry: Entry, lists: ReadLists): boolean {
  const n = lists.networks.get(entry.network);
  switch (entry.until) {
    case 'gone':
      return !n;
    case 'allocated':
      return !n || !isUnallocated(n);
    case 'attached': {
      // Gone, or stopped (a stopped container's record keeps its networks, with no address).
      const c = lists.containers.get(entry.container);
      if (!c || c.State !== 'running') return true;
      const on = Object.values(c.NetworkSettings?.Networks ?? {}).some((s) => s?.NetworkID === entry.network);
      return on === entry.attached;
    }
  }
}
