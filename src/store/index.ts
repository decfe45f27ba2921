// Keeps the latest snapshot of every engine and refreshes it from the engine's event stream. The
// views read from here and never call an engine themselves: the lists, and the details of single
// objects they ask for (kept until an event touches them). Plain Node: tested without VS Code.
import { EngineClient } from '../engine/client';
import { EventStream } from '../engine/events';
import { PlumbingResult } from '../engine/plumbing';
import { readHostRoutes } from '../engine/hostRoutes';
import { addressSpace, AddressSpaceView } from '../model/addressSpace';
import { RawContainerInspect, RawNetwork } from '../engine/types';
import { ContainerModel, NetworkModel } from '../model/snapshot';
import { nameNodes, SwarmDetails, swarmDetails, SwarmGroup, swarmGroups, SwarmNodeModel } from '../model/swarm';
import { Emitter, Event } from '../util/emitter';
import { Disposable } from '../util/lifecycle';
import { nullLogger } from '../util/log';
import { PlumbingRequest } from './details';
import { EngineSession } from './session';
import { EngineState, ResolvedStoreOptions, StoreOptions } from './types';

export * from './types';
export { describeFailure, offersHostKeyTrust } from './failure';
export type { PlumbingRequest } from './details';

/**
 * What the views (tree, panels) may do with the store: read. Only commands write, through the
 * engine layer; views that need an engine's answer ask here, and get what is already known.
 */
export interface StoreReader {
  readonly onDidChange: Event<void>;
  readonly engines: EngineState[];
  engine(name: string): EngineState | undefined;
  network(engine: string, networkId: string): NetworkModel | undefined;
  container(engine: string, containerId: string): ContainerModel | undefined;
  swarms(): SwarmGroup[];
  swarmNodesOf(engine: string): readonly SwarmNodeModel[] | undefined;
  containerDetails(engine: string, containerId: string): Promise<RawContainerInspect>;
  knownContainerDetails(engine: string, containerId: string): RawContainerInspect | undefined;
  networkDetails(engine: string, networkId: string): Promise<RawNetwork>;
  swarmDetails(engine: string, networkId: string): Promise<SwarmDetails>;
  plumbing(engine: string, requests: readonly PlumbingRequest[]): Promise<PlumbingResult[]>;
  addressSpace(engine: string): Promise<AddressSpaceView | undefined>;
  setShown(who: string, shown: boolean): void;
  start(): void;
  refresh(engine?: string): Promise<void>;
}

export class NetworkStore extends Disposable implements StoreReader {
  private sessions: EngineSession[] = [];
  private readonly changeEmitter: Emitter<void>;
  private readonly options: ResolvedStoreOptions;
  private isStarted = false;
  /** What shows the engines now (the view, panels); none: streams that are down are not retried. */
  private readonly demand = new Set<string>();
  private demandTracked = false;
  /** Fires after any engine's state changed. */
  readonly onDidChange;

  constructor(clients: readonly EngineClient[], options: StoreOptions = {}) {
    super();
    const log = options.log ?? nullLogger;
    this.changeEmitter = this.register(new Emitter<void>((e) => log.error(e instanceof Error ? e : String(e))));
    this.onDidChange = this.changeEmitter.event;
    this.options = {
      debounceMs: options.debounceMs ?? 100,
      stormMaxWaitMs: options.stormMaxWaitMs ?? 5_000,
      calmMs: options.calmMs ?? 1_000,
      pollMs: options.pollMs ?? 0,
      minBackoffMs: options.minBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
      log,
    };
    this.setClients(clients);
    this.register({ dispose: () => this.sessions.forEach((s) => s.dispose()) });
  }

  private newSession(client: EngineClient): EngineSession {
    const session = new EngineSession(client.endpoint.name, client, this.options, () => this.changeEmitter.fire());
    if (this.isStarted) {
      session.start();
      if (!this.needed) session.setNeeded(false);
    }
    return session;
  }

  private get needed(): boolean {
    return !this.demandTracked || this.demand.size > 0;
  }

  /**
   * Says whether `who` (the view, a panel) shows the engines now. While nothing does, engines that
   * cannot be reached are not retried; when something does again, they are retried at once. The
   * first call with `shown` starts the store.
   */
  setShown(who: string, shown: boolean): void {
    const before = this.needed;
    this.demandTracked = true;
    if (shown) this.demand.add(who);
    else this.demand.delete(who);
    if (shown) this.start();
    const after = this.needed;
    if (before !== after && this.isStarted) for (const s of this.sessions) s.setNeeded(after);
  }

  /**
   * Replaces the set of engines (the engines setting changed). Engines whose name and address are
   * unchanged keep their session, snapshot and event stream.
   */
  setClients(clients: readonly EngineClient[]): void {
    const keep = new Map(this.sessions.map((s) => [`${s.name}\n${s.client.endpoint.host}`, s]));
    const next = clients.map((client) => {
      const key = `${client.endpoint.name}\n${client.endpoint.host}`;
      const existing = keep.get(key);
      if (existing && sameEndpoint(existing.client, client)) {
        keep.delete(key);
        existing.client.timeoutMs = client.timeoutMs;
        client.dispose(); // the session keeps its own client and connection
        return existing;
      }
      return this.newSession(client);
    });
    for (const gone of keep.values()) gone.dispose();
    const changed = next.length !== this.sessions.length || next.some((s, i) => s !== this.sessions[i]);
    this.sessions = next;
    if (changed) this.changeEmitter.fire();
  }

