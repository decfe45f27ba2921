// What a verbose inspect of a swarm network adds: its services with their tasks and the node each
// runs on, the peers (nodes) it spans, and the load balancer endpoint of this node. Pure.
import { RawEndpoint, RawNetwork, RawPeer, RawServiceInfo, RawSwarmNode } from '../engine/types';
import { byName, compareText } from '../util/order';
import { objectEntries, objects, record, str, strings } from './read';

export interface TaskModel {
  name: string;
  endpointId?: string;
  ip?: string;
  /** The node the task runs on: the peer's name when known, else its address. */
  node?: string;
  nodeIp?: string;
  /** The node's state as the managers see it (ready, down, …), when the node list is known. */
  nodeState?: string;
}

export interface ServiceModel {
  name: string;
  vip?: string;
  ports: string[];
  tasks: TaskModel[];
}

export interface PeerModel {
  /** The node's hostname when the node list knows its address, else the gossip name. */
  name: string;
  ip: string;
  nodeState?: string;
}

export interface LoadBalancerModel {
  name: string;
  ipv4?: string;
  ipv6?: string;
  mac?: string;
  endpointId?: string;
}

export interface SwarmDetails {
  services: ServiceModel[];
  /** Containers attached to the network without being a service's task. */
  attached: TaskModel[];
  peers: PeerModel[];
  loadBalancer?: LoadBalancerModel;
}

const sortByName = <T extends { name: string }>(list: T[]): T[] => list.sort(byName);

const stripPrefix = (address: string | undefined) => (address ? address.replace(/\/\d+$/, '') : undefined);

export function swarmDetails(raw: RawNetwork): SwarmDetails {
  const peers = sortByName(
    objects<RawPeer>(raw.Peers)
      .filter((p) => str(p.IP))
      .map((p) => ({ name: str(p.Name) || str(p.IP), ip: str(p.IP) })),
  );
  const peerByIp = new Map(peers.map((p) => [p.ip, p.name]));
  const services: ServiceModel[] = [];
  let attached: TaskModel[] = [];
  for (const [name, info] of objectEntries<RawServiceInfo>(raw.Services)) {
    const tasks = objects<NonNullable<RawServiceInfo['Tasks']>[number]>(info.Tasks).map((t) => {
      const nodeIp = str(record(t.Info)?.['Host IP']);
      const task: TaskModel = { name: str(t.Name) };
      if (str(t.EndpointID)) task.endpointId = str(t.EndpointID);
      if (str(t.EndpointIP)) task.ip = str(t.EndpointIP);
      if (nodeIp) {
        task.nodeIp = nodeIp;
        task.node = peerByIp.get(nodeIp) ?? nodeIp;
      }
      return task;
    });
    tasks.sort(byName);
    // The engine files plain attached containers under a service with an empty name.
    if (!name) {
      attached = tasks;
      continue;
    }
    const service: ServiceModel = { name, ports: strings(info.Ports), tasks };
    if (str(info.VIP) && info.VIP !== '<nil>') service.vip = str(info.VIP);
    services.push(service);
  }
  services.sort(byName);
  const details: SwarmDetails = { services, attached, peers };
  // This node's load balancer sits in Containers under "lb-<network>" ("ingress-sbox" on ingress).
  for (const [key, endpoint] of objectEntries<RawEndpoint>(raw.Containers)) {
    if (key.startsWith('lb-') || key === 'ingress-sbox') {
      const lb: LoadBalancerModel = { name: str(endpoint.Name) || key };
      const v4 = stripPrefix(str(endpoint.IPv4Address));
      const v6 = stripPrefix(str(endpoint.IPv6Address));
      if (v4) lb.ipv4 = v4;
      if (v6) lb.ipv6 = v6;
      if (str(endpoint.MacAddress)) lb.mac = str(endpoint.MacAddress);
      if (str(endpoint.EndpointID)) lb.endpointId = str(endpoint.EndpointID);
      details.loadBalancer = lb;
    }
  }
  return details;
}

/** One node of the swarm, as a manager's node list shows it. */
export interface SwarmNodeModel {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  /** ready, down, unknown, disconnected. */
  state: string;
  /** active, pause, drain. */
  availability: string;
  addr?: string;
  leader: boolean;
  /** Managers only: reachable, unreachable. */
  reachability?: string;
  engineVersion?: string;
  /** Why the node is in its state, when the manager says. */
  message?: string;
}

