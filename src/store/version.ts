// What the engine says of itself (`/version` and `/info`), in the shape the views show: product,
// version, drivers, and its place in a swarm. Pure.
import { RawInfo, RawVersion } from '../engine/types';
import { EngineVersion } from './types';

/** Used when an engine does not list its network drivers (Podman). */
const COMMON_DRIVERS = ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'];

export function engineVersion(version: RawVersion, info: RawInfo): EngineVersion {
  const swarm = info.Swarm;
  const active = swarm?.LocalNodeState === 'active';
  const product = version.Components?.find((c) => c.Name && /engine/i.test(c.Name))?.Name ?? 'Engine';
  const listed = info.Plugins?.Network?.length ? info.Plugins.Network : COMMON_DRIVERS;
  return {
    version: version.Version ?? info.ServerVersion ?? '',
    apiVersion: version.ApiVersion ?? '',
    os: version.Os ?? info.OSType ?? '',
    arch: version.Arch ?? info.Architecture ?? '',
    product,
    operatingSystem: info.OperatingSystem ?? '',
    // Overlay networks need swarm mode.
    networkDrivers: listed.filter((d) => d !== 'overlay' || active),
    ...(typeof info.FirewallBackend?.Driver === 'string' && info.FirewallBackend.Driver
      ? { firewallBackend: info.FirewallBackend.Driver }
      : {}),
    defaultAddressPools: (info.DefaultAddressPools ?? []).flatMap((p) =>
      typeof p?.Base === 'string' && typeof p.Size === 'number' ? [{ base: p.Base, size: p.Size }] : [],
    ),
    swarm: {
      active,
      manager: active && !!swarm?.ControlAvailable,
      ...(swarm?.NodeID ? { nodeId: swarm.NodeID } : {}),
      ...(swarm?.NodeAddr ? { nodeAddr: swarm.NodeAddr } : {}),
      ...(active && swarm?.Cluster?.ID ? { clusterId: swarm.Cluster.ID } : {}),
      ...(active && info.Name ? { nodeName: info.Name } : {}),
    },
  };
}
