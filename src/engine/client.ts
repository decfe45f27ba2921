// One client per Docker engine, the only code that talks to dockerode. Every call has a timeout and
// can be cancelled; every failure comes out as an EngineError.
import { randomBytes } from 'crypto';
import Docker from 'dockerode';
import { EngineEndpoint } from './endpoint';
import { EngineError, ErrorContext, isEngineError, timeoutError, toEngineError } from './errors';
import { EventStream, EventStreamHandlers, EventStreamOptions } from './events';
import { SshClientOptions, SshTransport } from './ssh';
import { explainTls } from './tls';
import { HELPER_LABEL, HELPER_STARTED_LABEL, helperBody, HelperResult, HelperSpec } from './helper';
import { asArray, createDocker, dial, dialExact, dialText } from './transport';
import { Limiter } from '../util/limit';
import { RawContainer, RawContainerInspect, RawImage, RawInfo, RawNetwork, RawSwarmNode, RawVersion } from './types';
import { l10n } from '../util/text';

export interface CallOptions {
  /** Cancels the request (a progress notification's Cancel, a disposed view). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call; 0 means none. */
  timeoutMs?: number;
}

export interface EngineClientOptions {
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** How ssh:// engines are reached (the ssh executable, a config file). */
  ssh?: SshClientOptions;
}

/** What `POST /networks/create` takes, as the Engine API spells it. */
export interface CreateNetworkBody {
  Name: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network: string };
  /** API 1.48+ */
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM?: {
    Driver?: string;
    Config?: { Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }[];
    Options?: Record<string, string>;
  };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** The endpoint settings of `POST /networks/{id}/connect`. */
export interface ConnectEndpointConfig {
  ipv4?: string;
  ipv6?: string;
  aliases?: string[];
  linkLocalIps?: string[];
  driverOpts?: Record<string, string>;
  /** API 1.48+ */
  gwPriority?: number;
}

export interface RunContainerSpec {
  image: string;
  /** The network's name or ID. */
  network: string;
  name?: string;
  command?: string[];
}

export interface CreatedNetwork {
  id: string;
  warning?: string;
}

/** Podman's own API answers only under a libpod version; 4.0.0 is the oldest Podman 4 and 5 take. */
const LIBPOD = '/v4.0.0/libpod';

export class EngineClient {
  private readonly docker: Docker | undefined;
  /** Set when the endpoint cannot be used at all (a missing TLS file): every call fails with it. */
  private readonly setupError: EngineError | undefined;
  private readonly ctx: ErrorContext;
  /** The one SSH connection of an ssh:// engine. */
  readonly ssh: SshTransport | undefined;
  /** How ssh:// is reached (executable, config file): a change needs a new connection. */
  readonly sshOptions: SshClientOptions;
  /** Per request, in ms; 0 means none. Changes apply to the next request. */
  timeoutMs: number;
  /**
   * Container inspects (for panels, the topology, tooltips) at most a few at a time per engine: a
   * panel of 200 containers must not send 200 requests at once, to a remote engine least of all.
   */
  readonly inspects = new Limiter(DETAIL_REQUESTS);

  constructor(
    readonly endpoint: EngineEndpoint,
    options: EngineClientOptions = {},
  ) {
    this.ctx = { endpoint: endpoint.host };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.sshOptions = options.ssh ?? {};
    let docker: Docker | undefined;
    let ssh: SshTransport | undefined;
    let setupError: EngineError | undefined = endpoint.problem;
    if (!setupError) {
      try {
        if (endpoint.host.startsWith('ssh://')) ssh = new SshTransport(endpoint, options.ssh);
        docker = createDocker(endpoint, ssh);
      } catch (e) {
        setupError = toEngineError(e, this.ctx);
      }
    }
    this.docker = docker;
    this.ssh = ssh;
    this.setupError = setupError;
  }

  /** A user's Retry: a connection that stopped after a refused login or host key may try again. */
  allowRetry(): void {
    this.ssh?.release();
  }

  /** Closes the engine's connections (the SSH login among them). */
  dispose(): void {
    this.ssh?.dispose();
  }

