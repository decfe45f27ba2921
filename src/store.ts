// Keeps the latest snapshot of every engine and refreshes it from the engine's event stream. The
// views read from here and never call an engine themselves. Plain Node: tested without VS Code.
import { EngineClient } from './engine/client';
import { EngineEndpoint } from './engine/endpoint';
import { EngineError, toEngineError } from './engine/errors';
import { EventStream } from './engine/events';
import { RawEvent, RawInfo, RawNetwork, RawVersion } from './engine/types';
import { buildSnapshot, EngineSnapshot } from './model/snapshot';
import { Emitter } from './util/emitter';
import { Disposable } from './util/lifecycle';
import { Logger, nullLogger } from './util/log';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  /** "Docker Engine", "Podman Engine", … from the version's components. */
  product: string;
  /** The host's operating system as the engine describes it, e.g. "Debian GNU/Linux 12 (bookworm)". */
  operatingSystem: string;
  /** Network drivers the engine offers, built-in and plugins. */
  networkDrivers: string[];
  swarm: { active: boolean; manager: boolean; nodeId?: string; nodeAddr?: string };
}

export interface EngineState {
  readonly name: string;
  readonly endpoint: EngineEndpoint;
  readonly status: EngineStatus;
  readonly snapshot: EngineSnapshot | undefined;
  readonly error: EngineError | undefined;
  readonly version: EngineVersion | undefined;
  /** Completed refreshes, successful or not. */
  readonly refreshes: number;
  /** When the last refresh completed (ms since epoch). */
  readonly updatedAt: number | undefined;
  /** How often the engine is polled besides its events (0: never). */
  readonly pollingMs: number;
}

export interface StoreOptions {
  /** Quiet time after an event before refreshing, so a burst costs one refresh. */
  debounceMs?: number;
  /** Longest an event waits for its refresh while events keep coming. */
  maxWaitMs?: number;
  /** Polling interval as a fallback to events; 0 (default) polls never. */
  pollMs?: number;
  /** Reconnect backoff of the event stream. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: Logger;
}

class EngineSession extends Disposable {
  status: EngineStatus = 'idle';
  snapshot: EngineSnapshot | undefined;
  error: EngineError | undefined;
  version: EngineVersion | undefined;
  refreshes = 0;
  updatedAt: number | undefined;

  private events: EventStream | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private firstEventAt = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Version and info are read once per connection, and again when swarm state may have changed. */
  private infoStale = false;
  /** Verbose inspects of networks, valid until the next refresh. */
  private detailCache = new Map<string, Promise<RawNetwork>>();

  constructor(
    readonly name: string,
    readonly client: EngineClient,
    private readonly options: Required<Omit<StoreOptions, 'log'>> & { log: Logger },
    private readonly changed: () => void,
  ) {
    super();
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
      updatedAt: this.updatedAt,
      pollingMs: this.pollingMs,
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
            log.debug(`[${this.name}] event stream down (${error.kind}: ${error.message}); retry in ${retryInMs} ms`);
            // A refresh tells whether the engine itself is gone, and shows it.
            void this.refresh();
          },
        },
        { minBackoffMs: this.options.minBackoffMs, maxBackoffMs: this.options.maxBackoffMs },
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
    if (this.pollingMs > 0 && this.started && !this.isDisposed) {
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
    const now = Date.now();
    if (!this.debounceTimer) this.firstEventAt = now;
    else clearTimeout(this.debounceTimer);
    // Trailing debounce, capped so a steady stream of events still refreshes every maxWaitMs.
    const wait = Math.max(0, Math.min(this.options.debounceMs, this.firstEventAt + this.options.maxWaitMs - now));
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.refresh();
    }, wait);
  }

  /** Refreshes now; a refresh requested while one runs is coalesced into one more run after it. */
  refresh(): Promise<void> {
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
        return this.refresh();
      });
    }
    return this.queued;
  }

  /** A user's Retry: refresh and reconnect the stream without waiting for its backoff. */
  retry(): Promise<void> {
    this.events?.retryNow();
    return this.refresh();
  }

  private async load(): Promise<void> {
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
        this.version = engineVersion(version, info);
        if (this.version.product !== product) this.restartPolling();
      }
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
      cached.catch(() => this.detailCache.delete(networkId));
      this.detailCache.set(networkId, cached);
    }
    return cached;
  }

  override dispose(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
    super.dispose();
  }
}

