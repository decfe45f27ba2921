// One engine's session: its event stream, its latest snapshot, and the refresh that keeps it
// current (windows that grow while events keep coming, coalesced refreshes, catch-up on reconnect).
import { DEFAULT_EVENT_FILTERS, EngineClient, SWARM_EVENT_FILTERS } from '../engine/client';
import { EngineError, toEngineError } from '../engine/errors';
import { EventStream } from '../engine/events';
import { RawContainer, RawEvent, RawNetwork } from '../engine/types';
import { buildSnapshot, EngineSnapshot } from '../model/snapshot';
import { SwarmNodeModel } from '../model/swarm';
import { Disposable } from '../util/lifecycle';
import { EngineState, EngineStatus, EngineVersion, ResolvedStoreOptions } from './types';
import { SwarmWatch } from './swarmWatch';
import { UnsettledNetworks } from './unsettled';
import { engineVersion } from './version';
import { EventWindows } from './windows';

export class EngineSession extends Disposable {
  status: EngineStatus = 'idle';
  snapshot: EngineSnapshot | undefined;
  error: EngineError | undefined;
  version: EngineVersion | undefined;
  refreshes = 0;
  updatedAt: number | undefined;

  private events: EventStream | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** When events turn into reads. */
  private readonly windows: EventWindows;
  /** A manager's node list and the overlay details it follows. */
  private readonly swarm: SwarmWatch;
  /** Networks an event or a read caught between two states, read again until settled. */
  private readonly unsettled = new UnsettledNetworks();
  private pollTimer: NodeJS.Timeout | undefined;
  /** Version and info are read once per connection, and again when swarm state may have changed. */
  private infoStale = false;
  /** Verbose inspects of networks, valid until the next refresh. */
  private detailCache = new Map<string, Promise<RawNetwork>>();
  /** The last lists read, by ID, which event updates patch. */
  private rawNetworks = new Map<string, RawNetwork>();
  private rawContainers = new Map<string, RawContainer>();
  private pendingNetworks = new Set<string>();
  private pendingContainers = new Set<string>();
  private pendingFull = false;
  private fullRequested = false;
  /** Reads of only what events named. */
  updates = 0;
  /** Reads again in a row because the engine was caught between two records. */
  private rechecks = 0;

  constructor(
    readonly name: string,
    readonly client: EngineClient,
    private readonly options: ResolvedStoreOptions,
    private readonly changed: () => void,
  ) {
    super();
    this.windows = new EventWindows(options, () => void this.schedule());
    this.swarm = new SwarmWatch(
      client,
      {
        name,
        isManager: () => !!this.version?.swarm.manager,
        hasNetwork: (id) => this.rawNetworks.has(id),
        setDetails: (id, network) => {
          if (id === undefined) this.detailCache.clear();
          else if (network) this.detailCache.set(id, Promise.resolve(network));
        },
        changed: () => {
          if (!this.isDisposed) this.changed();
        },
      },
      options.log,
    );
  }

  /** A manager's swarm nodes, read with the lists and again on node events. */
  get swarmNodes(): SwarmNodeModel[] | undefined {
    return this.swarm.nodes;
  }

  get state(): EngineState {
    return {
      name: this.name,
      endpoint: this.client.endpoint,
      status: this.status,
      snapshot: this.snapshot,
      error: this.error,
      version: this.version,
      refreshes: this.refreshes,
      updates: this.updates,
      updatedAt: this.updatedAt,
      pollingMs: this.pollingMs,
      swarmNodes: this.swarm.nodes,
    };
  }

