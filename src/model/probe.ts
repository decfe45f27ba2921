// What the diagnosis helper's tools print, read into facts: busybox's ping, nslookup, netstat and
// `ip route get`, as run inside a container's network namespace. Their output is engine text (a
// hostile container can print anything on its own network): every reader is total, bounded, and
// returns only numbers, addresses and ports it could parse. Pure.
import { parseIp } from './cidr';

const MAX_OUTPUT = 64 * 1024;
const lines = (output: string) => output.slice(0, MAX_OUTPUT).split(/\r?\n/);

export interface PingResult {
  transmitted: number;
  received: number;
  /** The average round trip, when any reply came. */
  avgMs?: number;
}

/** `ping -c N -W S addr`: the statistics lines; undefined when there are none (ping did not run). */
export function readPing(output: string): PingResult | undefined {
  let result: PingResult | undefined;
  for (const line of lines(output)) {
    const counts = /^(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(line);
    if (counts) result = { transmitted: Number(counts[1]), received: Number(counts[2]) };
    const rtt = /^round-trip min\/avg\/max = [\d.]+\/([\d.]+)\/[\d.]+ ms/.exec(line);
    if (rtt && result) result.avgMs = Number(rtt[1]);
  }
  return result;
}

export interface LookupResult {
  /** The answer's addresses (not the server's own). */
  addresses: string[];
  /** The DNS server that answered (Docker's embedded one is 127.0.0.11 on user-defined networks). */
  server?: string;
  /** Why there is no answer: the name does not exist, or no server answered. */
  failure?: 'notFound' | 'noServer';
}

/** `nslookup name`: busybox prints the server, then `Name:`/`Address:` pairs, or `** server can't find`. */
export function readLookup(output: string): LookupResult {
  const result: LookupResult = { addresses: [] };
  let inAnswer = false;
  for (const line of lines(output)) {
    const server = /^Server:\s+(\S+)/.exec(line);
    if (server && parseIp(server[1])) result.server = server[1];
    if (/^Name:\s/.test(line)) inAnswer = true;
    const address = /^Address(?: \d+)?:\s+(\S+)/.exec(line);
    if (address && inAnswer) {
      const ip = address[1].replace(/#\d+$/, '');
      if (parseIp(ip) && !result.addresses.includes(ip)) result.addresses.push(ip);
    }
    if (/server can't find|NXDOMAIN/.test(line)) result.failure ??= 'notFound';
    if (/connection timed out|no servers could be reached|can't connect/i.test(line)) result.failure = 'noServer';
  }
  if (result.addresses.length) delete result.failure;
  else result.failure ??= 'notFound';
  return result;
}

export interface Listener {
  protocol: 'tcp' | 'udp';
  /** The local address as printed: 0.0.0.0, ::, 127.0.0.1, ::1, or a specific address. */
  address: string;
  port: number;
}

/** `netstat -ltnu`: the sockets that listen (TCP) or are bound (UDP). */
export function readListeners(output: string): Listener[] {
  const found: Listener[] = [];
  for (const line of lines(output)) {
    const m = /^(tcp|udp)6?\s+\d+\s+\d+\s+(\S+):(\d+)\s+\S+/.exec(line);
    if (!m) continue;
    const port = Number(m[3]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    const address = m[2] === '::' || m[2] === '' ? '::' : m[2];
    if (address !== '::' && address !== '*' && !parseIp(address)) continue;
    found.push({ protocol: m[1] as 'tcp' | 'udp', address: address === '*' ? '0.0.0.0' : address, port });
  }
  return found;
}

/** How a port is listened on: on every address, only on loopback, only on some addresses, or not at all. */
export type Listening = { kind: 'all' | 'loopback' | 'specific' | 'none'; addresses: string[] };

export function listeningOn(listeners: readonly Listener[], port: number, protocol: 'tcp' | 'udp' = 'tcp'): Listening {
  const addresses = [
    ...new Set(listeners.filter((l) => l.port === port && l.protocol === protocol).map((l) => l.address)),
  ];
  if (!addresses.length) return { kind: 'none', addresses };
  if (addresses.some((a) => a === '0.0.0.0' || a === '::')) return { kind: 'all', addresses };
  if (addresses.every((a) => a === '::1' || a.startsWith('127.'))) return { kind: 'loopback', addresses };
  return { kind: 'specific', addresses };
}

export interface Route {
  /** The interface the route leaves by (eth0, eth1, …). */
  dev: string;
  via?: string;
  src?: string;
}

/** `ip route get addr`: `addr [via gw] dev eth0 src a.b.c.d`. */
export function readRoute(output: string): Route | undefined {
  for (const line of lines(output)) {
    const dev = /\bdev\s+([A-Za-z0-9_][A-Za-z0-9_.@-]{0,14})(?=\s|$)/.exec(line);
    if (!dev) continue;
    const route: Route = { dev: dev[1] };
    const via = /\bvia\s+(\S+)/.exec(line);
    if (via && parseIp(via[1])) route.via = via[1];
    const src = /\bsrc\s+(\S+)/.exec(line);
    if (src && parseIp(src[1])) route.src = src[1];
    return route;
  }
  return undefined;
}

/** A number printed alone (an MTU read from /sys), within the range an interface can have. */
export function readMtu(output: string): number | undefined {
  const m = /^\s*(\d{2,6})\s*$/.exec(output.slice(0, 64));
  const mtu = m ? Number(m[1]) : NaN;
  return mtu >= 68 && mtu <= 262144 ? mtu : undefined;
}

/** `ip -o link`: each interface's MTU by name (`eth0@if12` is eth0). */
export function readLinkMtus(output: string): Map<string, number> {
  const mtus = new Map<string, number>();
  for (const line of lines(output)) {
    const m = /^\d+: ([A-Za-z0-9_][A-Za-z0-9_.-]{0,14})(?:@\S+)?: <[^>]*> mtu (\d{2,6})\b/.exec(line);
    if (!m) continue;
    const mtu = Number(m[2]);
    if (mtu >= 68 && mtu <= 262144) mtus.set(m[1], mtu);
  }
  return mtus;
}
