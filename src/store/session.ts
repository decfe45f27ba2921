// One engine's session: its event stream, its latest snapshot, and the refresh that keeps it
// current (windows that grow while events keep coming, coalesced refreshes, catch-up on reconnect),
// with the details views ask for, kept until an event touches them.
import { DEFAULT_EVENT_FILTERS, EngineClient, SWARM_EVENT_FILTERS } from '../engine/client';
import { EngineError, toEngineError } from '../engine/errors';
import { EventStream } from '../engine/events';
import { RawContainer, RawEvent, RawNetwork } from '../engine/types';
import { EngineSnapshot, isUnallocated } from '../model/snapshot';
import { SnapshotIndex } from '../model/snapshotIndex';
import { SwarmNodeModel } from '../model/swarm';
import { Disposable } from '../util/lifecycle';
import { DetailCache } from './details';
import { Settling } from './settle';
import { SwarmWatch } from './swarmWatch';
import { EngineState, EngineStatus, EngineVersion, ResolvedStoreOptions } from './types';
import { engineVersion } from './version';
import { EventWindows } from './windows';

const PODMAN_POLL_MS = 5_000;
const LOCAL_MAX_BACKOFF_MS = 10_000;
/** More objects than this in one window are read faster as two lists. */
const MAX_PARTIAL = 64;

const isPodman = (version: EngineVersion | undefined) => /podman/i.test(version?.product ?? '');

export class EngineSession extends Disposable {
  status: EngineStatus = 'idle';
  snapshot: EngineSnapshot | undefined;
  /** The first read's networks while its containers are still read (see EngineState). */
  listing: EngineSnapshot | undefined;
  error: EngineError | undefined;
  version: EngineVersion | undefined;
  /** Completed full reads. */
  refreshes = 0;
  /** Reads of only what events named. */
  updates = 0;
  updatedAt: number | undefined;
  /** The polling interval in force (0: events only). */
  pollingMs = 0;
  /** Container and network inspects and host plumbing, kept until an event touches them. */
  readonly details: DetailCache;

  private events: EventStream | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** When events turn into reads. */
  private readonly windows: EventWindows;
  /** Networks caught between two states, read again until the engine agrees with itself. */
  private readonly settling: Settling;
  /** A manager's node list and the overlay details it follows. */
  private readonly swarm: SwarmWatch;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Version and info are read once per connection, and again when swarm state may have changed. */
  private infoStale = false;
  /** The last lists read, by ID, which event updates patch. */
  private rawNetworks = new Map<string, RawNetwork>();
  private rawContainers = new Map<string, RawContainer>();
  /** The join of the two lists, patched after events. */
  private index: SnapshotIndex | undefined;
  /** What events named since the last read. */
  private readonly pendingNetworks = new Set<string>();
  private readonly pendingContainers = new Set<string>();
  /** An event that names nothing readable alone (prune, a lost event): read everything. */
  private pendingFull = false;
  /** A full read asked for (first load, reconnect, poll, Refresh). */
  private fullRequested = false;

  constructor(
    readonly name: string,
    readonly client: EngineClient,
    private readonly options: ResolvedStoreOptions,
    private readonly changed: () => void,
  ) {
    super();
    this.details = new DetailCache(client);
    this.windows = new EventWindows(options, () => void this.schedule());
    this.settling = new Settling((networks, containers) => {
      for (const id of networks) this.pendingNetworks.add(id);
      for (const id of containers) this.pendingContainers.add(id);
      if (!this.windows.gather()) void this.schedule();
    });
    this.swarm = new SwarmWatch(
      client,
      {
        name,
        isManager: () => !!this.version?.swarm.manager,
        hasNetwork: (id) => this.rawNetworks.has(id),
        forgetDetails: (id) => this.details.forgetNetwork(id),
        changed: () => {
          if (!this.isDisposed) this.changed();
        },
      },
      options.log,
    );
  }

  get state(): EngineState {
    return {
      name: this.name,
      endpoint: this.client.endpoint,
      status: this.status,
      snapshot: this.snapshot,
      listing: this.listing,
      error: this.error,
      version: this.version,
      refreshes: this.refreshes,
      updates: this.updates,
      updatedAt: this.updatedAt,
      pollingMs: this.pollingMs,
      swarmNodes: this.swarm.nodes,
    };
  }

