// Messages between the panels and the extension. Both sides import this file. Neither trusts what
// arrives: the extension checks each message's shape and that it names an object the panel was
// shown; the page only ever sets text.
import type { AddressSpaceView } from '../model/addressSpace';
import type { NetworkViewPatch } from './viewPatch';

export type Pairs = [string, string][];

export interface ContainerRow {
  id: string;
  name: string;
  image: string;
  state: string;
  ipv4?: string;
  ipv6?: string;
  mac?: string;
  aliases: string[];
  dnsNames: string[];
  endpointId?: string;
  /** The container whose network stack this one uses. */
  sharedFrom?: string;
}

export interface IpamRow {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  aux: Pairs;
  /** Addresses taken by containers (running or configured), gateway and auxiliary addresses. */
  used: number;
  /** Usable addresses of the subnet, as text (IPv6 counts are huge). */
  total: string;
  /** What the engine itself counts (API 1.52+): addresses in use, and left for dynamic allocation. */
  engine?: { inUse: string; available: string };
}

export interface NetworkView {
  engine: string;
  id: string;
  name: string;
  driver: string;
  scope: string;
  created?: string;
  builtIn: boolean;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  ipv6: boolean;
  configOnly: boolean;
  configFrom?: string;
  /** The Compose project or swarm stack that made it, and its name in that project's file. */
  compose?: { kind: 'compose' | 'stack'; project: string; network?: string };
  ipam: { driver: string; options: Pairs; configs: IpamRow[] };
  containers: ContainerRow[];
  /** Whether containers may be connected (not host or none). */
  connectable: boolean;
  /** Edit Network can recreate it (not the engine's own, not a configuration network). */
  editable: boolean;
  options: Pairs;
  labels: Pairs;
  /** What the network is made of in the host (engine/plumbing), when read. */
  plumbing?: PlumbingView;
  swarm?: {
    services: {
      name: string;
      vip?: string;
      tasks: { name: string; ip?: string; node?: string; nodeState?: string }[];
    }[];
    /** The nodes the network spans; with their state where a manager's node list is known. */
    peers: { name: string; ip: string; nodeState?: string }[];
    loadBalancer?: { name: string; ipv4?: string; ipv6?: string };
  };
  json: string;
}

export interface PlumbingView {
  /** Why nothing could be read: the engine is remote, the host is not Linux, or its interfaces are in a VM. */
  problem?: 'remote' | 'notLinux' | 'vm';
  kind?: 'bridge' | 'macvlan' | 'ipvlan' | 'overlay' | 'host' | 'none' | 'other';
  bridge?: { name: string; state: string; mtu?: number; mac?: string; addresses: string[] };
  /** The bridge's name when the interface is not there. */
  missingBridge?: string;
  parent?: string;
  overlayNamespace?: string;
  rows: {
    container: string;
    ifName?: string;
    hostPeer?: string;
    master?: string;
    parent?: string;
    problem?: 'notRunning' | 'shared' | 'permission' | 'notFound' | 'unreadable';
  }[];
}

export interface ContainerNetworkRow {
  networkId: string;
  network: string;
  driver?: string;
  ipv4?: string;
  ipv6?: string;
  gateway?: string;
  ipv6Gateway?: string;
  mac?: string;
  aliases: string[];
  dnsNames: string[];
  endpointId?: string;
}

export interface ContainerView {
  engine: string;
  id: string;
  name: string;
  image: string;
  state: string;
  networkMode: string;
  networks: ContainerNetworkRow[];
  ports: { container: string; host: string }[];
  dns: { servers: string[]; search: string[]; options: string[] };
  json: string;
}

export interface TopologyView {
  engine: string;
  networks: { id: string; name: string; driver: string; builtIn: boolean; subnet?: string }[];
  containers: { id: string; name: string; state: string }[];
  edges: { network: string; container: string; ip?: string }[];
  /** The host plumbing layer, when the page asked for it. */
  plumbing?: {
    problem?: 'remote' | 'notLinux' | 'vm';
    /** Each network's bridge (or macvlan/ipvlan parent) in the host. */
    networks: { id: string; bridge?: string; parent?: string }[];
    /** Each container's interface on a network and the host's end of its veth pair. */
    links: { network: string; container: string; ifName: string; hostPeer?: string }[];
  };
  /** How the engine's default address pools are used. */
  addressSpace?: AddressSpaceView;
  /** Bumped each time the page should open and show the address space (Show Address Space). */
  focusAddressSpace?: number;
}

/** One connectivity diagnosis: the question, then (while it runs) the step, then the checks. */
export interface DiagnosisView {
  engine: string;
  sourceId: string;
  source: string;
  /** The target as the user named it. */
  target: string;
  port?: number;
  protocol: 'tcp' | 'udp';
  /** `idle`: restored after a reload, not run yet in this window. */
  state: 'idle' | 'running' | 'done' | 'failed';
  /** What runs now, or why the diagnosis itself failed. */
  message?: string;
  reachable?: boolean;
  verdict?: string;
  checks: {
    id: string;
    status: 'pass' | 'fail' | 'skip';
    title: string;
    detail: string;
    evidence: { command: string; output: string }[];
    /** The fix's title, when there is one (the extension keeps what it runs). */
    fix?: string;
  }[];
  tookMs?: number;
  finishedAt?: string;
}

export type ProbeKind = 'matrix' | 'names' | 'ports';
export type ProbeStatus = 'pass' | 'fail' | 'skip';