export function toSwarmNodes(raw: readonly RawSwarmNode[]): SwarmNodeModel[] {
  return raw
    .map((n) => {
      const node: SwarmNodeModel = {
        id: n.ID,
        hostname: n.Description?.Hostname || n.Spec?.Name || n.ID.slice(0, 12),
        role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
        state: n.Status?.State || 'unknown',
        availability: n.Spec?.Availability || 'active',
        leader: !!n.ManagerStatus?.Leader,
      };
      const addr =
        n.Status?.Addr && n.Status.Addr !== '0.0.0.0' ? n.Status.Addr : n.ManagerStatus?.Addr?.replace(/:\d+$/, '');
      if (addr) node.addr = addr;
      if (n.ManagerStatus?.Reachability) node.reachability = n.ManagerStatus.Reachability;
      if (n.Description?.Engine?.EngineVersion) node.engineVersion = n.Description.Engine.EngineVersion;
      if (n.Status?.Message) node.message = n.Status.Message;
      return node;
    })
    .sort((a, b) => compareText(a.hostname, b.hostname) || compareText(a.id, b.id));
}

/**
 * The gossip knows nodes by address and an opaque name; the manager's node list knows their
 * hostnames and states. Names peers and tasks' nodes by hostname, with the state, where it can.
 */
export function nameNodes(details: SwarmDetails, nodes: readonly SwarmNodeModel[] | undefined): SwarmDetails {
  if (!nodes?.length) return details;
  const byAddr = new Map(nodes.filter((n) => n.addr).map((n) => [n.addr!, n]));
  const task = (t: TaskModel): TaskModel => {
    const node = t.nodeIp ? byAddr.get(t.nodeIp) : undefined;
    return node ? { ...t, node: node.hostname, nodeState: node.state } : t;
  };
  return {
    ...details,
    services: details.services.map((s) => ({ ...s, tasks: s.tasks.map(task) })),
    attached: details.attached.map(task),
    peers: sortByName(
      details.peers.map((p) => {
        const node = byAddr.get(p.ip);
        return node ? { ...p, name: node.hostname, nodeState: node.state } : p;
      }),
    ),
  };
}

/** What the store knows of one engine, for grouping engines into swarms. */
export interface SwarmMember {
  engine: string;
  nodeId?: string;
  /** Managers only: the swarm's ID. */
  clusterId?: string;
  /** Managers only: the swarm's nodes. */
  nodes?: readonly SwarmNodeModel[];
  networks: readonly { id: string; name: string; scope: string }[];
}

/** Engines that are nodes of one swarm, and each swarm network with the engines that show it. */
export interface SwarmGroup {
  /** The swarm's ID, or the node's when no manager among the engines says which swarm it is. */
  id: string;
  engines: { engine: string; nodeId?: string; hostname?: string; role?: 'manager' | 'worker'; state?: string }[];
  networks: { id: string; name: string; engines: string[] }[];
}

/**
 * Groups engines by swarm: managers name their swarm; a worker belongs to the swarm whose manager
 * lists its node. Engines not in a swarm are left out.
 */
export function swarmGroups(members: readonly SwarmMember[]): SwarmGroup[] {
  const groups = new Map<string, { members: SwarmMember[]; nodes: Map<string, SwarmNodeModel> }>();
  const groupOf = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { members: [], nodes: new Map() }));
    return g;
  };
  for (const m of members) {
    if (!m.clusterId) continue;
    const g = groupOf(m.clusterId);
    g.members.push(m);
    for (const n of m.nodes ?? []) g.nodes.set(n.id, n);
  }
  for (const m of members) {
    if (m.clusterId || !m.nodeId) continue;
    const key = [...groups.entries()].find(([, g]) => g.nodes.has(m.nodeId!))?.[0] ?? `node:${m.nodeId}`;
    groupOf(key).members.push(m);
  }
  return [...groups.entries()].map(([id, g]) => {
    const networks = new Map<string, { id: string; name: string; engines: string[] }>();
    for (const m of g.members) {
      for (const n of m.networks) {
        if (n.scope !== 'swarm') continue;
        let entry = networks.get(n.id);
        if (!entry) networks.set(n.id, (entry = { id: n.id, name: n.name, engines: [] }));
        entry.engines.push(m.engine);
      }
    }
    return {
      id,
      engines: g.members.map((m) => {
        const node = m.nodeId ? g.nodes.get(m.nodeId) : undefined;
        return {
          engine: m.engine,
          ...(m.nodeId ? { nodeId: m.nodeId } : {}),
          ...(node ? { hostname: node.hostname, role: node.role, state: node.state } : {}),
        };
      }),
      networks: [...networks.values()].sort(byName),
    };
  });
}