  /** Runs one request with the timeout and cancellation, mapping failures to EngineError. */
  private async call<T>(
    operation: string,
    options: CallOptions,
    run: (docker: Docker, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (this.setupError || !this.docker) throw this.setupError;
    const controller = new AbortController();
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onCancel = () => controller.abort();
    options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      if (options.signal?.aborted) controller.abort();
      // Some dockerode calls ignore the signal; the race makes the timeout hold for those too.
      const aborted = new Promise<never>((_, reject) => {
        const fail = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        if (controller.signal.aborted) fail();
        else controller.signal.addEventListener('abort', fail, { once: true });
      });
      const docker = this.docker;
      // Over ssh, log in first: a refused host key or login is then the request's own error.
      const ready = this.ssh
        ? this.ssh.ready().then(() => run(docker, controller.signal))
        : run(docker, controller.signal);
      return await Promise.race([ready, aborted]);
    } catch (e) {
      if (timedOut) throw timeoutError(this.ctx, timeoutMs);
      return this.fail(e, operation);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    }
  }

  private fail(e: unknown, operation: string): never {
    const error = explainTls(toEngineError(e, { ...this.ctx, operation }), this.endpoint);
    throw this.ssh ? this.ssh.explain(error) : error;
  }

  ping(options: CallOptions = {}): Promise<void> {
    return this.call('ping', options, async (d, signal) => {
      await dial(d, signal, 'GET', '/_ping');
    });
  }

  version(options: CallOptions = {}): Promise<RawVersion> {
    return this.call('version', options, (d, signal) => dial<RawVersion>(d, signal, 'GET', '/version'));
  }

  info(options: CallOptions = {}): Promise<RawInfo> {
    return this.call('info', options, (d, signal) => dial<RawInfo>(d, signal, 'GET', '/info'));
  }

  /** The swarm's nodes, with their state as the managers see it; only a manager answers. */
  listSwarmNodes(options: CallOptions = {}): Promise<RawSwarmNode[]> {
    return this.call('list swarm nodes', options, async (d, signal) =>
      asArray<RawSwarmNode>(await dial(d, signal, 'GET', '/nodes')),
    );
  }

  /** All networks; the engine leaves each one's `Containers` empty here. */
  listNetworks(options: CallOptions = {}): Promise<RawNetwork[]> {
    return this.call('list networks', options, async (d, signal) =>
      asArray<RawNetwork>(await dial(d, signal, 'GET', '/networks')),
    );
  }

  /** All containers (or those with `ids`), running or not, each with the networks it is configured on. */
  listContainers(options: CallOptions & { ids?: string[] } = {}): Promise<RawContainer[]> {
    const query: Record<string, string | number> = { all: 1 };
    if (options.ids) query.filters = JSON.stringify({ id: options.ids });
    return this.call('list containers', options, async (d, signal) =>
      asArray<RawContainer>(await dial(d, signal, 'GET', '/containers/json', { query })),
    );
  }

  /** One container's full inspect (aliases and DNS names per network live only here on older engines). */
  inspectContainer(idOrName: string, options: CallOptions = {}): Promise<RawContainerInspect> {
    return this.inspects.run(() =>
      this.call('inspect container', options, (d, signal) =>
        dial<RawContainerInspect>(d, signal, 'GET', `/containers/${encodeURIComponent(idOrName)}/json`),
      ),
    );
  }

  /** One network; `verbose` adds services, tasks and peers of swarm networks (on a manager). */
  inspectNetwork(idOrName: string, options: CallOptions & { verbose?: boolean } = {}): Promise<RawNetwork> {
    // Newer engines count the addresses of each subnet in unsigned 64-bit integers.
    return this.call('inspect network', options, (d, signal) =>
      dialExact<RawNetwork>(
        d,
        signal,
        `/networks/${encodeURIComponent(idOrName)}`,
        ['IPsInUse', 'DynamicIPsAvailable'],
        options.verbose ? { query: { verbose: 'true' } } : {},
      ),
    );
  }