  start(): void {
    if (this.events || this.isDisposed) return;
    const log = this.options.log;
    // Open the stream first and refresh once it is open, so nothing between the two is missed.
    this.events = this.register(
      this.client.events(
        {
          onEvent: (e) => this.onEvent(e),
          onConnected: () => {
            log.debug(`[${this.name}] event stream connected`);
            this.infoStale = true;
            void this.refresh();
          },
          onDisconnected: (error, retryInMs) => {
            log.debug(`[${this.name}] event stream down (${error.kind}: ${error.message}); retry in ${this.events?.isPaused ? '(paused)' : `${retryInMs} ms`}`);
            // Once per outage, a read tells whether the engine itself is gone, and shows it; the
            // attempts that follow change nothing until one connects (which reads everything).
            if (this.status !== 'error') void this.refresh();
            else if (error.message !== this.error?.message) {
              this.error = error;
              this.changed();
            }
          },
          onLost: () => {
            log.debug(`[${this.name}] an event could not be read; reading everything`);
            this.pendingFull = true;
            this.windows.onEvent();
          },
        },
        {
          minBackoffMs: this.options.minBackoffMs,
          // A local socket costs nothing to try and its engine is often just restarting: at most
          // every 10 s. A remote one is spared: up to a minute between attempts.
          maxBackoffMs: /^(unix|npipe):/.test(this.client.endpoint.host) ? Math.min(this.options.maxBackoffMs, LOCAL_MAX_BACKOFF_MS) : this.options.maxBackoffMs,
          filters: () => (this.version?.swarm.active ? SWARM_EVENT_FILTERS : DEFAULT_EVENT_FILTERS),
        },
      ),
    );
    this.status = 'loading';
    this.changed();
    this.events.start();
    this.register({ dispose: () => clearInterval(this.pollTimer) });
    this.restartPolling();
  }

