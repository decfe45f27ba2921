// What the Docker Engine API returns, typed as loosely as the daemons really are: Docker 20.10
// leaves out a Gateway for `--subnet` networks, Podman sends null where Docker sends {}, and older
// engines lack whole fields. Everything optional here is optional on some engine we support.

export type StringMap = Record<string, string>;

export interface RawIpamConfig {
  Subnet?: string;
  Gateway?: string;
  IPRange?: string;
  AuxiliaryAddresses?: StringMap | null;
}

export interface RawEndpoint {
  Name?: string;
  EndpointID?: string;
  MacAddress?: string;
  IPv4Address?: string;
  IPv6Address?: string;
}

export interface RawPeer {
  Name?: string;
  IP?: string;
}

export interface RawServiceInfo {
  VIP?: string;
  Ports?: string[] | null;
  LocalLBIndex?: number;
  Tasks?: { Name?: string; EndpointID?: string; EndpointIP?: string; Info?: StringMap | null }[] | null;
}

/**
 * Addresses in use in one subnet (API 1.52+). Unsigned 64-bit on the wire, saturating at 2^64-1:
 * the client reads them as decimal strings, exactly (a JavaScript number would round them).
 */
export interface RawSubnetStatus {
  IPsInUse?: number | string;
  DynamicIPsAvailable?: number | string;
}

/**
 * `GET /networks` and `GET /networks/{id}`. The list leaves `Containers` empty (and from Docker 29
 * out); members come from the containers' own `NetworkSettings.Networks`.
 */
export interface RawNetwork {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  /** API 1.48+; missing means true (older engines, Podman). */
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Options?: StringMap | null; Config?: RawIpamConfig[] | null } | null;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigFrom?: { Network?: string } | null;
  ConfigOnly?: boolean;
  Containers?: Record<string, RawEndpoint> | null;
  Options?: StringMap | null;
  Labels?: StringMap | null;
  Peers?: RawPeer[] | null;
  Services?: Record<string, RawServiceInfo> | null;
  /** Inspect only, API 1.52+: addresses in use per subnet (CIDR). */
  Status?: { IPAM?: { Subnets?: Record<string, RawSubnetStatus> | null } | null } | null;
}

/** One entry of a container's `NetworkSettings.Networks`, keyed by network name. */
export interface RawEndpointSettings {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] | null } | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  DNSNames?: string[] | null;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  MacAddress?: string;
  DriverOpts?: StringMap | null;
  /** API 1.48+: which endpoint's gateway wins as the default route (highest first). */
  GwPriority?: number;
}

/** `GET /containers/json?all=1` */
export interface RawContainer {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  State?: string;
  Status?: string;
  Labels?: StringMap | null;
  HostConfig?: { NetworkMode?: string } | null;
  NetworkSettings?: { Networks?: Record<string, RawEndpointSettings> | null } | null;
}

/** `GET /containers/{id}/json` (the parts we read). */
export interface RawContainerInspect {
  Id: string;
  Name?: string;
  State?: { Status?: string; Running?: boolean; Paused?: boolean; Pid?: number } | null;
  Config?: {
    Image?: string;
    Hostname?: string;
    Cmd?: string[] | null;
    Labels?: StringMap | null;
    /** `"80/tcp": {}` for each port the image or `--expose` declares. */
    ExposedPorts?: Record<string, unknown> | null;
  } | null;
  HostConfig?: {
    NetworkMode?: string;
    /** What `-p` asked for; NetworkSettings.Ports is what the engine did (nothing on an internal network). */
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    Dns?: string[] | null;
    DnsSearch?: string[] | null;
    DnsOptions?: string[] | null;
  } | null;
  NetworkSettings?: {
    Networks?: Record<string, RawEndpointSettings> | null;
    Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    SandboxKey?: string;
  } | null;
}

/** `GET /images/json` */
export interface RawImage {
  Id: string;
  RepoTags?: string[] | null;
  Created?: number;
  Size?: number;
}

/** `GET /version` */
export interface RawVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Components?: { Name?: string; Version?: string }[] | null;
}

/** `GET /info` (the parts we read). */
export interface RawInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  Containers?: number;
  Plugins?: { Network?: string[] | null } | null;
  /** API 1.49+: how the engine programs the firewall. */
  FirewallBackend?: { Driver?: string; Info?: string[][] | null } | null;
  /** The daemon's default-address-pools, when it was given some (Docker; not Podman). */
  DefaultAddressPools?: { Base?: string; Size?: number }[] | null;
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Cluster?: { ID?: string } | null;
  } | null;
}

/** One node of `GET /nodes` (a swarm manager only), the parts we read. */
export interface RawSwarmNode {
  ID: string;
  Spec?: { Role?: string; Availability?: string; Name?: string } | null;
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } | null } | null;
  Status?: { State?: string; Message?: string; Addr?: string } | null;
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

/** One message of `GET /events`. */
export interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: StringMap | null } | null;
  scope?: string;
  time?: number;
  timeNano?: number;
}