  createNetwork(body: CreateNetworkBody, options: CallOptions = {}): Promise<CreatedNetwork> {
    return this.call('create network', options, async (d, signal) => {
      const answer = await dial<{ Id?: string; Warning?: string }>(d, signal, 'POST', '/networks/create', { body });
      if (!answer?.Id) throw new EngineError('unknown', l10n.t('The engine did not return the new network ID.'));
      return answer.Warning ? { id: answer.Id, warning: answer.Warning } : { id: answer.Id };
    });
  }

  /** Podman only (its own API): the DNS servers a network gives its containers (netavark). */
  podmanDnsServers(name: string, options: CallOptions = {}): Promise<string[]> {
    return this.call('inspect network', options, async (d, signal) => {
      const raw = await dial<{ network_dns_servers?: unknown }>(
        d,
        signal,
        'GET',
        `${LIBPOD}/networks/${encodeURIComponent(name)}/json`,
      );
      const servers = raw?.network_dns_servers;
      return Array.isArray(servers) ? servers.filter((s): s is string => typeof s === 'string') : [];
    });
  }

  /** Podman only: changes a network's DNS servers in place (`podman network update`). */
  updatePodmanDns(
    name: string,
    add: readonly string[],
    remove: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.call('update network', options, async (d, signal) => {
      await dial(d, signal, 'POST', `${LIBPOD}/networks/${encodeURIComponent(name)}/update`, {
        body: { adddnsservers: [...add], removednsservers: [...remove] },
      });
    });
  }

  removeNetwork(idOrName: string, options: CallOptions = {}): Promise<void> {
    return this.call('remove network', options, async (d, signal) => {
      await dial(d, signal, 'DELETE', `/networks/${encodeURIComponent(idOrName)}`);
    });
  }

  /** Removes every network no container uses; returns the names removed. */
  pruneNetworks(options: CallOptions = {}): Promise<string[]> {
    return this.call('prune networks', options, async (d, signal) => {
      const answer = await dial<{ NetworksDeleted?: string[] | null }>(d, signal, 'POST', '/networks/prune');
      return answer?.NetworksDeleted ?? [];
    });
  }

  connect(
    network: string,
    container: string,
    endpoint: ConnectEndpointConfig = {},
    options: CallOptions = {},
  ): Promise<void> {
    const EndpointConfig: Record<string, unknown> = {};
    if (endpoint.ipv4 || endpoint.ipv6 || endpoint.linkLocalIps?.length) {
      EndpointConfig.IPAMConfig = {
        ...(endpoint.ipv4 ? { IPv4Address: endpoint.ipv4 } : {}),
        ...(endpoint.ipv6 ? { IPv6Address: endpoint.ipv6 } : {}),
        ...(endpoint.linkLocalIps?.length ? { LinkLocalIPs: endpoint.linkLocalIps } : {}),
      };
    }
    if (endpoint.aliases?.length) EndpointConfig.Aliases = endpoint.aliases;
    if (endpoint.driverOpts && Object.keys(endpoint.driverOpts).length) EndpointConfig.DriverOpts = endpoint.driverOpts;
    if (endpoint.gwPriority !== undefined) EndpointConfig.GwPriority = endpoint.gwPriority;
    return this.call('connect container', options, async (d, signal) => {
      await dial(d, signal, 'POST', `/networks/${encodeURIComponent(network)}/connect`, {
        body: { Container: container, EndpointConfig },
      });
    });
  }

  disconnect(network: string, container: string, force = false, options: CallOptions = {}): Promise<void> {
    return this.call('disconnect container', options, async (d, signal) => {
      await dial(d, signal, 'POST', `/networks/${encodeURIComponent(network)}/disconnect`, {
        body: { Container: container, Force: force },
      });
    });
  }

  /** Local images, for "run a container on this network". */
  listImages(options: CallOptions = {}): Promise<RawImage[]> {
    return this.call('list images', options, async (d, signal) =>
      asArray<RawImage>(await dial(d, signal, 'GET', '/images/json')),
    );
  }

