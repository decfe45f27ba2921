// What a network is made of in the host, as Docker's own explanation draws it: the bridge
// interface (docker0, br-<id>), and per container its interface inside its namespace (eth0, …)
// whose veth peer sits on that bridge, or the parent a macvlan/ipvlan interface sits on. Read from
// sysfs and /proc, so only where the engine runs on this machine and this process may look.
//
// A container controls what its own /sys shows (a privileged one can mount anything there), so its
// files are hostile: each is opened without following a symlink and without blocking, read only if
// it is a small regular file on a sysfs, and every look has a time limit.
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { IFNAME, interfaceAddresses } from './interfaces';

/** Why nothing can be read for a whole network. */
export type PlumbingProblem =
  /** The engine is reached over ssh or TCP: its interfaces are on another machine. */
  | 'remote'
  /** The host has no /sys/class/net (not Linux). */
  | 'notLinux'
  /** Local socket, but the network's bridge is not in this host (an engine in a VM, e.g. Docker Desktop). */
  | 'vm';

/** Why one endpoint's side cannot be read. */
export type EndpointProblem = 'notRunning' | 'shared' | 'permission' | 'notFound' | 'unreadable';

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

export type PlumbingResult =
  { available: true; plumbing: NetworkPlumbing } | { available: false; problem: PlumbingProblem };

export interface PlumbingInput {
  /** The engine's address as configured (unix://…, ssh://…, tcp://…). */
  host: string;
  network: { id: string; name: string; driver: string; options: Readonly<Record<string, string>> };
  endpoints: ReadonlyArray<{ containerId: string; mac?: string; pid?: number; running: boolean; shared?: boolean }>;
}

export interface PlumbingRoots {
  sys: string;
  proc: string;
  /** One interface's addresses with their prefix (172.18.0.1/16). */
  addresses: (name: string) => Promise<string[]>;
  /** Whether a directory is on a sysfs (where interface files may be read). */
  isSysfs: (dir: string) => Promise<boolean>;
}

/** statfs(2)'s f_type of sysfs. */
const SYSFS_MAGIC = 0x62656572;

const HOST_ROOTS: PlumbingRoots = {
  sys: '/sys',
  proc: '/proc',
  addresses: (name) => interfaceAddresses(name),
  isSysfs: async (dir) => (await fs.statfs(dir)).type === SYSFS_MAGIC,
};

/** The longest an interface attribute is (ifindex, operstate, mtu, address are a few bytes). */
const MAX_ATTRIBUTE = 256;
/** The longest one look into a namespace may take. */
export const LOOK_LIMIT_MS = 2_000;

/** Why an interface file is not read: not a regular file, too long, or a symlink. */
class Refused extends Error {
  readonly code = 'EREFUSED';
}

/**
 * One sysfs attribute: opened without following a symlink (O_NOFOLLOW) and without waiting for a
 * writer (O_NONBLOCK: a FIFO would block a thread of the extension host), read only when it is a
 * regular file, at most MAX_ATTRIBUTE bytes.
 */
export async function readAttribute(file: string): Promise<string> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Refused(`${file} is not a regular file`);
    const buffer = Buffer.alloc(MAX_ATTRIBUTE + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_ATTRIBUTE) throw new Refused(`${file} is longer than an interface attribute`);
    return buffer.subarray(0, bytesRead).toString('utf8').trim();
  } finally {
    await handle.close();
  }
}

/** Rejects after `ms` with a timeout; the work itself cannot block a thread (non-blocking opens). */
function limited<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms)),
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

/** The host interface the engine makes for a bridge network: the option, or br-<first 12 of the ID>. */
export function bridgeName(network: { id: string; options: Readonly<Record<string, string>> }): string {
  return network.options[BRIDGE_NAME_OPTION] || `br-${network.id.slice(0, 12)}`;
}

function kindOf(driver: string): PlumbingKind {
  if (driver === 'null') return 'none';
  return (['bridge', 'macvlan', 'ipvlan', 'overlay', 'host', 'none'] as const).find((k) => k === driver) ?? 'other';
}

const whole = (text: string) => (/^\d{1,10}$/.test(text) ? Number(text) : undefined);

/**
 * One interface of the namespace whose sysfs is `classNet`, by name; undefined when it is not there,
 * not on a sysfs (a symlink planted to elsewhere), or unreadable.
 */
