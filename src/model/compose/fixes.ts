// What a quick fix changes: the arguments of Create Network for a network as a file declares it,
// and the text edits that remove `external` or put another subnet in. Pure.
import type { CreateNetworkArgs } from '../createSpec';
import { readCidr } from '../cidr';
import type { NetworkChanges } from '../recreate';
import type { NetworkModel } from '../snapshot';
import { ComposeNetwork, Range } from './file';

/** Create Network's arguments for the network as the file declares it (what Compose would create). */
export function createArgsOf(n: ComposeNetwork): CreateNetworkArgs {
  const v4 = n.ipam.config.find((c) => !c.subnet || readCidr(c.subnet)?.family !== 6);
  const v6 = n.ipam.config.find((c) => c.subnet && readCidr(c.subnet)?.family === 6);
  const has = (r: Record<string, string>) => Object.keys(r).length > 0;
  return {
    name: n.name,
    ...(n.driver ? { driver: n.driver } : {}),
    ...(has(n.driverOpts) ? { options: { ...n.driverOpts } } : {}),
    ...(n.internal ? { internal: true } : {}),
    ...(n.attachable ? { attachable: true } : {}),
    ...(n.enableIpv6 ? { ipv6: true } : {}),
    ...(n.ipam.driver ? { ipamDriver: n.ipam.driver } : {}),
    ...(v4?.subnet ? { subnet: v4.subnet } : {}),
    ...(v4?.subnet && v4.gateway ? { gateway: v4.gateway } : {}),
    ...(v4?.subnet && v4.ipRange ? { ipRange: v4.ipRange } : {}),
    ...(v4?.subnet && has(v4.auxAddresses) ? { auxAddresses: { ...v4.auxAddresses } } : {}),
    ...(v6?.subnet ? { ipv6Subnet: v6.subnet } : {}),
    ...(v6?.subnet && v6.gateway ? { ipv6Gateway: v6.gateway } : {}),
    ...(has(n.labels) ? { labels: { ...n.labels } } : {}),
  };
}

/**
 * The text to delete to remove a block entry (`external: true`, or a nested `external:` map):
 * its whole lines. Undefined when the entry shares a line with something else (a flow map), where
 * removing it would need more than a deletion.
 */
export function lineRemoval(text: string, range: Range): Range | undefined {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  if (text.slice(lineStart, range.start).trim() !== '') return undefined;
  let end = range.end;
  // Through the end of the value's last line (a trailing comment goes with it).
  const newline = text.indexOf('\n', Math.max(end - 1, range.start));
  if (newline < 0) end = text.length;
  else {
    if (text.slice(end, newline).trim() !== '' && !text.slice(end, newline).trim().startsWith('#')) return undefined;
    end = newline + 1;
  }
  return { start: lineStart, end };
}

/** The replacement for a scalar written at `range`, keeping its quotes; undefined for an interpolated one. */
export function scalarReplacement(text: string, range: Range, value: string): string | undefined {
  const written = text.slice(range.start, range.end);
  if (written.includes('$')) return undefined;
  const quote = written[0] === '"' || written[0] === "'" ? written[0] : '';
  return `${quote}${value}${quote}`;
}

/**
 * Edit Network's changes that make the engine's network what the file says (Compose's labels and
 * whatever else it has are kept); undefined when the difference is one Edit Network cannot make
 * (the driver or the IPAM driver).
 */
export function editChangesOf(n: ComposeNetwork, e: NetworkModel): NetworkChanges | undefined {
  const driver = n.driver ?? (e.scope === 'swarm' ? 'overlay' : 'bridge');
  if (driver !== e.driver || (n.ipam.driver !== undefined && n.ipam.driver !== e.ipam.driver)) return undefined;
  const v4 = n.ipam.config.find((c) => c.subnet && readCidr(c.subnet)?.family === 4);
  const v6 = n.ipam.config.find((c) => c.subnet && readCidr(c.subnet)?.family === 6);
  const has = (r: Record<string, string>) => Object.keys(r).length > 0;
  return {
    ...(v4?.subnet ? { subnet: v4.subnet } : {}),
    ...(v4?.gateway ? { gateway: v4.gateway } : {}),
    ...(v4?.ipRange ? { ipRange: v4.ipRange } : {}),
    ...(v4 && has(v4.auxAddresses) ? { auxAddresses: { ...v4.auxAddresses } } : {}),
    ...(n.enableIpv6 !== undefined ? { ipv6: n.enableIpv6 } : {}),
    ...(v6?.subnet ? { ipv6Subnet: v6.subnet } : {}),
    ...(v6?.gateway ? { ipv6Gateway: v6.gateway } : {}),
    internal: n.internal,
    ...(e.scope === 'swarm' ? { attachable: n.attachable } : {}),
    labels: { ...e.labels, ...n.labels },
    options: { ...e.options, ...n.driverOpts },
  };
}
