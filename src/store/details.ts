// What the views ask about one object beyond the lists: a container's inspect (the aliases and
// DNS names older engines leave out of the list, its process, its ports and DNS), a network's own
// inspect (verbose on a swarm manager) and the host's interfaces of a network. Each answer is kept
// until an event touches its object or the engine is read in full; reads go through the client's
// limit of requests in flight. Plain Node.
import { EngineClient } from '../engine/client';
import { EndpointPlumbing, LinkReader, PlumbingResult, PlumbingRoots, readsHere } from '../engine/plumbing';
import { RawContainerInspect, RawNetwork } from '../engine/types';
import { EndpointModel, NetworkModel } from '../model/snapshot';
import { hasNamespace, networkPlumbing } from './plumbing';

/** A network's plumbing, for its endpoints or those given. */
export interface PlumbingRequest {
  network: NetworkModel;
  endpoints?: readonly EndpointModel[];
}

/** The most containers whose processes one look reads (the rest show no interface). */
export const MAX_PROCESS_READS = 500;

/** A read kept while it is current: dropped when it fails, so the next ask reads again. */
class Kept<T> {
  private readonly pending = new Map<string, Promise<T>>();
  private readonly arrived = new Map<string, T>();

  get(id: string, read: () => Promise<T>): Promise<T> {
    let p = this.pending.get(id);
    if (!p) {
      const mine = (p = read());
      this.pending.set(id, mine);
      mine.then(
        (value) => this.pending.get(id) === mine && this.arrived.set(id, value),
        () => this.pending.get(id) === mine && this.pending.delete(id),
      );
    }
    return p;
  }

  /** The answer already in, if any: what a view can show before it waits. */
  known(id: string): T | undefined {
    return this.arrived.get(id);
  }

  /** An answer read elsewhere, as current as a read now would be. */
  set(id: string, value: T): void {
    this.pending.set(id, Promise.resolve(value));
    this.arrived.set(id, value);
  }

  drop(id: string): void {
    this.pending.delete(id);
    this.arrived.delete(id);
  }

  clear(): void {
    this.pending.clear();
    this.arrived.clear();
  }
}

export class DetailCache {
  private readonly containers = new Kept<RawContainerInspect>();
  private readonly networks = new Kept<RawNetwork>();
  /** Plumbing that could be read in full, by network, then by the endpoints asked for. */
  private readonly plumbing = new Map<string, Map<string, PlumbingResult>>();
  /**
   * Each endpoint's plumbing as last read in full, by network, then container: kept across events
   * that did not name the container, so a look after one container connected to a network of 500
   * reads that one container's namespace, not 500 (each some 40 file operations).
   */
  private readonly endpointPlumbing = new Map<string, Map<string, { key: string; value: EndpointPlumbing }>>();
  /** Bumped whenever a network's plumbing is forgotten: a look that began before keeps nothing. */
  private generation = 0;
  private readonly forgottenAt = new Map<string, number>();

  /** `roots`: where the host's interfaces are read (the host's own unless a test says otherwise). */
  constructor(
    private readonly client: EngineClient,
    private readonly roots?: PlumbingRoots,
  ) {}

  container(id: string): Promise<RawContainerInspect> {
    return this.containers.get(id, () => this.client.inspectContainer(id));
  }

  knownContainer(id: string): RawContainerInspect | undefined {
    return this.containers.known(id);
  }

  network(id: string, verbose: boolean): Promise<RawNetwork> {
    return this.networks.get(id, () => this.client.inspectNetwork(id, { verbose }));
  }

  knownNetwork(id: string): RawNetwork | undefined {
    return this.networks.known(id);
  }

  /**
   * A network's inspect the store read after an event (not verbose): what a view of the network
   * asks next (its panel, updating), answered without asking the engine again.
   */
  keepNetwork(network: RawNetwork): void {
    this.networks.set(network.Id, network);
  }

  /** Forgets a network's inspect (its services or peers changed), or with `undefined` every one. */
  forgetNetwork(id: string | undefined): void {
    if (id === undefined) this.networks.clear();
    else this.networks.drop(id);
  }

