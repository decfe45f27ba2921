// What the panels show, built from the model and the engine's inspect output. Pure: the panels'
// extension side only fetches and posts.
import type { RawContainerInspect, RawEndpointSettings, RawNetwork, StringMap } from '../engine/types';
import type { PlumbingResult } from '../engine/plumbing';
import type {
  ContainerNetworkRow,
  ContainerView,
  IpamRow,
  NetworkView,
  Pairs,
  PlumbingView,
  TopologyView,
} from '../webview/protocol';
import { addressCount, contains, readCidr } from './cidr';
import { EngineSnapshot, NetworkModel } from './snapshot';
import { byKey, compareText } from '../util/order';
import { num, objectEntries, objects, record, str, strings } from './read';
import { composeOrigin } from './compose';
import { nameNodes, swarmDetails, SwarmNodeModel } from './swarm';

/**
 * The engine's output as the Raw JSON tab shows it. An open panel builds several views of one
 * inspect (what the store knows at once, then with aliases), so the text is made once per object.
 */
/** The engine's own records of one object, as panels show them (raw JSON, ports, swarm details). */
export type { RawContainerInspect as ContainerInspect, RawNetwork as NetworkInspect } from '../engine/types';
export type { PlumbingResult } from '../engine/plumbing';

const jsonTexts = new WeakMap<object, string>();
function jsonText(raw: object): string {
  let text = jsonTexts.get(raw);
  if (text === undefined) jsonTexts.set(raw, (text = JSON.stringify(raw, null, 2)));
  return text;
}

const pairs = (m: StringMap | null | undefined): Pairs => Object.entries(m ?? {}).sort(byKey);
const bare = (address: string | undefined) => address?.replace(/\/\d+$/, '');

export interface ContainerNames {
  aliases: string[];
  dnsNames: string[];
}

/** A count the engine sends as an unsigned 64-bit integer (read as a decimal string), or undefined. */
function count(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value).toString();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

function ipamRows(n: NetworkModel, raw?: RawNetwork): IpamRow[] {
  const status = raw?.Status?.IPAM?.Subnets;
  return n.ipam.configs.map((c) => {
    const subnet = readCidr(c.subnet);
    let used = 0;
    let total = '';
    if (subnet) {
      const taken = new Set<string>();
      for (const e of n.endpoints) {
        for (const ip of [e.ipv4 ?? e.configuredIpv4, e.ipv6 ?? e.configuredIpv6])
          if (ip && contains(subnet, ip)) taken.add(ip);
      }
      if (c.gateway && contains(subnet, c.gateway)) taken.add(c.gateway);
      for (const ip of Object.values(c.auxAddresses)) if (contains(subnet, ip)) taken.add(ip);
      used = taken.size;
      const count = addressCount(subnet);
      // IPv4 subnets lose their network and broadcast addresses.
      total = (subnet.family === 4 && subnet.prefix < 31 ? count - 2n : count).toString();
    }
    const row: IpamRow = {
      subnet: c.subnet,
      gateway: c.gateway,
      ipRange: c.ipRange,
      aux: pairs(c.auxAddresses),
      used,
      total,
    };
    const reported = c.subnet && status && typeof status === 'object' ? status[c.subnet] : undefined;
    const inUse = count(reported?.IPsInUse);
    const available = count(reported?.DynamicIPsAvailable);
    if (inUse !== undefined && available !== undefined) row.engine = { inUse, available };
    return row;
  });
}

