// What a verbose inspect of a swarm network adds: its services with their tasks and the node each
// runs on, the peers (nodes) it spans, and the load balancer endpoint of this node. Pure.
import { RawNetwork } from '../engine/types';

export interface TaskModel {
  name: string;
  endpointId?: string;
  ip?: string;
  /** The node the task runs on: the peer's name when known, else its address. */
  node?: string;
  nodeIp?: string;
}

export interface ServiceModel {
  name: string;
  vip?: string;
  ports: string[];
  tasks: TaskModel[];
}

export interface PeerModel {
  name: string;
  ip: string;
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

const stripPrefix = (address: string | undefined) => (address ? address.replace(/\/\d+$/, '') : undefined);

export function swarmDetails(raw: RawNetwork): SwarmDetails {
  const peers = (raw.Peers ?? []).filter((p) => p.IP).map((p) => ({ name: p.Name || p.IP!, ip: p.IP! }));
  const peerByIp = new Map(peers.map((p) => [p.ip, p.name]));
  const services: ServiceModel[] = [];
  let attached: TaskModel[] = [];
  for (const [name, info] of Object.entries(raw.Services ?? {})) {
    const tasks = (info.Tasks ?? []).map((t) => {
      const nodeIp = t.Info?.['Host IP'];
      const task: TaskModel = { name: t.Name ?? '' };
      if (t.EndpointID) task.endpointId = t.EndpointID;
      if (t.EndpointIP) task.ip = t.EndpointIP;
      if (nodeIp) {
        task.nodeIp = nodeIp;
        task.node = peerByIp.get(nodeIp) ?? nodeIp;
      }
      return task;
    });
    tasks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The engine files plain attached containers under a service with an empty name.
    if (!name) {
      attached = tasks;
      continue;
    }
    const service: ServiceModel = { name, ports: info.Ports ?? [], tasks };
    if (info.VIP && info.VIP !== '<nil>') service.vip = info.VIP;
    services.push(service);
  }
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const details: SwarmDetails = { services, attached, peers };
  // This node's load balancer sits in Containers under "lb-<network>" ("ingress-sbox" on ingress).
  for (const [key, endpoint] of Object.entries(raw.Containers ?? {})) {
    if (key.startsWith('lb-') || key === 'ingress-sbox') {
      const lb: LoadBalancerModel = { name: endpoint.Name || key };
      const v4 = stripPrefix(endpoint.IPv4Address);
      const v6 = stripPrefix(endpoint.IPv6Address);
      if (v4) lb.ipv4 = v4;
      if (v6) lb.ipv6 = v6;
      if (endpoint.MacAddress) lb.mac = endpoint.MacAddress;
      if (endpoint.EndpointID) lb.endpointId = endpoint.EndpointID;
      details.loadBalancer = lb;
    }
  }
  return details;
}