/** A wider look in helper containers: a network's reachability, a container's names or its ports. */
export interface ProbeView {
  engine: string;
  kind: ProbeKind;
  /** The network's or the container's ID, and its name. */
  subjectId: string;
  subject: string;
  state: 'idle' | 'running' | 'done' | 'failed';
  message?: string;
  tookMs?: number;
  finishedAt?: string;
  matrix?: {
    containers: string[];
    cells: { from: string; to: string; byName: ProbeStatus; byAddress: ProbeStatus; detail: string }[];
    leftOut: string[];
  };
  names?: {
    network: string;
    none?: string;
    names: {
      name: string;
      kind: 'container' | 'alias' | 'dnsName' | 'service' | 'tasks';
      owner: string;
      expected: string[];
      resolved: string[];
      status: ProbeStatus;
    }[];
  }[];
  ports?: {
    onlyInternal: boolean;
    ports: {
      port: number;
      protocol: 'tcp' | 'udp';
      published: string[];
      declared: boolean;
      listening: { kind: 'all' | 'loopback' | 'specific' | 'none'; addresses: string[] };
      warnings: string[];
    }[];
  };
}

export type PanelKind = 'network' | 'container' | 'topology' | 'diagnosis' | 'probe';

export type ToPanel =
  | { type: 'init'; kind: PanelKind; strings: Record<string, string> }
  /** `seq`: the view's number, for the updates sent as changes from it. */
  | { type: 'network'; view: NetworkView; updatedAt: string; seq?: number }
  /** The network view `seq` as changes from view `base`, which the page shows (else it asks again: ready). */
  | { type: 'networkPatch'; view: NetworkViewPatch; updatedAt: string; base: number; seq: number }
  | { type: 'container'; view: ContainerView; updatedAt: string }
  | { type: 'topology'; view: TopologyView; updatedAt: string }
  | { type: 'diagnosis'; view: DiagnosisView }
  | { type: 'probe'; view: ProbeView }
  | { type: 'problem'; message: string; gone: boolean };

export type FromPanel =
  /** `shown`: the page showed the messages its HTML came with (see `firstMessagesElement`). */
  | { type: 'ready'; shown?: boolean }
  | { type: 'copy'; text: string }
  | { type: 'openJson' }
  | { type: 'connect' }
  | { type: 'edit' }
  | { type: 'disconnect'; network: string; container: string }
  | { type: 'inspectContainer'; container: string }
  | { type: 'inspectNetwork'; network: string }
  | { type: 'reveal'; network: string; container?: string }
  | { type: 'plumbing'; on: boolean }
  | { type: 'diagnose'; container: string }
  /** `network`: which one, from the topology (the network panel's is its own). */
  | { type: 'probe'; kind: ProbeKind; network?: string }
  | { type: 'rerun' }
  | { type: 'fix'; check: string };

const TYPES = new Set([
  'ready',
  'copy',
  'openJson',
  'connect',
  'edit',
  'disconnect',
  'inspectContainer',
  'inspectNetwork',
  'reveal',
  'plumbing',
  'diagnose',
  'probe',
  'rerun',
  'fix',
]);

/** Checks the shape of a message from a panel; anything else is dropped. */
export function parseFromPanel(value: unknown): FromPanel | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return undefined;
  const str = (k: string) => typeof m[k] === 'string' && (m[k] as string).length <= 4096;
  switch (m.type) {
    case 'copy':
      return str('text') ? { type: 'copy', text: m.text as string } : undefined;
    case 'disconnect':
      return str('network') && str('container')
        ? { type: 'disconnect', network: m.network as string, container: m.container as string }
        : undefined;
    case 'inspectContainer':
      return str('container') ? { type: 'inspectContainer', container: m.container as string } : undefined;
    case 'inspectNetwork':
      return str('network') ? { type: 'inspectNetwork', network: m.network as string } : undefined;
    case 'plumbing':
      return typeof m.on === 'boolean' ? { type: 'plumbing', on: m.on } : undefined;
    case 'diagnose':
      return str('container') ? { type: 'diagnose', container: m.container as string } : undefined;
    case 'probe':
      if (m.kind !== 'matrix' && m.kind !== 'names' && m.kind !== 'ports') return undefined;
      if (m.network !== undefined && !str('network')) return undefined;
      return m.network === undefined
        ? { type: 'probe', kind: m.kind }
        : { type: 'probe', kind: m.kind, network: m.network as string };
    case 'fix':
      return str('check') ? { type: 'fix', check: m.check as string } : undefined;
    case 'reveal':
      if (!str('network') || (m.container !== undefined && !str('container'))) return undefined;
      return m.container === undefined
        ? { type: 'reveal', network: m.network as string }
        : { type: 'reveal', network: m.network as string, container: m.container as string };
    case 'ready':
      return m.shown === true ? { type: 'ready', shown: true } : { type: 'ready' };
    default:
      return { type: m.type as 'openJson' | 'connect' | 'edit' | 'rerun' };
  }
}

/** The id of the element that carries a page's first messages in its HTML. */
export const FIRST_MESSAGES_ID = 'dn-first';

/**
 * The performance mark a page makes when it has shown the messages its HTML came with: the paint
 * that follows shows them (the bench times the panel from it; a mark costs nothing to keep).
 */
export const FIRST_SHOWN_MARK = 'dn-first-shown';

/**
 * The messages a page is made with, as an element of its HTML: JSON in a script element the page
 * reads as text (never run). Every `<`, `>` and `&` is escaped, so no text of the engine's can end
 * the element or start another; U+2028 and U+2029 too, for any reader that takes it as script.
 */
export function firstMessagesElement(messages: readonly ToPanel[]): string {
  const json = JSON.stringify(messages).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${FIRST_MESSAGES_ID}">${json}</script>`;
}