/** The panel's Host plumbing section: the host's interfaces by the names people know. */
export function plumbingView(n: NetworkModel, result: PlumbingResult): PlumbingView {
  if (!result.available) return { problem: result.problem, rows: [] };
  const p = result.plumbing;
  const names = new Map(n.endpoints.map((e) => [e.containerId, e.containerName]));
  const view: PlumbingView = {
    kind: p.kind,
    rows: p.endpoints.map((e) => ({
      container: names.get(e.containerId) ?? e.containerId.slice(0, 12),
      ...(e.ifName ? { ifName: e.ifName } : {}),
      ...(e.hostPeer ? { hostPeer: e.hostPeer } : {}),
      ...(e.master ? { master: e.master } : {}),
      ...(e.parent ? { parent: e.parent } : {}),
      ...(e.problem ? { problem: e.problem } : {}),
    })),
  };
  if (p.bridge) view.bridge = p.bridge;
  else if (p.bridgeName) view.missingBridge = p.bridgeName;
  if (p.parent) view.parent = p.parent;
  if (p.overlayNamespace) view.overlayNamespace = p.overlayNamespace;
  return view;
}

/**
 * The network panel: the model's view of the network (containers including stopped ones), the
 * engine's inspect for the raw JSON and swarm details, and names read from each container.
 */
export function networkView(
  engine: string,
  n: NetworkModel,
  raw: RawNetwork,
  names: ReadonlyMap<string, ContainerNames> = new Map(),
  plumbing?: PlumbingResult,
  swarmNodes?: readonly SwarmNodeModel[],
): NetworkView {
  const view: NetworkView = {
    engine,
    id: n.id,
    name: n.name,
    driver: n.driver,
    scope: n.scope,
    builtIn: n.builtIn,
    internal: n.internal,
    attachable: n.attachable,
    ingress: n.ingress,
    ipv6: n.ipv6,
    configOnly: n.configOnly,
    ipam: { driver: n.ipam.driver, options: pairs(n.ipam.options), configs: ipamRows(n, raw) },
    containers: n.endpoints.map((e) => ({
      id: e.containerId,
      name: e.containerName,
      image: e.image,
      state: e.state,
      ipv4: e.ipv4 ?? e.configuredIpv4,
      ipv6: e.ipv6 ?? e.configuredIpv6,
      mac: e.mac,
      aliases: names.get(e.containerId)?.aliases ?? e.aliases,
      dnsNames: names.get(e.containerId)?.dnsNames ?? e.dnsNames,
      endpointId: e.endpointId,
      sharedFrom: e.sharedFrom?.name,
    })),
    connectable: n.driver !== 'host' && n.driver !== 'null' && !n.configOnly,
    editable: !n.builtIn && !n.ingress && !n.configOnly && !n.configFrom,
    options: pairs(n.options),
    labels: pairs(n.labels),
    json: jsonText(raw),
  };
  if (n.created) view.created = n.created;
  if (n.configFrom) view.configFrom = n.configFrom;
  const origin = composeOrigin(n);
  if (origin) view.compose = origin;
  if (n.driver === 'overlay') {
    const d = nameNodes(swarmDetails(raw), swarmNodes);
    view.swarm = {
      services: d.services.map((s) => ({
        name: s.name,
        vip: s.vip,
        tasks: s.tasks.map((t) => ({ name: t.name, ip: t.ip, node: t.node, nodeState: t.nodeState })),
      })),
      peers: d.peers,
      ...(d.loadBalancer
        ? { loadBalancer: { name: d.loadBalancer.name, ipv4: d.loadBalancer.ipv4, ipv6: d.loadBalancer.ipv6 } }
        : {}),
    };
  }
  if (plumbing) view.plumbing = plumbingView(n, plumbing);
  return view;
}