  /** A manager's swarm nodes, read with the lists and again on node events. */
  get swarmNodes(): SwarmNodeModel[] | undefined {
    return this.swarm.nodes;
  }

  get started(): boolean {
    return this.events !== undefined;
  }

  get eventStream(): EventStream | undefined {
    return this.events;
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
            log.debug(
              `[${this.name}] event stream down (${error.kind}: ${error.message}); retry in ${this.events?.isPaused ? '(paused)' : `${retryInMs} ms`}`,
            );
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
          maxBackoffMs: /^(unix|npipe):/.test(this.client.endpoint.host)
            ? Math.min(this.options.maxBackoffMs, LOCAL_MAX_BACKOFF_MS)
            : this.options.maxBackoffMs,
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
    this.pollingMs = this.options.pollMs || (isPodman(this.version) ? PODMAN_POLL_MS : 0);
    if (this.pollingMs > 0 && this.started && !this.isDisposed && !this.events?.isPaused) {
      this.pollTimer = setInterval(() => void this.refresh(), this.pollingMs);
    }
  }

  /** Reads the whole engine again (first load, reconnect, poll, a user's Refresh). */
  refresh(): Promise<void> {
    this.fullRequested = true;
    return this.schedule();
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
   * The network as its own inspect shows it: verbose (services, tasks, peers) for a swarm network
   * on a manager, followed while it is looked at. Kept until an event touches the network.
   */
  networkDetails(networkId: string): Promise<RawNetwork> {
    const network = this.snapshot?.networks.find((n) => n.id === networkId);
    const verbose = !!this.version?.swarm.manager && network?.scope === 'swarm';
    const details = this.details.network(networkId, verbose);
    if (verbose)
      details.then(
        (n) => this.swarm.follow(networkId, n),
        () => undefined,
      );
    return details;
  }

  override dispose(): void {
    this.swarm.dispose();
    this.windows.dispose();
    this.settling.dispose();
    super.dispose();
    this.client.dispose();
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
      const container = event.Actor?.Attributes?.container;
      const attach = event.Action === 'connect' || event.Action === 'disconnect';
      if (container && attach) {
        // A connect changes the container's record, which the model joins, not the network's
        // listing: a network already read whole is not read again (its inspect of hundreds of
        // containers), only the container, until its record says what the event says.
        this.pendingContainers.add(container);
        this.settling.announced(id, container, event.Action === 'connect');
        if (!this.isReadWhole(id)) this.pendingNetworks.add(id);
      } else {
        this.pendingNetworks.add(id);
        if (container) this.pendingContainers.add(container);
      }
      if (event.Action === 'remove' || event.Action === 'destroy') this.settling.removed(id);
    } else if (event.Type === 'container') this.pendingContainers.add(id);
    else this.pendingFull = true;
    this.windows.onEvent();
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
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.schedule();
    });
    return this.queued;
  }

  /**
   * A full read lists every network and container; after events it is enough to read the networks
   * and containers they name and patch the last lists, whatever the engine's size. Podman's events
   * name containers where Docker names networks, so Podman engines are always read in full.
   */
  private async load(): Promise<void> {
    const pending = this.pendingNetworks.size + this.pendingContainers.size;
    const full = this.fullRequested || this.pendingFull || !this.snapshot;
    if (!full && pending === 0) return; // nothing left to read
    const partial = !full && !this.infoStale && pending <= MAX_PARTIAL && !isPodman(this.version);
    if (partial && (await this.loadChanged())) return;
    await this.loadAll();
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
        Promise.all(
          networkIds.map((id) =>
            this.client.inspectNetwork(id).then(
              (n) => [id, n] as const,
              (e: unknown) => {
                if ((e as EngineError).kind === 'notFound') return [id, undefined] as const;
                throw e;
              },
            ),
          ),
        ),
        containerIds.length ? this.client.listContainers({ ids: containerIds }) : [],
      ]);
      if (this.isDisposed) return true;
      for (const [id, n] of networks) {
        if (n) this.rawNetworks.set(n.Id, n);
        else this.rawNetworks.delete(id);
      }
      const found = new Set(containers.map((c) => c.Id));
      for (const c of containers) this.rawContainers.set(c.Id, c);
      for (const id of containerIds) if (!found.has(id)) this.rawContainers.delete(id);
      const named = [...networkIds, ...networks.flatMap(([, n]) => (n ? [n.Id] : []))];
      // The networks the named containers were on, and are on now: what is known of them changed.
      const wereOn = this.index?.networksOf(containerIds) ?? [];
      this.index ??= new SnapshotIndex(this.rawNetworks, this.rawContainers);
      this.snapshot = this.index.apply(named, containerIds);
      this.details.touched([...networkIds, ...wereOn, ...this.index.networksOf(containerIds)], containerIds);
      const read = networks.flatMap(([, n]) => (n ? [n] : []));
      // Just inspected, after the event: a panel showing the network updates from this read, not
      // one more. A manager's swarm network is inspected verbose for its views: read again.
      const manager = !!this.version?.swarm.manager;
      for (const n of read) if (!(manager && n.Scope === 'swarm')) this.details.keepNetwork(n);
      this.settling.afterRead(read, containerIds, { networks: this.rawNetworks, containers: this.rawContainers });
      this.updates++;
      this.updatedAt = Date.now();
      this.options.log.trace(
        `[${this.name}] updated ${networkIds.length} networks, ${containerIds.length} containers in ${Date.now() - started} ms`,
      );
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
    let ended = false;
    try {
      const needInfo = !this.version || this.infoStale;
      this.infoStale = false;
      const networksRead = this.client.listNetworks();
      // An engine of thousands of containers answers with its networks long before its containers:
      // on the first read the tree shows them at once (this runs before the read below continues).
      if (!this.snapshot)
        networksRead.then(
          (networks) => {
            if (!ended) this.listed(networks);
          },
          () => undefined,
        );
      const [networks, containers, version, info] = await Promise.all([
        networksRead,
        this.client.listContainers(),
        needInfo ? this.client.version() : undefined,
        needInfo ? this.client.info() : undefined,
      ]);
      if (this.isDisposed) return;
      if (version && info) this.setVersion(engineVersion(version, info));
      if (this.version?.swarm.manager) {
        if (needInfo || !this.swarm.nodes) await this.swarm.readNodes();
      } else this.swarm.nodes = undefined;
      this.rawNetworks = new Map(networks.map((n) => [n.Id, n]));
      this.rawContainers = new Map(containers.map((c) => [c.Id, c]));
      this.index = new SnapshotIndex(this.rawNetworks, this.rawContainers);
      this.snapshot = this.index.snapshot;
      this.listing = undefined;
      this.details.clear();
      this.settling.afterRead(networks, undefined, { networks: this.rawNetworks, containers: this.rawContainers });
      if (this.status === 'error') log.info(`[${this.name}] engine reachable again`);
      this.status = 'ready';
      this.error = undefined;
      log.trace(
        `[${this.name}] refreshed: ${networks.length} networks, ${containers.length} containers in ${Date.now() - started} ms`,
      );
    } catch (e) {
      if (this.isDisposed) return;
      const error = toEngineError(e, { endpoint: this.client.endpoint.host });
      const isNew = this.status !== 'error' || this.error?.message !== error.message;
      if (isNew) log.error(`[${this.name}] ${error.message}${error.daemonMessage ? ` (${error.daemonMessage})` : ''}`);
      this.status = 'error';
      this.error = error;
      this.snapshot = undefined;
      this.listing = undefined;
      this.version = undefined;
      this.swarm.nodes = undefined;
      this.rawNetworks.clear();
      this.rawContainers.clear();
      this.index = undefined;
      this.details.clear();
    } finally {
      ended = true;
      this.refreshes++;
      this.updatedAt = Date.now();
    }
    if (!this.isDisposed) this.changed();
  }

  /** A network read and complete (a swarm network's addresses allocated): known as it is. */
  private isReadWhole(id: string): boolean {
    const n = this.rawNetworks.get(id);
    return !!n && !isUnallocated(n);
  }

  /** The first read's networks came before its containers: shown as a listing until they come. */
  private listed(networks: RawNetwork[]): void {
    if (this.isDisposed || this.snapshot) return;
    this.listing = new SnapshotIndex(new Map(networks.map((n) => [n.Id, n])), new Map()).snapshot;
    this.changed();
  }

  /** A new version read: Podman is polled; joining or leaving a swarm changes what the stream asks for. */
  private setVersion(version: EngineVersion): void {
    const product = this.version?.product;
    const wasSwarm = this.version?.swarm.active ?? false;
    this.version = version;
    if (version.product !== product) this.restartPolling();
    if (version.swarm.active !== wasSwarm) this.events?.reopen();
  }
}