  /**
   * `docker run -d --network <network> [--name <name>] <image> [command…]`: creates the container
   * attached to the network (and only to it) and starts it.
   */
  runContainer(spec: RunContainerSpec, options: CallOptions = {}): Promise<{ id: string; warnings: string[] }> {
    return this.call('run container', options, async (d, signal) => {
      const body = {
        Image: spec.image,
        ...(spec.command?.length ? { Cmd: spec.command } : {}),
        HostConfig: { NetworkMode: spec.network },
        NetworkingConfig: { EndpointsConfig: { [spec.network]: {} } },
      };
      const created = await dial<{ Id?: string; Warnings?: string[] | null }>(d, signal, 'POST', '/containers/create', {
        query: spec.name ? { name: spec.name } : {},
        body,
      });
      if (!created?.Id) throw new EngineError('unknown', l10n.t('The engine did not return the new container ID.'));
      try {
        await dial(d, signal, 'POST', `/containers/${created.Id}/start`);
      } catch (e) {
        // Leave nothing half-made behind: a container that cannot start is removed again.
        await dial(d, signal, 'DELETE', `/containers/${created.Id}`, { query: { force: 'true' } }).catch(
          () => undefined,
        );
        throw e;
      }
      return { id: created.Id, warnings: created.Warnings ?? [] };
    });
  }

  /**
   * Runs a helper in another container's network namespace and removes it afterwards, also when
   * a request fails, the run is cancelled or the helper outlives its limit (then it is killed).
   * It settles only once the helper is gone: a cancelled check leaves nothing behind.
   */
  async runHelper(spec: HelperSpec, options: CallOptions = {}): Promise<HelperResult> {
    // A run cancelled before its turn (a matrix waits for slots) starts nothing.
    if (options.signal?.aborted) return this.call('run a helper', options, () => new Promise<never>(() => undefined));
    // Named, so that it can be removed whatever answer its create got.
    const name = `dn-helper-${randomBytes(8).toString('hex')}`;
    try {
      // Not cancellable half-way: a create the engine finishes after we stopped listening would
      // leave a helper nobody knows about. It is short, and bounded by the request timeout.
      const created = await this.call('create a helper', {}, (d, signal) =>
        dial<{ Id?: string }>(d, signal, 'POST', '/containers/create', { query: { name }, body: helperBody(spec) }),
      );
      if (!created?.Id) throw new EngineError('unknown', l10n.t('The engine did not return the new container ID.'));
      const id = created.Id;
      // Start, wait, logs: cancellable; the timeout is a little more than the helper's own limit.
      const timeoutMs = spec.limitSeconds * 1_000 + Math.max(this.timeoutMs, 10_000);
      return await this.call('run a helper', { ...options, timeoutMs }, async (d, signal) => {
        await dial(d, signal, 'POST', `/containers/${id}/start`);
        let timedOut = false;
        const killer = setTimeout(() => {
          timedOut = true;
          void dial(d, new AbortController().signal, 'POST', `/containers/${id}/kill`).catch(() => undefined);
        }, spec.limitSeconds * 1_000);
        let waited: { StatusCode?: number } | undefined;
        try {
          waited = await dial<{ StatusCode?: number }>(d, signal, 'POST', `/containers/${id}/wait`, {
            query: { condition: 'not-running' },
          });
        } finally {
          clearTimeout(killer);
        }
        const output = await dialText(d, signal, 'GET', `/containers/${id}/logs`, {
          query: { stdout: 1, stderr: 1 },
          maxBytes: 64 * 1024,
        });
        return { exitCode: typeof waited?.StatusCode === 'number' ? waited.StatusCode : -1, output, timedOut };
      });
    } finally {
      await this.removeContainerQuietly(name);
    }
  }