  get engines(): EngineState[] {
    return this.sessions.map((s) => s.state);
  }

  /** One engine by name (building only its state). */
  engine(name: string): EngineState | undefined {
    return this.sessions.find((s) => s.name === name)?.state;
  }

  network(engine: string, networkId: string): NetworkModel | undefined {
    return this.session(engine)?.snapshot?.networks.find((n) => n.id === networkId);
  }

  container(engine: string, containerId: string): ContainerModel | undefined {
    return this.session(engine)?.snapshot?.containers.find((c) => c.id === containerId);
  }

  /** Engines grouped by the swarm they are nodes of, with the swarm networks each shows. */
  swarms(): SwarmGroup[] {
    return swarmGroups(
      this.sessions
        .filter((s) => s.version?.swarm.active)
        .map((s) => ({
          engine: s.name,
          ...(s.version?.swarm.nodeId ? { nodeId: s.version.swarm.nodeId } : {}),
          ...(s.version?.swarm.clusterId ? { clusterId: s.version.swarm.clusterId } : {}),
          ...(s.swarmNodes ? { nodes: s.swarmNodes } : {}),
          networks: s.snapshot?.networks ?? [],
        })),
    );
  }

  /**
   * The swarm nodes that name the nodes of an engine's networks: its own list on a manager, else
   * the list of a manager among the engines that is in the same swarm.
   */
  swarmNodesOf(engine: string): readonly SwarmNodeModel[] | undefined {
    const session = this.session(engine);
    if (!session?.version?.swarm.active) return undefined;
    if (session.swarmNodes) return session.swarmNodes;
    const nodeId = session.version.swarm.nodeId;
    return nodeId ? this.sessions.find((s) => s.swarmNodes?.some((n) => n.id === nodeId))?.swarmNodes : undefined;
  }

  /** Applies changed settings (debounce, polling) to every engine. */
  configure(options: Pick<StoreOptions, 'debounceMs' | 'pollMs'>): void {
    if (options.debounceMs !== undefined) this.options.debounceMs = options.debounceMs;
    if (options.pollMs !== undefined && options.pollMs !== this.options.pollMs) {
      this.options.pollMs = options.pollMs;
      for (const s of this.sessions) s.restartPolling();
    }
  }

  get started(): boolean {
    return this.isStarted;
  }

  /** Starts watching every engine (idempotent): the first call is the first engine contact. */
  start(): void {
    this.isStarted = true;
    for (const s of this.sessions) s.start();
  }

  /** Refreshes one engine (by name) or all, and reconnects streams that are down. */
  async refresh(engine?: string): Promise<void> {
    this.start();
    await Promise.all(this.sessions.filter((s) => engine === undefined || s.name === engine).map((s) => s.retry()));
  }

  private session(engine?: string): EngineSession | undefined {
    return engine === undefined ? this.sessions[0] : this.sessions.find((s) => s.name === engine);
  }

  private known(engine: string): EngineSession {
    const session = this.session(engine);
    if (!session) throw new Error(`There is no engine named "${engine}".`);
    return session;
  }

  /** The engine's client, for commands: they write through it. Views read through the store. */
  client(engine?: string): EngineClient | undefined {
    return this.session(engine)?.client;
  }

  /** A container's inspect, kept until an event touches the container. */
  async containerDetails(engine: string, containerId: string): Promise<RawContainerInspect> {
    return this.known(engine).details.container(containerId);
  }

  /** The container's inspect if it has been read and is current. */
  knownContainerDetails(engine: string, containerId: string): RawContainerInspect | undefined {
    return this.session(engine)?.details.knownContainer(containerId);
  }

  /** A network's own inspect (verbose for swarm networks on a manager), kept until an event touches it. */
  async networkDetails(engine: string, networkId: string): Promise<RawNetwork> {
    return this.known(engine).networkDetails(networkId);
  }

  /** An overlay network's load balancer, services with their tasks, and peers, named by the swarm's nodes. */
  async swarmDetails(engine: string, networkId: string): Promise<SwarmDetails> {
    return nameNodes(swarmDetails(await this.networkDetails(engine, networkId)), this.swarmNodesOf(engine));
  }

  /** The host's interfaces of each network asked for (readable for engines on this host only). */
  async plumbing(engine: string, requests: readonly PlumbingRequest[]): Promise<PlumbingResult[]> {
    return this.known(engine).details.plumbingOf(requests);
  }

  /**
   * How the engine's default address pools are used, with the host's routes when it runs here;
   * undefined until its first read.
   */
  async addressSpace(engine: string): Promise<AddressSpaceView | undefined> {
    const state = this.known(engine).state;
    if (!state.snapshot || !state.version) return undefined;
    return addressSpace({
      networks: state.snapshot.networks,
      pools: state.version.defaultAddressPools,
      podman: /podman/i.test(state.version.product),
      hostRoutes: await readHostRoutes(state.endpoint.host),
    });
  }

  /** For tests: the event stream of an engine. */
  eventStream(engine?: string): EventStream | undefined {
    return this.session(engine)?.eventStream;
  }
}

/**
 * The same endpoint, reached the same way: a changed identity file (the endpoint's own `ssh`) or ssh
 * executable or config file (the client's options) needs a new connection.
 */
function sameEndpoint(a: EngineClient, b: EngineClient): boolean {
  const key = (c: EngineClient) =>
    JSON.stringify({ ...c.endpoint, problem: c.endpoint.problem?.message, sshClient: c.sshOptions });
  return key(a) === key(b);
}