async function readLink(
  classNet: string,
  name: string,
  isSysfs: PlumbingRoots['isSysfs'],
): Promise<HostLink | undefined> {
  const dir = path.join(classNet, name);
  try {
    if (!(await isSysfs(dir))) return undefined;
    const [index, iflink, state, mtu, mac, master] = await Promise.all([
      readAttribute(path.join(dir, 'ifindex')),
      readAttribute(path.join(dir, 'iflink')),
      readAttribute(path.join(dir, 'operstate')).catch(() => 'unknown'),
      readAttribute(path.join(dir, 'mtu')).catch(() => ''),
      readAttribute(path.join(dir, 'address')).catch(() => ''),
      fs.readlink(path.join(dir, 'master')).then(
        (l) => path.basename(l),
        () => undefined,
      ),
    ]);
    const i = whole(index);
    const peer = whole(iflink);
    if (i === undefined || peer === undefined) return undefined;
    return {
      name,
      index: i,
      iflink: peer,
      state,
      ...(whole(mtu) ? { mtu: whole(mtu) } : {}),
      ...(/^[0-9a-f:]{1,64}$/i.test(mac) ? { mac: mac.toLowerCase() } : {}),
      ...(master ? { master } : {}),
    };
  } catch {
    return undefined; // gone while reading, or refused
  }
}

/**
 * The network interfaces of one namespace, as the sysfs at `classNet` shows them. Each interface
 * directory must be on a sysfs: a symlink the namespace planted to elsewhere (the host's /etc, say,
 * which an absolute link under /proc/<pid>/root reaches) is not read. Throws EREFUSED when
 * `classNet` itself is not a sysfs.
 */
export async function readLinks(
  classNet: string,
  isSysfs: PlumbingRoots['isSysfs'] = HOST_ROOTS.isSysfs,
): Promise<HostLink[]> {
  if (!(await isSysfs(classNet))) throw new Refused(`${classNet} is not a sysfs`);
  const names = (await fs.readdir(classNet)).slice(0, 4_096);
  const links = await Promise.all(names.map((name) => readLink(classNet, name, isSysfs)));
  return links.filter((l): l is HostLink => !!l);
}

type HostLinks = { byIndex: Map<number, HostLink>; byName: Map<string, HostLink> };

/**
 * Reads each namespace's interfaces once however many networks ask: the host's, and each
 * container's by its process. One reader serves one look at the engine (a panel's or the
 * topology's update), so a container on several networks and the host are read once for all.
 *
 * Of the host, only what a network needs is read: its bridge and the bridge's ports, or a macvlan's
 * parent. A host with 1,000 networks has over 1,000 interfaces, and reading them all (six files
 * each) for one network's panel kept the extension host busy for half a second. All of them are
 * read only where a network needs an interface it cannot name (another driver, a veth whose peer
 * is on no bridge).
 */
export class LinkReader {
  private host: Promise<HostLinks> | undefined;
  private hostReadable: Promise<void> | undefined;
  private readonly hostByName = new Map<string, Promise<HostLink | undefined>>();
  private readonly ports = new Map<string, Promise<Map<number, string>>>();
  private readonly containers = new Map<number, Promise<HostLink[]>>();

  constructor(readonly roots: PlumbingRoots = HOST_ROOTS) {}

  private get classNet(): string {
    return path.join(this.roots.sys, 'class/net');
  }

  /** Rejects when this host's interfaces cannot be read at all (no /sys/class/net on a sysfs). */
  readable(): Promise<void> {
    this.hostReadable ??= limited(
      (async () => {
        if (!(await fs.stat(this.classNet)).isDirectory() || !(await this.roots.isSysfs(this.classNet)))
          throw new Refused(`${this.classNet} is not a sysfs`);
      })(),
      LOOK_LIMIT_MS,
    );
    return this.hostReadable;
  }

  /** Every interface of this host. */
  hostLinks(): Promise<HostLinks> {
    this.host ??= limited(readLinks(this.classNet, this.roots.isSysfs), LOOK_LIMIT_MS).then((links) => ({
      byIndex: new Map(links.map((l) => [l.index, l])),
      byName: new Map(links.map((l) => [l.name, l])),
    }));
    return this.host;
  }

  /** One interface of this host by name; undefined when there is none (or the name is no interface's). */
  hostLink(name: string): Promise<HostLink | undefined> {
    if (!IFNAME.test(name)) return Promise.resolve(undefined);
    if (this.host) return this.host.then((h) => h.byName.get(name));
    let link = this.hostByName.get(name);
    if (!link)
      this.hostByName.set(
        name,
        (link = limited(readLink(this.classNet, name, this.roots.isSysfs), LOOK_LIMIT_MS).catch(() => undefined)),
      );
    return link;
  }