  private async removeContainerQuietly(id: string): Promise<void> {
    if (!this.docker) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      await dial(this.docker, controller.signal, 'DELETE', `/containers/${id}`, { query: { force: 'true' } });
    } catch {
      // Gone already, or the engine is unreachable: the next window's cleanup removes it.
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Removes helpers left behind: this window's (it is closing) or, with `olderThanMs`, any
   * window's helper that has run longer than a check can (its window closed mid-check).
   */
  async removeHelpers(match: { session?: string; olderThanMs?: number }, options: CallOptions = {}): Promise<number> {
    const label = match.session ? `${HELPER_LABEL}=${match.session}` : HELPER_LABEL;
    const found = await this.call('list helpers', options, async (d, signal) =>
      asArray<RawContainer>(
        await dial(d, signal, 'GET', '/containers/json', {
          query: { all: 1, filters: JSON.stringify({ label: [label] }) },
        }),
      ),
    );
    const now = Date.now();
    const stale = found.filter((c) => {
      if (match.olderThanMs === undefined) return true;
      const started = Number(c.Labels?.[HELPER_STARTED_LABEL]);
      return !Number.isFinite(started) || now - started > match.olderThanMs;
    });
    await Promise.all(stale.map((c) => this.removeContainerQuietly(c.Id)));
    return stale.length;
  }

  /** Whether the engine has this image (by name or ID). */
  async hasImage(image: string, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.call('inspect image', options, (d, signal) =>
        dial(d, signal, 'GET', `/images/${encodeURIComponent(image)}/json`),
      );
      return true;
    } catch (e) {
      if (isEngineError(e) && e.kind === 'notFound') return false;
      throw e;
    }
  }

  /** `docker pull image`; `progress` gets each status line the engine sends (downloading, extracting …). */
  pullImage(image: string, progress: (status: string) => void, options: CallOptions = {}): Promise<void> {
    // name@sha256:… is pulled by its digest, whole; name:tag by its tag; a bare name as :latest.
    const at = image.lastIndexOf(':');
    const slash = image.lastIndexOf('/');
    const [fromImage, tag] = image.includes('@')
      ? [image, undefined]
      : at > slash
        ? [image.slice(0, at), image.slice(at + 1)]
        : [image, 'latest'];
    return this.call('pull image', { timeoutMs: 10 * 60_000, ...options }, async (d, signal) => {
      let failure: string | undefined;
      let pending = '';
      await dialText(d, signal, 'POST', '/images/create', {
        query: tag === undefined ? { fromImage } : { fromImage, tag },
        maxBytes: 0,
        onChunk: (text) => {
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            try {
              const m = JSON.parse(line) as { status?: string; progress?: string; error?: string };
              if (m.error) failure = m.error;
              else if (m.status) progress([m.status, m.progress].filter(Boolean).join(' '));
            } catch {
              // Not a progress line.
            }
          }
        },
      });
      if (failure) throw new EngineError('unknown', failure, { daemonMessage: failure });
    });
  }

  /** The engine's event stream, reconnecting by itself until disposed. */
  events(handlers: EventStreamHandlers, options: EventStreamOptions = {}): EventStream {
    return new EventStream(
      async (signal) => {
        if (this.setupError || !this.docker) throw this.setupError;
        try {
          await this.ssh?.ready();
          const filters = typeof options.filters === 'function' ? options.filters() : options.filters;
          return (await this.docker.getEvents({
            filters: JSON.stringify(filters ?? DEFAULT_EVENT_FILTERS),
            abortSignal: signal,
          })) as NodeJS.ReadableStream;
        } catch (e) {
          return this.fail(e, 'events');
        }
      },
      handlers,
      { endpoint: this.endpoint.host, ...options },
    );
  }
}

/** Container inspects in flight at once per engine. */
export const DETAIL_REQUESTS = 4;

/** The events that can change what the tree shows. */
export const DEFAULT_EVENT_FILTERS = {
  type: ['network', 'container'],
  event: [
    'create',
    'connect',
    'disconnect',
    'destroy',
    'remove',
    'update',
    'prune',
    'start',
    'die',
    'stop',
    'kill',
    'restart',
    'rename',
    'pause',
    'unpause',
  ],
};

/**
 * On a swarm engine also its nodes (up, down, promoted) and services. Asked for only once the
 * engine says it is in a swarm: engines without swarm (Podman) may refuse these types.
 */
export const SWARM_EVENT_FILTERS = {
  ...DEFAULT_EVENT_FILTERS,
  type: [...DEFAULT_EVENT_FILTERS.type, 'node', 'service'],
};