/** The container networking panel, from the container's inspect and the networks of the model. */
export function containerView(
  engine: string,
  c: RawContainerInspect,
  snapshot: EngineSnapshot | undefined,
): ContainerView {
  const byId = new Map((snapshot?.networks ?? []).map((n) => [n.id, n]));
  const byName = new Map((snapshot?.networks ?? []).map((n) => [n.name, n]));
  const settings = record(c.NetworkSettings);
  const networks: ContainerNetworkRow[] = objectEntries<RawEndpointSettings>(settings?.Networks)
    .map(([name, s]) => {
      const model = (str(s.NetworkID) && byId.get(str(s.NetworkID))) || byName.get(name);
      const configured = record(s.IPAMConfig);
      const v4 = str(s.IPAddress);
      const v6 = str(s.GlobalIPv6Address);
      return {
        networkId: model?.id ?? (str(s.NetworkID) || name),
        network: name,
        driver: model?.driver,
        ipv4: v4
          ? `${v4}${num(s.IPPrefixLen) ? `/${num(s.IPPrefixLen)}` : ''}`
          : str(configured?.IPv4Address) || undefined,
        ipv6: v6
          ? `${v6}${num(s.GlobalIPv6PrefixLen) ? `/${num(s.GlobalIPv6PrefixLen)}` : ''}`
          : str(configured?.IPv6Address) || undefined,
        gateway: str(s.Gateway) || undefined,
        ipv6Gateway: str(s.IPv6Gateway) || undefined,
        mac: str(s.MacAddress) || undefined,
        aliases: strings(s.Aliases),
        dnsNames: strings(s.DNSNames),
        endpointId: str(s.EndpointID) || undefined,
      };
    })
    .sort((a, b) => compareText(a.network, b.network));
  const ports = Object.entries(record(settings?.Ports) ?? {}).flatMap(([container, bindings]) => {
    const list = objects<{ HostIp?: unknown; HostPort?: unknown }>(bindings);
    return list.length
      ? list.map((b) => ({ container, host: `${str(b.HostIp) || '0.0.0.0'}:${str(b.HostPort)}` }))
      : [{ container, host: '' }];
  });
  const host = record(c.HostConfig);
  return {
    engine,
    id: c.Id,
    name: (str(c.Name) || c.Id).replace(/^\//, ''),
    image: str(record(c.Config)?.Image),
    state: str(record(c.State)?.Status),
    networkMode: str(host?.NetworkMode),
    networks,
    ports,
    dns: { servers: strings(host?.Dns), search: strings(host?.DnsSearch), options: strings(host?.DnsOptions) },
    json: jsonText(c),
  };
}

/** The topology's plumbing layer from each network's plumbing (engine/plumbing). */
export function topologyPlumbing(results: ReadonlyMap<string, PlumbingResult>): NonNullable<TopologyView['plumbing']> {
  const layer: NonNullable<TopologyView['plumbing']> = { networks: [], links: [] };
  for (const [network, r] of results) {
    if (!r.available) {
      layer.problem ??= r.problem;
      continue;
    }
    const p = r.plumbing;
    const parent = p.parent ?? p.endpoints.find((e) => e.parent)?.parent;
    if (p.bridge || parent)
      layer.networks.push({
        id: network,
        ...(p.bridge ? { bridge: p.bridge.name } : {}),
        ...(parent ? { parent } : {}),
      });
    for (const e of p.endpoints)
      if (e.ifName)
        layer.links.push({
          network,
          container: e.containerId,
          ifName: e.ifName,
          ...(e.hostPeer ? { hostPeer: e.hostPeer } : {}),
        });
  }
  return layer;
}

/** The topology: networks and containers as nodes, an edge per attachment with its address. */
export function topologyView(engine: string, snapshot: EngineSnapshot): TopologyView {
  const containers = new Map<string, { id: string; name: string; state: string }>();
  const edges: TopologyView['edges'] = [];
  for (const n of snapshot.networks) {
    for (const e of n.endpoints) {
      if (!containers.has(e.containerId))
        containers.set(e.containerId, { id: e.containerId, name: e.containerName, state: e.state });
      edges.push({
        network: n.id,
        container: e.containerId,
        ...(bare(e.ipv4 ?? e.configuredIpv4) ? { ip: bare(e.ipv4 ?? e.configuredIpv4) } : {}),
      });
    }
  }
  return {
    engine,
    networks: snapshot.networks.map((n) => ({
      id: n.id,
      name: n.name,
      driver: n.driver,
      builtIn: n.builtIn,
      ...(n.ipam.configs[0]?.subnet ? { subnet: n.ipam.configs[0].subnet } : {}),
    })),
    containers: [...containers.values()],
    edges,
  };
}
