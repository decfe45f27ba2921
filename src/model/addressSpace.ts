// How an engine's default address pools are used: which networks hold which pool slots, how many
// networks without a subnet still fit, which networks collide with the host's own routes, and a
// daemon.json with room to grow. Slots are counted by interval arithmetic, never one by one: a /8
// pool of /30s has four million of them.
import { addressCount, Cidr, ipNumber4, nextFreeSubnet, overlaps, readCidr, within } from './cidr';
import { COMPOSE_PROJECT } from './compose';
import { isActive, NetworkModel } from './snapshot';
import { compareText } from '../util/order';
import { l10n } from '../util/text';

/** A pool of the engine, e.g. { base: '172.17.0.0/16', size: 16 }. */
export interface AddressPool {
  base: string;
  size: number;
}

/** Docker's built-in default pools (libnetwork ipamutils), used when /info reports none. */
export const DOCKER_DEFAULT_POOLS: readonly AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** Podman's default_subnet_pools (containers.conf), which its compatible API does not report. */
export const PODMAN_DEFAULT_POOLS: readonly AddressPool[] = [
  { base: '10.89.0.0/16', size: 24 },
  { base: '10.90.0.0/15', size: 24 },
  { base: '10.92.0.0/14', size: 24 },
  { base: '10.96.0.0/11', size: 24 },
  { base: '10.128.0.0/9', size: 24 },
];

/** A route of the host: its destination as CIDR and the interface it leaves by. */
export interface HostRoute {
  destination: string;
  device: string;
}

export interface AddressSpaceInput {
  networks: readonly NetworkModel[];
  /** /info DefaultAddressPools; undefined or empty: the engine reports none, its defaults are shown. */
  pools?: readonly AddressPool[];
  /** A Podman engine: its defaults and its configuration file (containers.conf) instead of Docker's. */
  podman?: boolean;
  /** The host's own routes, only when the engine runs on this machine; undefined otherwise. */
  hostRoutes?: readonly HostRoute[];
  /** Warn when at most this many default-size subnets are left (default 3). */
  warnAt?: number;
}

export interface AddressSpaceNetwork {
  id: string;
  name: string;
  subnet: string;
  /** Compose project (label com.docker.compose.project), when it has one. */
  project?: string;
  /** Endpoints on it (running and stopped), not counting containers that share another's stack. */
  containers: number;
  /** Not built in and no running container on it: what `docker network prune` removes. */
  prunable: boolean;
}

export interface AddressSpacePoolView {
  base: string;
  size: number;
  /** How many subnets of `size` the pool holds, and how many a network's subnet or a host route takes. */
  total: number;
  used: number;
  /** Networks inside the pool: largest subnet first, then by name; one Compose project's networks together. */
  networks: AddressSpaceNetwork[];
}

/** A network whose subnet overlaps a route of the host. */
export type HostOverlap = { network: string; subnet: string; route: string; device: string };

export interface AddressSpaceView {
  /** The pools came from /info. */
  fromEngine: boolean;
  pools: AddressSpacePoolView[];
  /** Networks with an IPv4 subnet inside no pool (chosen by hand); they still block the slots they overlap. */
  outside: AddressSpaceNetwork[];
  /** How many more networks without a subnet fit: the free slots over all pools. */
  fitsLeft: number;
  /** Set when fitsLeft <= warnAt. */
  warning?: string;
  /** Networks whose subnet overlaps a host route on a device no network owns (a VPN, the LAN). */
  hostOverlaps: HostOverlap[];
  /** False when the host's routes were not looked at (a remote engine). */
  routesChecked: boolean;
  /** The engine's configuration with the current pools and a larger one after them. */
  config: { file: 'daemon.json' | 'containers.conf'; text: string };
}

const BRIDGE_NAME = 'com.docker.network.bridge.name';
/** Where a larger pool is first looked for: far from the 10.0/10.1 that LANs and VPNs favour. */
const PROPOSAL_START = '10.200.0.0/16';
const PROPOSAL_SIZE = 24;

type Span = { start: number; end: number };
type Entry = { network: NetworkModel; cidr: Cidr };
type Placed = { row: AddressSpaceNetwork; prefix: number };