  /**
   * Polling is a fallback to events, off unless the setting asks for it, except for Podman: its
   * event stream has container and connect events but none for networks made or removed.
   */
  restartPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.pollingMs = this.options.pollMs || (this.version && /podman/i.test(this.version.product) ? PODMAN_POLL_MS : 0);
    if (this.pollingMs > 0 && this.started && !this.isDisposed && !this.events?.isPaused) {
      this.pollTimer = setInterval(() => void this.refresh(), this.pollingMs);
    }
  }

  /** The polling interval in force (0: events only). */
  pollingMs = 0;

  get started(): boolean {
    return this.events !== undefined;
  }

  get eventStream(): EventStream | undefined {
    return this.events;
  }

  private onEvent(event: RawEvent): void {
    this.options.log.trace(`[${this.name}] event ${event.Type} ${event.Action} ${event.Actor?.ID ?? ''}`);
    // `docker swarm init/join/leave` create or destroy the ingress network: re-read the swarm state.
    if (event.Type === 'network' && event.Actor?.Attributes?.name === 'ingress') this.infoStale = true;
    // A node up or down, promoted or demoted, a service changed: the node list and the verbose
    // inspects (services, tasks, peers) are what change, not the lists.
    if (event.Type === 'node' || event.Type === 'service') {
      this.swarm.onEvent(event.Type === 'node');
      return;
    }
    // Note what the event is about, so the update reads just that (a network, a container).
    const id = event.Actor?.ID;
    if (!id || event.Action === 'prune') this.pendingFull = true;
    else if (event.Type === 'network') {
      this.pendingNetworks.add(id);
      if (event.Action === 'remove' || event.Action === 'destroy') this.unsettled.removed(id);
      const container = event.Actor?.Attributes?.container;
      if (container) this.pendingContainers.add(container);
    } else if (event.Type === 'container') this.pendingContainers.add(id);
    else this.pendingFull = true;
    this.windows.onEvent();
  }

  /** Reads the whole engine again (first load, reconnect, poll, a user's Refresh). */
  refresh(): Promise<void> {
    this.fullRequested = true;
    return this.schedule();
  }

  /** Runs a read now; one requested while one runs is folded into one more run after it. */
  private schedule(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    if (!this.running) {
      this.running = this.load().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.schedule();
      });
    }
    return this.queued;
  }

  /**
   * Whether anything shows this engine (the view, a panel). While nothing does, a stream that is
   * down is not retried and polling stops; when something does again, a stream that is down
   * reconnects at once. A held SSH login stays held: only the user's Retry releases it.
   */
  setNeeded(needed: boolean): void {
    if (!this.events) return;
    if (needed) {
      this.events.resume();
      this.restartPolling();
    } else {
      this.events.pause();
      if (this.pollTimer) clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  /** A user's Retry: refresh and reconnect the stream without waiting for its backoff. */
  retry(): Promise<void> {
    this.client.allowRetry();
    this.events?.retryNow();
    return this.refresh();
  }

  /**
   * A full read lists every network and container; after events it is enough to read the networks
   * and containers they name and patch the last lists, whatever the engine's size. Podman's events
   * name containers where Docker names networks, so Podman engines are always read in full.
   */
  private async load(): Promise<void> {
    const pending = this.pendingNetworks.size + this.pendingContainers.size;
    const partial =
      !this.fullRequested && !this.pendingFull && !!this.snapshot && !this.infoStale && pending > 0 && pending <= MAX_PARTIAL &&
      !/podman/i.test(this.version?.product ?? '');
    if (partial && (await this.loadChanged())) return;
    if (!partial && pending === 0 && !this.fullRequested && !this.pendingFull && this.snapshot) return; // nothing left to read
    await this.loadAll();
  }

  /**
   * The engine announces a connect or disconnect before the container's own record (what the
   * container list shows) has it. A read that lands in between finds the network's inspect and a
   * running container disagreeing on whether it is attached; read both again shortly, a few times
   * at most, so the last word is the engine's settled state.
   */
  private recheckIfBehind(networks: ReadonlyArray<readonly [string, RawNetwork | undefined]>, containers: readonly RawContainer[]): void {
    const behind = networks.filter(([, n]) => n && containers.some((c) => c.State === 'running' && !!n.Containers?.[c.Id] !== Object.values(c.NetworkSettings?.Networks ?? {}).some((s) => s?.NetworkID === n.Id)));
    if (!behind.length || this.rechecks >= MAX_RECHECKS) {
      this.rechecks = 0;
      return;
    }
    this.rechecks++;
    for (const [id] of behind) this.pendingNetworks.add(id);
    for (const c of containers) this.pendingContainers.add(c.Id);
    setTimeout(() => void this.schedule(), RECHECK_MS);
  }

  /** Networks caught between two states are read again shortly, a few times at most. */
  private recheckUnsettled(read: Iterable<RawNetwork>): void {
    const again = this.unsettled.check(read, this.rawNetworks);
    for (const id of again.ids) this.pendingNetworks.add(id);
    if (again.ids.length) setTimeout(() => void this.schedule(), again.inMs);
  }

  /** Reads what the pending events name; false when a full read is needed instead. */
  private async loadChanged(): Promise<boolean> {
    const networkIds = [...this.pendingNetworks];
    const containerIds = [...this.pendingContainers];
    this.pendingNetworks.clear();
    this.pendingContainers.clear();
    const started = Date.now();
    try {
      const [networks, containers] = await Promise.all([
        Promise.all(networkIds.map((id) => this.client.inspectNetwork(id).then((n) => [id, n] as const, (e: unknown) => {
          if ((e as EngineError).kind === 'notFound') return [id, undefined] as const;
          throw e;
        }))),
        containerIds.length ? this.client.listContainers({ ids: containerIds }) : [],
      ]);
      if (this.isDisposed) return true;
      for (const [id, n] of networks) {
        if (n) this.rawNetworks.set(n.Id, n);
        else this.rawNetworks.delete(id);
      }
      this.recheckUnsettled(networks.flatMap(([, n]) => (n ? [n] : [])));
      const found = new Set(containers.map((c) => c.Id));
      for (const c of containers) this.rawContainers.set(c.Id, c);
      for (const id of containerIds) if (!found.has(id)) this.rawContainers.delete(id);
      this.snapshot = buildSnapshot([...this.rawNetworks.values()], [...this.rawContainers.values()]);
      this.detailCache.clear();
      this.updates++;
      this.recheckIfBehind(networks, containers);
      this.updatedAt = Date.now();
      this.options.log.trace(`[${this.name}] updated ${networkIds.length} networks, ${containerIds.length} containers in ${Date.now() - started} ms`);
      this.changed();
      return true;
    } catch {
      // Anything unexpected: read everything.
      return false;
    }
  }

  private async loadAll(): Promise<void> {
    this.fullRequested = false;
    this.pendingFull = false;
    this.pendingNetworks.clear();
    this.pendingContainers.clear();
    const log = this.options.log;
    const started = Date.now();
    try {
      const needInfo = !this.version || this.infoStale;
      this.infoStale = false;
      const [networks, containers, version, info] = await Promise.all([
        this.client.listNetworks(),
        this.client.listContainers(),
        needInfo ? this.client.version() : undefined,
        needInfo ? this.client.info() : undefined,
      ]);
      if (this.isDisposed) return;
      if (version && info) {
        const product = this.version?.product;
        const wasSwarm = this.version?.swarm.active;
        this.version = engineVersion(version, info);
        if (this.version.product !== product) this.restartPolling();
        // In a swarm (first seen, joined) or out of one: the stream asks for node and service events, or stops.
        if (this.version.swarm.active !== (wasSwarm ?? false)) this.events?.reopen();
      }
      if (this.version?.swarm.manager) {
        if (needInfo || !this.swarm.nodes) await this.swarm.readNodes();
      } else this.swarm.nodes = undefined;
      this.rawNetworks = new Map(networks.map((n) => [n.Id, n]));
      this.rawContainers = new Map(containers.map((c) => [c.Id, c]));
      this.recheckUnsettled(networks);
      this.snapshot = buildSnapshot(networks, containers);
      this.detailCache.clear();
      if (this.status === 'error') log.info(`[${this.name}] engine reachable again`);
      this.status = 'ready';
      this.error = undefined;
      log.trace(`[${this.name}] refreshed: ${networks.length} networks, ${containers.length} containers in ${Date.now() - started} ms`);
    } catch (e) {
      if (this.isDisposed) return;
      const error = toEngineError(e, { endpoint: this.client.endpoint.host });
      const isNew = this.status !== 'error' || this.error?.message !== error.message;
      if (isNew) log.error(`[${this.name}] ${error.message}${error.daemonMessage ? ` (${error.daemonMessage})` : ''}`);
      this.status = 'error';
      this.error = error;
      this.snapshot = undefined;
      this.version = undefined;
      this.swarm.nodes = undefined;
      this.rawNetworks.clear();
      this.rawContainers.clear();
    } finally {
      this.refreshes++;
      this.updatedAt = Date.now();
    }
    if (!this.isDisposed) this.changed();
  }

  /**
   * The network as its own inspect shows it: verbose (services, tasks, peers) for a swarm network
   * on a manager. Read on demand (an overlay network expanded) and kept until the next refresh.
   */
  networkDetails(networkId: string): Promise<RawNetwork> {
    let cached = this.detailCache.get(networkId);
    if (!cached) {
      const network = this.snapshot?.networks.find((n) => n.id === networkId);
      const verbose = !!this.version?.swarm.manager && network?.scope === 'swarm';
      cached = this.client.inspectNetwork(networkId, { verbose });
      cached.then((n) => verbose && this.swarm.follow(networkId, n), () => this.detailCache.delete(networkId));
      this.detailCache.set(networkId, cached);
    }
    return cached;
  }

  override dispose(): void {
    this.swarm.dispose();
    this.windows.dispose();
    super.dispose();
    this.client.dispose();
  }
}

const PODMAN_POLL_MS = 5_000;
const LOCAL_MAX_BACKOFF_MS = 10_000;

const MAX_RECHECKS = 3;
const RECHECK_MS = 50;
/** More objects than this in one window are read faster as two lists. */
const MAX_PARTIAL = 64;