  /**
   * The host's interfaces of each network asked for, in one look (each namespace read once). The
   * processes that name the containers' namespaces come from their inspects, for a local engine.
   */
  async plumbingOf(requests: readonly PlumbingRequest[]): Promise<PlumbingResult[]> {
    const local = readsHere(this.client.endpoint.host);
    const began = this.generation;
    const reader = new LinkReader(this.roots);
    const pids = new Map<string, number>();
    if (local) {
      const wanted = new Set<string>();
      for (const r of requests)
        for (const e of r.endpoints ?? r.network.endpoints)
          if (hasNamespace(e) && !e.sharedFrom && !this.cachedPlumbing(r)) wanted.add(e.containerId);
      await Promise.all(
        [...wanted].slice(0, MAX_PROCESS_READS).map(async (id) => {
          const pid = (await this.container(id).catch(() => undefined))?.State?.Pid;
          if (pid) pids.set(id, pid);
        }),
      );
    }
    const results: PlumbingResult[] = [];
    for (const r of requests) {
      const cached = this.cachedPlumbing(r);
      if (cached) {
        results.push(cached);
        continue;
      }
      const endpoints = r.endpoints ?? r.network.endpoints;
      const keyOf = (e: EndpointModel) => `${e.endpointId ?? ''}/${e.state}/${pids.get(e.containerId) ?? 0}`;
      // What is kept for this network now (an event during the read below may drop some of it).
      const kept = new Map<string, EndpointPlumbing>();
      const keptBefore = this.endpointPlumbing.get(r.network.id);
      for (const e of endpoints) {
        const k = keptBefore?.get(e.containerId);
        if (k && k.key === keyOf(e)) kept.set(e.containerId, k.value);
      }
      let result = await networkPlumbing(
        this.client,
        r.network,
        pids,
        endpoints.filter((e) => !kept.has(e.containerId)),
        reader,
      );
      if (result.available && result.plumbing.kind === 'bridge' && !result.plumbing.bridge && kept.size) {
        // The bridge is gone while containers were kept on it: read them all, as a first look would
        // (it tells a bridge that is elsewhere, an engine in a VM, from one not made yet).
        kept.clear();
        this.endpointPlumbing.delete(r.network.id);
        result = await networkPlumbing(this.client, r.network, pids, endpoints, reader);
      }
      if (result.available) {
        const read = new Map(result.plumbing.endpoints.map((e) => [e.containerId, e]));
        result.plumbing.endpoints = endpoints.map(
          (e) => kept.get(e.containerId) ?? read.get(e.containerId) ?? { containerId: e.containerId },
        );
      }
      // What could not be read (a busy host, an inspect that failed or was not made, a container
      // still starting) is read again next time; so is a look that an event overtook.
      const unread = endpoints.some((e) => hasNamespace(e) && !e.sharedFrom && !pids.has(e.containerId));
      if (result.available && this.unchangedSince(r.network.id, began)) {
        const paired = result.plumbing.kind === 'overlay' || result.plumbing.kind === 'other';
        let byContainer = this.endpointPlumbing.get(r.network.id);
        if (!byContainer) this.endpointPlumbing.set(r.network.id, (byContainer = new Map()));
        for (const [i, e] of endpoints.entries()) {
          const value = result.plumbing.endpoints[i];
          const readable = !hasNamespace(e) || !!e.sharedFrom || pids.has(e.containerId);
          // Kept: what was read in full. A running container's interface without the host's end it
          // is paired with (the bridge's ports not read in time on a busy host) is read again.
          const whole = value.problem
            ? value.problem === 'notRunning' || value.problem === 'shared'
            : paired || !!value.hostPeer || !!value.parent;
          if (readable && whole) byContainer.set(e.containerId, { key: keyOf(e), value });
          else byContainer.delete(e.containerId);
        }
      }
      if (complete(result) && !unread && this.unchangedSince(r.network.id, began)) {
        let byEndpoints = this.plumbing.get(r.network.id);
        if (!byEndpoints) this.plumbing.set(r.network.id, (byEndpoints = new Map()));
        byEndpoints.set(endpointsKey(r), result);
      }
      results.push(result);
    }
    return results;
  }

  private clearedAt = 0;

  /** Nothing forgot this network's plumbing since `generation`. */
  private unchangedSince(id: string, generation: number): boolean {
    return this.clearedAt <= generation && (this.forgottenAt.get(id) ?? 0) <= generation;
  }

  private cachedPlumbing(r: PlumbingRequest): PlumbingResult | undefined {
    return this.plumbing.get(r.network.id)?.get(endpointsKey(r));
  }

  /**
   * After a read of what events named: forgets what those networks and containers were (the
   * networks given include every one a named container is or was on), their plumbing and inspects.
   */
  touched(networkIds: Iterable<string>, containerIds: readonly string[]): void {
    for (const id of containerIds) this.containers.drop(id);
    for (const [network, byContainer] of this.endpointPlumbing) {
      for (const id of containerIds) byContainer.delete(id);
      // A network is removed once its containers left it (each leaving an event): nothing stays.
      if (!byContainer.size) this.endpointPlumbing.delete(network);
    }
    this.generation++;
    for (const id of new Set(networkIds)) {
      this.networks.drop(id);
      this.plumbing.delete(id);
      this.forgottenAt.set(id, this.generation);
    }
  }

  /** After a full read: everything is read again when asked. */
  clear(): void {
    this.containers.clear();
    this.networks.clear();
    this.plumbing.clear();
    this.endpointPlumbing.clear();
    this.generation++;
    // Every look under way began before now: none may keep what it read.
    this.forgottenAt.clear();
    this.clearedAt = this.generation;
  }
}

function endpointsKey(r: PlumbingRequest): string {
  return (r.endpoints ?? r.network.endpoints).map((e) => `${e.containerId}/${e.endpointId ?? ''}/${e.state}`).join();
}

/** Read in full: the network and each of its running endpoints. */
function complete(result: PlumbingResult): boolean {
  if (!result.available || (result.plumbing.kind === 'bridge' && !result.plumbing.bridge)) return false;
  return result.plumbing.endpoints.every((e) => !e.problem || e.problem === 'notRunning' || e.problem === 'shared');
}
