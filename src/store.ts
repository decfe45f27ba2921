// Keeps the latest snapshot of every engine and refreshes it from the engine's event stream. The
// views read from here and never call an engine themselves. Plain Node: tested without VS Code.
import { EngineClient } from './engine/client';
import { EngineEndpoint } from './engine/endpoint';
import { EngineError, toEngineError } from './engine/errors';
import { EventStream } from './engine/events';
import { RawEvent } from './engine/types';
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
    if (this.options.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.refresh(), this.options.pollMs);
      this.register({ dispose: () => clearInterval(this.pollTimer) });
    }
  }

  get started(): boolean {
    return this.events !== undefined;
  }

  get eventStream(): EventStream | undefined {
    return this.events;
  }

  private onEvent(event: RawEvent): void {
    this.options.log.trace(`[${this.name}] event ${event.Type} ${event.Action} ${event.Actor?.ID ?? ''}`);
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
      const [networks, containers, version] = await Promise.all([
        this.client.listNetworks(),
        this.client.listContainers(),
        this.version ? undefined : this.client.version(),
      ]);
      if (this.isDisposed) return;
      if (version) {
        this.version = {
          version: version.Version ?? '',
          apiVersion: version.ApiVersion ?? '',
          os: version.Os ?? '',
          arch: version.Arch ?? '',
        };
      }
      this.snapshot = buildSnapshot(networks, containers);
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

  override dispose(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
    super.dispose();
  }
}

export class NetworkStore extends Disposable {
  private readonly sessions: EngineSession[];
  private readonly changeEmitter: Emitter<void>;
  /** Fires after any engine's state changed. */
  readonly onDidChange;

  constructor(clients: readonly EngineClient[], options: StoreOptions = {}) {
    super();
    const log = options.log ?? nullLogger;
    this.changeEmitter = this.register(new Emitter<void>((e) => log.error(e instanceof Error ? e : String(e))));
    this.onDidChange = this.changeEmitter.event;
    const resolved = {
      debounceMs: options.debounceMs ?? 100,
      maxWaitMs: options.maxWaitMs ?? 1_000,
      pollMs: options.pollMs ?? 0,
      minBackoffMs: options.minBackoffMs ?? 250,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
      log,
    };
    this.sessions = clients.map((client) =>
      this.register(new EngineSession(client.endpoint.name, client, resolved, () => this.changeEmitter.fire())),
    );
  }

  get engines(): EngineState[] {
    return this.sessions.map((s) => s.state);
  }

  get started(): boolean {
    return this.sessions.some((s) => s.started);
  }

  /** Starts watching every engine (idempotent): the first call is the first engine contact. */
  start(): void {
    for (const s of this.sessions) s.start();
  }

  /** Refreshes one engine (by name) or all, and reconnects streams that are down. */
  async refresh(engine?: string): Promise<void> {
    this.start();
    await Promise.all(this.sessions.filter((s) => engine === undefined || s.name === engine).map((s) => s.retry()));
  }

  client(engine?: string): EngineClient | undefined {
    const session = engine === undefined ? this.sessions[0] : this.sessions.find((s) => s.name === engine);
    return session?.client;
  }

  /** For tests: the event stream of an engine. */
  eventStream(engine?: string): EventStream | undefined {
    const session = engine === undefined ? this.sessions[0] : this.sessions.find((s) => s.name === engine);
    return session?.eventStream;
  }
}
