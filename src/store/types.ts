// The store's public shapes: what the views and commands read about each engine.
import { EngineEndpoint } from '../engine/endpoint';
import { EngineError } from '../engine/errors';
import { EngineSnapshot } from '../model/snapshot';
import { SwarmNodeModel } from '../model/swarm';
import { Logger } from '../util/log';

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
  /** How the engine programs the firewall (API 1.49+), e.g. "iptables" or "nftables+firewalld". */
  firewallBackend?: string;
  /** The pools networks without a subnet get theirs from, as /info reports them (none: the defaults). */
  defaultAddressPools: { base: string; size: number }[];
  swarm: {
    active: boolean;
    manager: boolean;
    nodeId?: string;
    nodeAddr?: string;
    /** Managers only: the swarm's ID. */
    clusterId?: string;
    /** This engine's hostname, which swarm shows as the node's name. */
    nodeName?: string;
  };
}

export interface EngineState {
  readonly name: string;
  readonly endpoint: EngineEndpoint;
  readonly status: EngineStatus;
  readonly snapshot: EngineSnapshot | undefined;
  /**
   * While an engine is first read (no snapshot yet): its networks, listed, with none of its
   * containers, which are still being read. Only the tree shows it (a network's containers as
   * still coming); everything else waits for the snapshot.
   */
  readonly listing: EngineSnapshot | undefined;
  readonly error: EngineError | undefined;
  readonly version: EngineVersion | undefined;
  /** Completed full reads (both lists), successful or not. */
  readonly refreshes: number;
  /** Reads of only the networks and containers events named. */
  readonly updates: number;
  /** When the last refresh completed (ms since epoch). */
  readonly updatedAt: number | undefined;
  /** How often the engine is polled besides its events (0: never). */
  readonly pollingMs: number;
  /** A swarm manager's nodes with their state; undefined elsewhere. */
  readonly swarmNodes: readonly SwarmNodeModel[] | undefined;
}

export interface StoreOptions {
  /**
   * The window that gathers events into one read. The first event after a calm spell is read at
   * once; those that follow it within the window are read together at its end.
   */
  debounceMs?: number;
  /**
   * While events keep coming, each refresh waits twice as long as the one before, up to this:
   * one event is shown within debounceMs, a long storm costs a refresh every stormMaxWaitMs.
   */
  stormMaxWaitMs?: number;
  /** A gap without events this long ends a storm. */
  calmMs?: number;
  /** Polling interval as a fallback to events; 0 (default) polls never. */
  pollMs?: number;
  /** Reconnect backoff of the event stream. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: Logger;
}

/** Options with their defaults filled in, shared (by reference) by the engines' sessions. */
export type ResolvedStoreOptions = Required<Omit<StoreOptions, 'log'>> & { log: Logger };