const span = (c: Cidr): Span => {
  const start = ipNumber4(c.network);
  return { start, end: start + Number(addressCount(c)) - 1 };
};

/** The Linux bridge the engine made for the network (docker0 for the default one). */
function bridgeOf(n: NetworkModel): string {
  return n.options[BRIDGE_NAME] || (n.builtIn && n.name === 'bridge' ? 'docker0' : `br-${n.id.slice(0, 12)}`);
}

/** How many slots of `slot` addresses from `base` the spans touch, each slot once. */
function touchedSlots(base: Span, slot: number, spans: readonly Span[]): number {
  const ranges = spans
    .filter((s) => s.end >= base.start && s.start <= base.end)
    .map((s) => [
      Math.floor((Math.max(s.start, base.start) - base.start) / slot),
      Math.floor((Math.min(s.end, base.end) - base.start) / slot),
    ])
    .sort((a, b) => a[0] - b[0]);
  let used = 0;
  let last = -1;
  for (const [from, to] of ranges) {
    if (to <= last) continue;
    used += to - Math.max(from, last + 1) + 1;
    last = to;
  }
  return used;
}

const bySize = (a: Placed, b: Placed) =>
  a.prefix - b.prefix || compareText(a.row.name, b.row.name) || compareText(a.row.id, b.row.id);

