// The model the views render: every network of an engine with the containers on it, built from two
// list calls joined in memory. `GET /networks` leaves `Containers` empty and `GET /networks/{id}`
// hides stopped containers, so the containers' own `NetworkSettings.Networks` is the truth.
import { RawContainer, RawEndpointSettings, RawIpamConfig, RawNetwork, StringMap } from '../engine/types';
// The join itself lives in snapshotIndex.ts, which patches it after events.
import { SnapshotIndex } from './snapshotIndex';
import { num, objects, record, str, stringMap, strings } from './read';

export type ContainerState =
  'running' | 'paused' | 'restarting' | 'exited' | 'created' | 'dead' | 'removing' | 'unknown';

export interface IpamConfigModel {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: StringMap;
}

export interface NetworkModel {
  id: string;
  name: string;
  driver: string;
  scope: string;
  created?: string;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  /** False only on an IPv6-only network (API 1.48+); older engines always have IPv4. */
  ipv4: boolean;
  ipv6: boolean;
  configOnly: boolean;
  configFrom?: string;
  ipam: { driver: string; options: StringMap; configs: IpamConfigModel[] };
  labels: StringMap;
  options: StringMap;
  /** Made by the engine itself (bridge, host, none; ingress and docker_gwbridge under swarm). */
  builtIn: boolean;
  /**
   * A swarm network the managers have stored but not yet allocated: its driver and addresses are
   * still to come, so what the engine says of it now is not what it will be. Shown as being created.
   */
  pending?: true;
  /**
   * The containers on it, in order. The join makes them when a view first reads them (the tree's
   * open networks, a panel's), not for every network: an own enumerable property all the same, so
   * JSON, spread and deepStrictEqual see the list.
   */
  readonly endpoints: EndpointModel[];
  /** How many `endpoints` there are, read without making them. */
  endpointCount: number;
}

export interface EndpointModel {
  containerId: string;
  containerName: string;
  image: string;
  state: ContainerState;
  /** The engine's human status, e.g. "Up 3 minutes" or "Exited (0) 2 hours ago". */
  status: string;
  /** Address without prefix length, e.g. 172.18.0.2; absent for a container that is not running. */
  ipv4?: string;
  ipv4PrefixLength?: number;
  ipv6?: string;
  ipv6PrefixLength?: number;
  /** The address asked for with --ip / --ip6, kept while the container is stopped. */
  configuredIpv4?: string;
  configuredIpv6?: string;
  gateway?: string;
  mac?: string;
  aliases: string[];
  dnsNames: string[];
  /** The gateway priority (API 1.48+), when not the default 0. */
  gwPriority?: number;
  endpointId?: string;
  /** The names of the other networks this container is on. */
  otherNetworks: string[];
  /** Set when the container uses another container's network stack (`--network container:x`). */
  sharedFrom?: { id: string; name: string };
}

/** A container of the engine, on a network or not, as the tree and the pickers name it. */
export interface ContainerModel {
  id: string;
  /** Its own name (containerName), the one rule for every view and picker. */
  name: string;
  image: string;
  state: ContainerState;
  status: string;
  /** The networks it is configured on, by name (none while it shares another's stack). */
  networks: string[];
  /** Set when the container uses another container's network stack (`--network container:x`). */
  sharedFrom?: { id: string; name: string };
}

export interface EngineSnapshot {
  networks: NetworkModel[];
  /** Every container, sorted by name: those on no network too. */
  containers: ContainerModel[];
}

const STATES = new Set<ContainerState>(['running', 'paused', 'restarting', 'exited', 'created', 'dead', 'removing']);

