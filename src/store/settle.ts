// Networks the engine was caught describing between two states, read again until it agrees with
// itself: one policy and one timer for every case. Plain Node.
//
// - `gone`: a remove event named the network but it is still listed (a swarm node lists it a
//   moment after the swarm dropped it).
// - `allocated`: a new swarm network whose driver and addresses the managers have not allocated
//   yet (a busy manager may take seconds).
// - `agreed`: the engine announces a connect or disconnect before the container's own record has
//   it; a read in between finds the network's inspect and a running container disagreeing.
import { RawContainer, RawNetwork } from '../engine/types';
import { isUnallocated } from '../model/snapshot';

type Until = 'gone' | 'allocated' | 'agreed';

interface Entry {
  until: Until;
  network: string;
  /** `agreed`: the running containers that disagreed with the network. */
  containers: string[];
  tries: number;
  /** When it is read again (undefined: it was just handed over to be read). */
  dueAt: number | undefined;
}

/**
 * The delay before try number `tries` (counted from 0), or undefined to stop and leave it to the
 * events. A disagreement lasts while the engine finishes the call that announced it (the event
 * comes before the container's record, and the call returns 30-130 ms later): read again soon and
 * then less often, 10, 20, 40, 80 and 160 ms apart, so a connect shows about when the call
 * returns. A swarm network is read every 250 ms for the first 5 s, then every 2 s for a minute more.
 */
function delayBefore(until: Until, tries: number): number | undefined {
  if (until === 'agreed') return tries < 5 ? 10 * 2 ** tries : undefined;
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
    if (!this.entries.has(key))
      this.entries.set(key, { until: 'gone', network: id, containers: [], tries: 0, dueAt: undefined });
  }

  /**
   * After any read: `networks` are the networks it read; `containers` the containers a read of
   * what events named returned (a full read lists networks without their containers, and its join
   * of the containers' records is the truth: nothing to agree on). Drops what has settled, notes
   * what is caught in between, and sets the one timer for the next read again. Returns when that
   * is (for tests), or undefined when nothing waits.
   */
  afterRead(
    networks: readonly RawNetwork[],
    containers: readonly RawContainer[] | undefined,
    lists: ReadLists,
  ): number | undefined {
    for (const n of networks) if (isUnallocated(n)) this.note('allocated', n.Id, []);
    if (containers) {
      for (const n of networks) {
        const behind = containers.filter((c) => disagree(n, c)).map((c) => c.Id);
        if (behind.length) this.note('agreed', n.Id, behind);
      }
    }
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (settled(entry, lists, !containers)) {
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
      networks.add(entry.network);
      for (const c of entry.containers) containers.add(c);
    }
    return { networks: [...networks], containers: [...containers] };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.entries.clear();
  }

  private note(until: Until, network: string, containers: string[]): void {
    const key = `${until}:${network}`;
    const entry = this.entries.get(key);
    if (entry) entry.containers = [...new Set([...entry.containers, ...containers])];
    else this.entries.set(key, { until, network, containers, tries: 0, dueAt: undefined });
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
        if (due.networks.length) this.readAgain(due.networks, due.containers);
        this.arm();
      }, inMs);
    }
    return inMs;
  }
}

/** A running container and a network's inspect disagree on whether it is attached. */
function disagree(n: RawNetwork, c: RawContainer): boolean {
  if (c.State !== 'running') return false;
  const inNetwork = !!n.Containers?.[c.Id];
  const inContainer = Object.values(c.NetworkSettings?.Networks ?? {}).some((s) => s?.NetworkID === n.Id);
  return inNetwork !== inContainer;
}

function settled(entry: Entry, lists: ReadLists, fullRead: boolean): boolean {
  const n = lists.networks.get(entry.network);
  switch (entry.until) {
    case 'gone':
      return !n;
    case 'allocated':
      return !n || !isUnallocated(n);
    case 'agreed':
      // A full read's join takes the containers' own records: the disagreement is gone from view.
      if (fullRead || !n) return true;
      return entry.containers.every((id) => {
        const c = lists.containers.get(id);
        return !c || !disagree(n, c);
      });
  }
}