/** Largest first; a Compose project's networks kept together, the group placed by its largest. */
function arrange(items: readonly Placed[]): AddressSpaceNetwork[] {
  const groups = new Map<string, Placed[]>();
  for (const p of items) {
    const key = p.row.project !== undefined ? `p:${p.row.project}` : `n:${p.row.id}:${p.row.subnet}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()]
    .map((g) => g.sort(bySize))
    .sort((a, b) => bySize(a[0], b[0]))
    .flatMap((g) => g.map((p) => p.row));
}

function rowOf({ network: n, cidr }: Entry): Placed {
  const project = n.labels[COMPOSE_PROJECT];
  const row: AddressSpaceNetwork = {
    id: n.id,
    name: n.name,
    subnet: cidr.text,
    ...(project ? { project } : {}),
    containers: n.endpoints.filter((e) => !e.sharedFrom).length,
    // The engine's prune skips a network only for a running container; stopped ones do not keep it.
    prunable: !n.builtIn && !n.endpoints.some((e) => isActive(e.state)),
  };
  return { row, prefix: cidr.prefix };
}

function warningFor(left: number, file: string): string {
  if (left <= 0)
    return l10n.t(
      'The default address pools are used up: creating a network without a subnet fails. Add larger pools in {0}.',
      file,
    );
  if (left === 1)
    return l10n.t(
      'Only 1 more network fits in the default address pools. After that, creating a network without a subnet fails; add larger pools in {0}.',
      file,
    );
  return l10n.t(
    'Only {0} more networks fit in the default address pools. After that, creating a network without a subnet fails; add larger pools in {1}.',
    left,
    file,
  );
}

export function addressSpace(input: AddressSpaceInput): AddressSpaceView {
  const fromEngine = !!input.pools?.length;
  const defaults = input.podman ? PODMAN_DEFAULT_POOLS : DOCKER_DEFAULT_POOLS;
  const pools = (fromEngine ? input.pools! : defaults).flatMap((p) => {
    const cidr = readCidr(p.base);
    const ok = cidr?.family === 4 && Number.isInteger(p.size) && p.size >= cidr.prefix && p.size <= 32;
    return ok ? [{ cidr: cidr!, size: p.size }] : [];
  });

  // Swarm networks take their subnets from the swarm's own pool, and config-only networks hold none.
  const local = input.networks.filter((n) => n.scope !== 'swarm' && !n.configOnly);
  const entries: Entry[] = local.flatMap((network) =>
    network.ipam.configs
      .map((c) => readCidr(c.subnet))
      .filter((c): c is Cidr => c?.family === 4)
      .map((cidr) => ({ network, cidr })),
  );

  // A route on a network's own bridge is that network's subnet again, not something of the host's.
  const bridges = new Set(input.networks.map(bridgeOf));
  const routes = (input.hostRoutes ?? []).flatMap((r) => {
    const cidr = readCidr(r.destination);
    return cidr?.family === 4 && cidr.prefix > 0 ? [{ cidr, device: r.device }] : [];
  });
  const foreign = routes.filter((r) => !bridges.has(r.device));

  const hostOverlaps: HostOverlap[] = [];
  for (const { network, cidr } of entries) {
    // A macvlan or ipvlan network shares its parent's LAN on purpose.
    const parent = network.driver === 'macvlan' || network.driver === 'ipvlan' ? network.options.parent : undefined;
    for (const r of foreign) {
      if (r.device !== parent && overlaps(cidr, r.cidr))
        hostOverlaps.push({ network: network.name, subnet: cidr.text, route: r.cidr.text, device: r.device });
    }
  }

  const blocking = [...entries.map((e) => span(e.cidr)), ...foreign.map((r) => span(r.cidr))];
  const placed = new Set<Entry>();
  const poolViews = pools.map(({ cidr, size }): AddressSpacePoolView => {
    const mine = entries.filter((e) => !placed.has(e) && within(e.cidr, cidr));
    for (const e of mine) placed.add(e);
    return {
      base: cidr.text,
      size,
      total: 2 ** (size - cidr.prefix),
      used: touchedSlots(span(cidr), 2 ** (32 - size), blocking),
      networks: arrange(mine.map(rowOf)),
    };
  });
  const outside = arrange(entries.filter((e) => !placed.has(e)).map(rowOf));

  const fitsLeft = poolViews.reduce((sum, p) => sum + p.total - p.used, 0);
  const view: AddressSpaceView = {
    fromEngine,
    pools: poolViews,
    outside,
    fitsLeft,
    hostOverlaps,
    routesChecked: input.hostRoutes !== undefined,
    config: configFor(
      poolViews,
      [...entries.map((e) => e.cidr), ...routes.map((r) => r.cidr), ...pools.map((p) => p.cidr)],
      !!input.podman,
    ),
  };
  if (fitsLeft <= (input.warnAt ?? 3)) view.warning = warningFor(fitsLeft, view.config.file);
  return view;
}

/**
 * The current pools kept first (existing networks stay valid), then a free /16 of /24s: 256 more
 * networks. As daemon.json, or as containers.conf's [network] table for Podman.
 */
function configFor(
  current: readonly AddressSpacePoolView[],
  taken: readonly Cidr[],
  podman: boolean,
): AddressSpaceView['config'] {
  const start = readCidr(PROPOSAL_START)!;
  const base = taken.some((t) => overlaps(t, start)) ? nextFreeSubnet(start, taken) : start.text;
  const pools = current.map((p) => ({ base: p.base, size: p.size }));
  if (base) pools.push({ base, size: PROPOSAL_SIZE });
  if (!podman) return { file: 'daemon.json', text: JSON.stringify({ 'default-address-pools': pools }, null, 2) };
  const lines = pools.map((p) => `  {"base" = "${p.base}", "size" = ${p.size}},`);
  return { file: 'containers.conf', text: ['[network]', 'default_subnet_pools = [', ...lines, ']'].join('\n') };
}

/**
 * The IPv4 routes of /proc/net/route: destination and mask are hexadecimal in the host's byte
 * order (little-endian on the machines Docker runs on). Lines that do not read are skipped.
 */
export function parseRouteTable(text: string): HostRoute[] {
  const routes: HostRoute[] = [];
  const hex = (h: string) => {
    if (!/^[0-9a-fA-F]{8}$/.test(h)) return undefined;
    const bytes = [6, 4, 2, 0].map((i) => parseInt(h.slice(i, i + 2), 16));
    return bytes;
  };
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [device, destination, mask] = [f[0], hex(f[1]), hex(f[7])];
    if (!device || !destination || !mask) continue;
    const bits = mask.map((b) => b.toString(2).padStart(8, '0')).join('');
    // A mask is ones then zeros; anything else is not a route we can read.
    if (!/^1*0*$/.test(bits)) continue;
    const prefix = bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
    const cidr = readCidr(`${destination.join('.')}/${prefix}`);
    if (cidr) routes.push({ destination: cidr.text, device });
  }
  return routes;
}
