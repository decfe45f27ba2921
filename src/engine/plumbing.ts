// What a network is made of in the host, as Docker's own explanation draws it: the bridge
// interface (docker0, br-<id>), and per container its interface inside its namespace (eth0, …)
// whose veth peer sits on that bridge, or the parent a macvlan/ipvlan interface sits on. Read from
// sysfs and /proc, so only where the engine runs on this machine and this process may look.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Why nothing can be read for a whole network. */
export type PlumbingProblem =
  /** The engine is reached over ssh or TCP: its interfaces are on another machine. */
  | 'remote'
  /** The host has no /sys/class/net (not Linux). */
  | 'notLinux'
  /** Local socket, but the network's bridge is not in this host (an engine in a VM, e.g. Docker Desktop). */
  | 'vm';

/** Why one endpoint's side cannot be read. */
export type EndpointProblem = 'notRunning' | 'shared' | 'permission' | 'notFound';

export interface HostLink {
  name: string;
  index: number;
  /** The index of the other end (a veth's peer, a macvlan's parent); its own index when none. */
  iflink: number;
  state: string;
  mtu?: number;
  mac?: string;
  /** The bridge this interface is a port of. */
  master?: string;
}

export interface BridgePlumbing {
  name: string;
  state: string;
  mtu?: number;
  mac?: string;
  /** Addresses with their prefix, e.g. 172.18.0.1/16. */
  addresses: string[];
}

export interface EndpointPlumbing {
  containerId: string;
  /** The container's interface on this network, in its own namespace (eth0, eth1, …). */
  ifName?: string;
  /** The host's end of the container's veth pair. */
  hostPeer?: string;
  /** The bridge the host's end is a port of. */
  master?: string;
  /** macvlan / ipvlan: the host interface the container's interface sits on. */
  parent?: string;
  problem?: EndpointProblem;
}

export type PlumbingKind = 'bridge' | 'macvlan' | 'ipvlan' | 'overlay' | 'host' | 'none' | 'other';

export interface NetworkPlumbing {
  kind: PlumbingKind;
  /** The bridge interface (bridge networks); undefined when it does not exist (yet). */
  bridge?: BridgePlumbing;
  /** The bridge's name as the engine would make it, present or not. */
  bridgeName?: string;
  /** macvlan / ipvlan: the parent the network was created on. */
  parent?: string;
  /** overlay: the engine's namespace holding the network's bridge and VXLAN interface. */
  overlayNamespace?: string;
  endpoints: EndpointPlumbing[];
}

export type PlumbingResult = { available: true; plumbing: NetworkPlumbing } | { available: false; problem: PlumbingProblem };

export interface PlumbingInput {
  /** The engine's address as configured (unix://…, ssh://…, tcp://…). */
  host: string;
  network: { id: string; name: string; driver: string; options: Readonly<Record<string, string>> };
  endpoints: ReadonlyArray<{ containerId: string; mac?: string; pid?: number; running: boolean; shared?: boolean }>;
}

export interface PlumbingRoots {
  sys: string;
  proc: string;
  /** The host's addresses by interface (os.networkInterfaces). */
  addresses: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

const HOST_ROOTS: PlumbingRoots = { sys: '/sys', proc: '/proc', addresses: () => os.networkInterfaces() };

export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

/** The host interface the engine makes for a bridge network: the option, or br-<first 12 of the ID>. */
export function bridgeName(network: { id: string; options: Readonly<Record<string, string>> }): string {
  return network.options[BRIDGE_NAME_OPTION] || `br-${network.id.slice(0, 12)}`;
}

function kindOf(driver: string): PlumbingKind {
  if (driver === 'null') return 'none';
  return (['bridge', 'macvlan', 'ipvlan', 'overlay', 'host', 'none'] as const).find((k) => k === driver) ?? 'other';
}

const readText = (file: string) => fs.readFile(file, 'utf8').then((t) => t.trim());

/** The network interfaces of one namespace, as the sysfs mounted at `classNet`'s root shows them. */
export async function readLinks(classNet: string): Promise<HostLink[]> {
  const names = await fs.readdir(classNet);
  const links = await Promise.all(
    names.map(async (name): Promise<HostLink | undefined> => {
      const dir = path.join(classNet, name);
      try {
        const [index, iflink, state, mtu, mac, master] = await Promise.all([
          readText(path.join(dir, 'ifindex')),
          readText(path.join(dir, 'iflink')),
          readText(path.join(dir, 'operstate')).catch(() => 'unknown'),
          readText(path.join(dir, 'mtu')).catch(() => ''),
          readText(path.join(dir, 'address')).catch(() => ''),
          fs.readlink(path.join(dir, 'master')).then((l) => path.basename(l), () => undefined),
        ]);
        return { name, index: Number(index), iflink: Number(iflink), state, ...(mtu ? { mtu: Number(mtu) } : {}), ...(mac ? { mac: mac.toLowerCase() } : {}), ...(master ? { master } : {}) };
      } catch {
        return undefined; // gone while reading
      }
    }),
  );
  return links.filter((l): l is HostLink => !!l);
}

/**
 * Reads each namespace's interfaces once however many networks ask: the host's, and each
 * container's by its process. One reader serves one look at the engine (a panel's or the
 * topology's update), so a container on several networks and the host are read once for all.
 */
export class LinkReader {
  private host: Promise<{ byIndex: Map<number, HostLink>; byName: Map<string, HostLink> }> | undefined;
  private readonly containers = new Map<number, Promise<HostLink[]>>();