  /**
   * The ports of one of this host's bridges (the host's ends of its veth pairs): their names by
   * index, from each port's ifindex alone. A bridge with 500 containers has 500 ports; the one a
   * container's interface is paired with is then read in full, not all of them.
   */
  bridgePorts(bridge: HostLink): Promise<Map<number, string>> {
    let ports = this.ports.get(bridge.name);
    if (!ports)
      this.ports.set(
        bridge.name,
        (ports = limited(
          (async () => {
            const dir = path.join(this.classNet, bridge.name, 'brif');
            const names = (await fs.readdir(dir)).slice(0, 4_096).filter((n) => IFNAME.test(n));
            const indexes = await Promise.all(
              names.map((n) => readAttribute(path.join(this.classNet, n, 'ifindex')).then(whole, () => undefined)),
            );
            return new Map(names.flatMap((n, i) => (indexes[i] === undefined ? [] : [[indexes[i], n] as const])));
          })(),
          LOOK_LIMIT_MS,
        ).catch(() => new Map<number, string>())),
      );
    return ports;
  }

  containerLinks(pid: number): Promise<HostLink[]> {
    if (!Number.isSafeInteger(pid) || pid <= 0) return Promise.reject(new Refused(`${pid} is not a process ID`));
    let links = this.containers.get(pid);
    if (!links)
      this.containers.set(
        pid,
        (links = limited(
          readLinks(path.join(this.roots.proc, String(pid), 'root/sys/class/net'), this.roots.isSysfs),
          LOOK_LIMIT_MS,
        )),
      );
    return links;
  }
}

function problemOf(e: unknown): EndpointProblem {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission';
  if (code === 'EREFUSED' || code === 'ETIMEDOUT' || code === 'ELOOP') return 'unreadable';
  return 'notFound';
}

/** Only an engine on a local socket has its interfaces in this host, where they can be read. */
export function readsHere(host: string): boolean {
  return /^unix:\/\//i.test(host);
}

/**
 * Reads a network's plumbing from this host. Never throws: what cannot be read is named in
 * `problem`, for the whole network or for one endpoint.
 */
export async function readPlumbing(
  input: PlumbingInput,
  reader: LinkReader = new LinkReader(),
): Promise<PlumbingResult> {
  if (!readsHere(input.host)) return { available: false, problem: 'remote' };
  const { network } = input;
  const kind = kindOf(network.driver);
  const plumbing: NetworkPlumbing = { kind, endpoints: [] };
  // host and none make no interfaces of their own: nothing to read, and nothing that can fail.
  if (kind === 'host' || kind === 'none') {
    plumbing.endpoints = input.endpoints.map((e) => ({ containerId: e.containerId }));
    return { available: true, plumbing };
  }
  try {
    await reader.readable();
  } catch {
    return { available: false, problem: 'notLinux' };
  }
  /** The host's interfaces a container's interface may be paired with: their names by index. */
  let near = (): Promise<Map<number, string>> => Promise.resolve(new Map());
  if (kind === 'bridge') {
    plumbing.bridgeName = bridgeName(network);
    const link = await reader.hostLink(plumbing.bridgeName);
    if (link) {
      plumbing.bridge = {
        name: link.name,
        state: link.state,
        ...(link.mtu ? { mtu: link.mtu } : {}),
        ...(link.mac ? { mac: link.mac } : {}),
        addresses: await reader.roots.addresses(link.name).catch(() => []),
      };
      near = () => reader.bridgePorts(link);
    } else if (input.endpoints.some((e) => e.running && !e.shared)) {
      // Containers run on it, yet its bridge is not here: the engine's interfaces are elsewhere.
      return { available: false, problem: 'vm' };
    }
  }
  if (kind === 'macvlan' || kind === 'ipvlan') {
    plumbing.parent = network.options.parent || undefined;
    const parent = plumbing.parent ? await reader.hostLink(plumbing.parent) : undefined;
    if (parent) near = () => Promise.resolve(new Map([[parent.index, parent.name]]));
  }
  if (kind === 'overlay') plumbing.overlayNamespace = `1-${network.id.slice(0, 10)}`;
  /** The host's interface of index `i`: among those near (if it still has that index), else among all of the host's. */
  const hostPeer = async (i: number) => {
    const name = (await near()).get(i);
    const link = name === undefined ? undefined : await reader.hostLink(name);
    if (link?.index === i) return link;
    return (await reader.hostLinks().catch(() => undefined))?.byIndex.get(i);
  };

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
      const unpaired = kind === 'overlay' || (kind === 'other' && own.iflink === own.index);
      const peer = unpaired ? undefined : await hostPeer(own.iflink);
      if (kind === 'bridge' && peer) {
        out.hostPeer = peer.name;
        if (peer.master) out.master = peer.master;
      } else if ((kind === 'macvlan' || kind === 'ipvlan') && peer) {
        out.parent = peer.name;
      } else if (kind === 'other' && peer) {
        out.hostPeer = peer.name;
        if (peer.master) out.master = peer.master;
      }
      return out;
    }),
  );
  return { available: true, plumbing };
}