/** A container whose endpoint the engine counts as in use: `docker network rm` and prune refuse it. */
export function isActive(state: ContainerState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

export function containerState(raw: unknown): ContainerState {
  const s = (typeof raw === 'string' ? raw : '').toLowerCase() as ContainerState;
  return STATES.has(s) ? s : 'unknown';
}

/** The name a person knows a container by: its first name without the leading slash. */
export function containerName(c: RawContainer): string {
  // The usual answer, one name "/x": no list to filter (this runs for every container of every read).
  const first = Array.isArray(c.Names) && c.Names.length === 1 ? c.Names[0] : undefined;
  if (typeof first === 'string' && first.lastIndexOf('/') === 0 && first.length > 1) return first.slice(1);
  const names = Array.isArray(c.Names) ? c.Names.filter((n): n is string => typeof n === 'string') : [];
  // Legacy links add names like "/other/alias"; the container's own name has a single slash.
  const own = names.find((n) => n.lastIndexOf('/') === 0) ?? names[0];
  return own ? own.replace(/^\//, '') : c.Id.slice(0, 12);
}

const BUILT_IN: Record<string, string> = { bridge: 'bridge', host: 'host', none: 'null' };

export function isBuiltIn(n: Pick<RawNetwork, 'Name' | 'Driver' | 'Ingress'>): boolean {
  if (BUILT_IN[n.Name] !== undefined && BUILT_IN[n.Name] === n.Driver) return true;
  if (n.Ingress) return true;
  return n.Name === 'docker_gwbridge' && n.Driver === 'bridge';
}

/**
 * A swarm network that `docker network create` has stored but the managers' allocator has not
 * reached yet: the engine reports it with no driver and no addresses (a moment later, under load
 * seconds later, both are there). Overlays always get a subnet, from the pool if none was asked for.
 */
export function isUnallocated(n: Pick<RawNetwork, 'Scope' | 'Driver' | 'IPAM'>): boolean {
  return n.Scope === 'swarm' && (!n.Driver || (n.Driver === 'overlay' && !n.IPAM?.Config?.length));
}

/** What a network's model says of it besides its endpoints. */
export type NetworkFields = Omit<NetworkModel, 'endpoints' | 'endpointCount'>;

/** A network's model but for its endpoints (the join adds them). */
export function networkFields(n: RawNetwork): NetworkFields {
  const ipam = record(n.IPAM);
  const model: NetworkFields = {
    id: str(n.Id),
    name: str(n.Name),
    driver: str(n.Driver),
    scope: str(n.Scope),
    internal: n.Internal === true,
    attachable: n.Attachable === true,
    ingress: n.Ingress === true,
    ipv4: n.EnableIPv4 !== false,
    ipv6: n.EnableIPv6 === true,
    configOnly: n.ConfigOnly === true,
    ipam: {
      driver: str(ipam?.Driver) || 'default',
      options: stringMap(ipam?.Options),
      configs: objects<RawIpamConfig>(ipam?.Config).map((c) => {
        const config: IpamConfigModel = { auxAddresses: stringMap(c.AuxiliaryAddresses) };
        if (str(c.Subnet)) config.subnet = str(c.Subnet);
        if (str(c.Gateway)) config.gateway = str(c.Gateway);
        if (str(c.IPRange)) config.ipRange = str(c.IPRange);
        return config;
      }),
    },
    labels: stringMap(n.Labels),
    options: stringMap(n.Options),
    builtIn: isBuiltIn(n),
  };
  if (str(n.Created)) model.created = str(n.Created);
  if (isUnallocated(n)) model.pending = true;
  if (str(record(n.ConfigFrom)?.Network)) model.configFrom = str(record(n.ConfigFrom)?.Network);
  return model;
}

/** A container's endpoint on one network, from its own settings for it. */
export function endpointFrom(
  c: RawContainer,
  name: string,
  s: RawEndpointSettings,
  networkNames: string[],
): EndpointModel {
  const e: EndpointModel = {
    containerId: c.Id,
    containerName: name,
    image: str(c.Image),
    state: containerState(c.State),
    status: str(c.Status),
    aliases: strings(s.Aliases),
    dnsNames: strings(s.DNSNames),
    otherNetworks: networkNames,
  };
  if (str(s.IPAddress)) {
    e.ipv4 = str(s.IPAddress);
    if (num(s.IPPrefixLen)) e.ipv4PrefixLength = num(s.IPPrefixLen);
  }
  if (str(s.GlobalIPv6Address)) {
    e.ipv6 = str(s.GlobalIPv6Address);
    if (num(s.GlobalIPv6PrefixLen)) e.ipv6PrefixLength = num(s.GlobalIPv6PrefixLen);
  }
  const configured = record(s.IPAMConfig);
  if (str(configured?.IPv4Address)) e.configuredIpv4 = str(configured?.IPv4Address);
  if (str(configured?.IPv6Address)) e.configuredIpv6 = str(configured?.IPv6Address);
  if (str(s.Gateway)) e.gateway = str(s.Gateway);
  if (str(s.MacAddress)) e.mac = str(s.MacAddress);
  if (num(s.GwPriority)) e.gwPriority = num(s.GwPriority);
  if (str(s.EndpointID)) e.endpointId = str(s.EndpointID);
  return e;
}

/** Joins the two lists into the model: networks sorted by name, each with its containers. */
export function buildSnapshot(
  rawNetworks: readonly RawNetwork[],
  rawContainers: readonly RawContainer[],
): EngineSnapshot {
  return new SnapshotIndex(new Map(rawNetworks.map((n) => [n.Id, n])), new Map(rawContainers.map((c) => [c.Id, c])))
    .snapshot;
}