  constructor(readonly roots: PlumbingRoots = HOST_ROOTS) {}

  hostLinks(): Promise<{ byIndex: Map<number, HostLink>; byName: Map<string, HostLink> }> {
    this.host ??= readLinks(path.join(this.roots.sys, 'class/net')).then((links) => ({
      byIndex: new Map(links.map((l) => [l.index, l])),
      byName: new Map(links.map((l) => [l.name, l])),
    }));
    return this.host;
  }

  containerLinks(pid: number): Promise<HostLink[]> {
    let links = this.containers.get(pid);
    if (!links) this.containers.set(pid, (links = readLinks(path.join(this.roots.proc, String(pid), 'root/sys/class/net'))));
    return links;
  }
}

function problemOf(e: unknown): EndpointProblem {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission' : 'notFound';
}

/**
 * Reads a network's plumbing from this host. Never throws: what cannot be read is named in
 * `problem`, for the whole network or for one endpoint.
 */
export async function readPlumbing(input: PlumbingInput, reader: LinkReader = new LinkReader()): Promise<PlumbingResult> {
  if (!/^unix:\/\//i.test(input.host)) return { available: false, problem: 'remote' };
  const { network } = input;
  const kind = kindOf(network.driver);
  const plumbing: NetworkPlumbing = { kind, endpoints: [] };
  // host and none make no interfaces of their own: nothing to read, and nothing that can fail.
  if (kind === 'host' || kind === 'none') {
    plumbing.endpoints = input.endpoints.map((e) => ({ containerId: e.containerId }));
    return { available: true, plumbing };
  }
  let host: Awaited<ReturnType<LinkReader['hostLinks']>>;
  try {
    host = await reader.hostLinks();
  } catch {
    return { available: false, problem: 'notLinux' };
  }
  const { byIndex, byName } = host;
  if (kind === 'bridge') {
    plumbing.bridgeName = bridgeName(network);
    const link = byName.get(plumbing.bridgeName);
    if (link) {
      const addresses = (reader.roots.addresses()[link.name] ?? []).map((a) => a.cidr ?? a.address);
      plumbing.bridge = { name: link.name, state: link.state, ...(link.mtu ? { mtu: link.mtu } : {}), ...(link.mac ? { mac: link.mac } : {}), addresses };
    } else if (input.endpoints.some((e) => e.running && !e.shared)) {
      // Containers run on it, yet its bridge is not here: the engine's interfaces are elsewhere.
      return { available: false, problem: 'vm' };
    }
  }
  if (kind === 'macvlan' || kind === 'ipvlan') plumbing.parent = network.options.parent || undefined;
  if (kind === 'overlay') plumbing.overlayNamespace = `1-${network.id.slice(0, 10)}`;

  plumbing.endpoints = await Promise.all(
    input.endpoints.map(async (e): Promise<EndpointPlumbing> => {
      const out: EndpointPlumbing = { containerId: e.containerId };
      if (e.shared) return { ...out, problem: 'shared' };
      if (!e.running || !e.pid) return { ...out, problem: 'notRunning' };
      let inside: HostLink[];
      try {
        inside = await reader.containerLinks(e.pid);
      } catch (err) {
        return { ...out, problem: problemOf(err) };
      }
      const mac = e.mac?.toLowerCase();
      const own = inside.find((l) => mac && l.mac === mac);
      if (!own) return { ...out, problem: 'notFound' };
      out.ifName = own.name;
      // The iflink of the container's end names an interface of the namespace its peer lives in:
      // the host's for bridge, macvlan and ipvlan; the engine's own namespace for overlay.
      const peer = kind === 'overlay' ? undefined : byIndex.get(own.iflink);
      if (kind === 'bridge' && peer) {
        out.hostPeer = peer.name;
        if (peer.master) out.master = peer.master;
      } else if ((kind === 'macvlan' || kind === 'ipvlan') && peer) {
        out.parent = peer.name;
      } else if (kind === 'other' && peer && own.iflink !== own.index) {
        out.hostPeer = peer.name;
        if (peer.master) out.master = peer.master;
      }
      return out;
    }),
  );
  return { available: true, plumbing };
}