const PODMAN_POLL_MS = 5_000;

/** Used when an engine does not list its network drivers (Podman). */
const COMMON_DRIVERS = ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'];

function engineVersion(version: RawVersion, info: RawInfo): EngineVersion {
  const swarm = info.Swarm;
  const active = swarm?.LocalNodeState === 'active';
  const product = version.Components?.find((c) => c.Name && /engine/i.test(c.Name))?.Name ?? 'Engine';
  const listed = info.Plugins?.Network?.length ? info.Plugins.Network : COMMON_DRIVERS;
  return {
    version: version.Version ?? info.ServerVersion ?? '',
    apiVersion: version.ApiVersion ?? '',
    os: version.Os ?? info.OSType ?? '',
    arch: version.Arch ?? info.Architecture ?? '',
    product,
    operatingSystem: info.OperatingSystem ?? '',
    // Overlay networks need swarm mode.
    networkDrivers: listed.filter((d) => d !== 'overlay' || active),
    swarm: {
      active,
      manager: active && !!swarm?.ControlAvailable,
      ...(swarm?.NodeID ? { nodeId: swarm.NodeID } : {}),
      ...(swarm?.NodeAddr ? { nodeAddr: swarm.NodeAddr } : {}),
    },
  };
}

export class NetworkStore extends Disposable {
  private sessions: EngineSession[] = [];
  private readonly changeEmitter: Emitter<void>;
  private readonly options: Required<Omit<StoreOptions, 'log'>> & { log: Logger };
  private isStarted = false;
  /** Fires after any engine's state changed. */
  readonly onDidChange;

  constructor(clients: readonly EngineClient[], options: StoreOptions = {}) {
    super();
    const log = options.log ?? nullLogger;
    this.changeEmitter = this.register(new Emitter<void>((e) => log.error(e instanceof Error ? e : String(e))));
    this.onDidChange = this.changeEmitter.event;
    this.options = {
      debounceMs: options.debounceMs ?? 100,
      maxWaitMs: options.maxWaitMs ?? 1_000,
      pollMs: options.pollMs ?? 0,
      minBackoffMs: options.minBackoffMs ?? 250,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
      log,
    };
    this.setClients(clients);
    this.register({ dispose: () => this.sessions.forEach((s) => s.dispose()) });
  }

  private newSession(client: EngineClient): EngineSession {
    const session = new EngineSession(client.endpoint.name, client, this.options, () => this.changeEmitter.fire());
    if (this.isStarted) session.start();
    return session;
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
      if (existing && sameEndpoint(existing.client.endpoint, client.endpoint)) {
        keep.delete(key);
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

  client(engine?: string): EngineClient | undefined {
    return this.session(engine)?.client;
  }

  /** A network's own inspect (verbose for swarm networks on a manager), cached until the next refresh. */
  networkDetails(engine: string, networkId: string): Promise<RawNetwork> {
    const session = this.session(engine);
    if (!session) return Promise.reject(new Error(`no engine ${engine}`));
    return session.networkDetails(networkId);
  }

  /** For tests: the event stream of an engine. */
  eventStream(engine?: string): EventStream | undefined {
    return this.session(engine)?.eventStream;
  }
}

function sameEndpoint(a: EngineEndpoint, b: EngineEndpoint): boolean {
  return JSON.stringify({ ...a, problem: a.problem?.message }) === JSON.stringify({ ...b, problem: b.problem?.message });
}
