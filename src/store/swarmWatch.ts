// What a swarm engine adds to its session: a manager's node list, kept from node events, and the
// verbose inspects of overlay networks, followed while shown because tasks start and move on other
// nodes without an event on this engine.
import { EngineClient } from '../engine/client';
import { RawNetwork } from '../engine/types';
import { SwarmNodeModel, toSwarmNodes } from '../model/swarm';
import { Logger } from '../util/log';

/** What the watch needs of its session. */
export interface SwarmWatchHost {
  readonly name: string;
  isManager(): boolean;
  hasNetwork(id: string): boolean;
  /** Forgets the kept verbose inspect of a network (or with `undefined` of every one). */
  forgetDetails(id: string | undefined): void;
  changed(): void;
}

/** How often a followed network's verbose inspect is read again, and how many are followed. */
const DETAILS_POLL_MS = 3_000;
const MAX_WATCHED = 20;
/** How long after a node event the swarm has usually rescheduled that node's tasks. */
const RESCHEDULE_MS = 3_000;

/** What of a verbose inspect the views show: services, tasks, peers. */
function detailKey(n: RawNetwork): string {
  return JSON.stringify([n.Services ?? null, n.Peers ?? null]);
}

export class SwarmWatch {
  /** A manager's nodes; undefined elsewhere. */
  nodes: SwarmNodeModel[] | undefined;
  private rescheduleTimer: NodeJS.Timeout | undefined;
  /** Networks whose verbose inspect is followed, with what it last said. */
  private readonly watched = new Map<string, string>();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private disposed = false;

  constructor(
    private readonly client: EngineClient,
    private readonly host: SwarmWatchHost,
    private readonly log: Logger,
  ) {}

  async readNodes(): Promise<void> {
    try {
      const nodes = await this.client.listSwarmNodes();
      if (!this.disposed) this.nodes = toSwarmNodes(nodes);
    } catch (e) {
      // Not (or no longer) a manager, or the swarm lost its quorum: show no node list.
      this.log.debug(`[${this.host.name}] swarm nodes not read: ${(e as Error).message}`);
      this.nodes = undefined;
    }
  }

  /**
   * A node or service event: forget the verbose inspects and, for a node event, read the node list
   * again, then tell the views. A node's tasks are rescheduled a moment after it goes down, so the
   * inspects are forgotten once more when that has had time to happen.
   */
  onEvent(node: boolean): void {
    this.host.forgetDetails(undefined);
    const read = node && this.host.isManager() ? this.readNodes() : Promise.resolve();
    void read.then(() => {
      if (!this.disposed) this.host.changed();
    });
    if (!node) return;
    clearTimeout(this.rescheduleTimer);
    this.rescheduleTimer = setTimeout(() => {
      this.host.forgetDetails(undefined);
      if (!this.disposed) this.host.changed();
    }, RESCHEDULE_MS);
  }

  /** Follows a network whose verbose inspect someone looked at. */
  follow(networkId: string, seen: RawNetwork): void {
    if (this.disposed || (!this.watched.has(networkId) && this.watched.size >= MAX_WATCHED)) return;
    this.watched.set(networkId, detailKey(seen));
    if (!this.pollTimer) this.pollTimer = setInterval(() => void this.poll(), DETAILS_POLL_MS);
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow engine: one round at a time
    this.polling = true;
    let changed = false;
    try {
      for (const id of [...this.watched.keys()]) {
        if (!this.host.isManager() || !this.host.hasNetwork(id)) {
          this.watched.delete(id);
          continue;
        }
        try {
          const n = await this.client.inspectNetwork(id, { verbose: true });
          const key = detailKey(n);
          if (this.disposed || this.watched.get(id) === key) continue;
          this.watched.set(id, key);
          // The views read it again (through the store, which keeps that read).
          this.host.forgetDetails(id);
          changed = true;
        } catch {
          // Gone or unreachable: the events and refreshes say so.
        }
      }
    } finally {
      this.polling = false;
    }
    if (!this.watched.size) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
    if (changed && !this.disposed) this.host.changed();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.rescheduleTimer);
    clearInterval(this.pollTimer);
  }
}
