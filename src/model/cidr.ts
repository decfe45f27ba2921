// Address and subnet math on ipaddr.js, strict the way the engine's Go parser is: IPv4 only as
// four decimal parts, IPv6 without a zone.
import { l10n } from '../util/text';
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** The network address, normalized (e.g. 10.1.0.0, fd00::). */
  network: string;
  prefix: number;
  /** `network/prefix` */
  text: string;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses one address strictly; undefined when it is not one. */
export function parseIp(text: string): { family: Family; address: Address } | undefined {
  const t = text.trim();
  if (!t || t !== text || t.includes('%') || t.includes('/')) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return { family: 4, address: ipaddr.IPv4.parse(t) };
  if (t.includes(':') && ipaddr.IPv6.isValid(t)) return { family: 6, address: ipaddr.IPv6.parse(t) };
  return undefined;
}

export function ipFamily(text: string): Family | undefined {
  return parseIp(text)?.family;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

/** Parses `address/prefix`; a subnet with host bits set is refused with the network it means. */
export function parseCidr(text: string, family?: Family): CidrResult {
  const slash = text.indexOf('/');
  if (slash < 0)
    return {
      ok: false,
      message: l10n.t('"{0}" is not a subnet: write it as address/prefix, e.g. 172.20.0.0/16.', text),
    };
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText))
    return {
      ok: false,
      message: l10n.t('"{0}" is not a subnet: write it as address/prefix, e.g. 172.20.0.0/16.', text),
    };
  const prefix = Number(prefixText);
  const max = ip.family === 4 ? 32 : 128;
  if (prefix > max) return { ok: false, message: l10n.t('The prefix length of "{0}" must be at most {1}.', text, max) };
  if (family && ip.family !== family) {
    return {
      ok: false,
      message:
        family === 4 ? l10n.t('"{0}" is not an IPv4 subnet.', text) : l10n.t('"{0}" is not an IPv6 subnet.', text),
    };
  }
  const network = networkAddress(ip.address, prefix);
  if (network !== ip.address.toString()) {
    return { ok: false, message: l10n.t('"{0}" has host bits set; the subnet is {1}/{2}.', text, network, prefix) };
  }
  return { ok: true, cidr: { family: ip.family, network, prefix, text: `${network}/${prefix}` } };
}

function networkAddress(address: Address, prefix: number): string {
  if (address.kind() === 'ipv4')
    return ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`).toString();
  return ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`).toString();
}

/** Parses a subnet the engine reported (may have host bits); undefined when unreadable. */
export function readCidr(text: string | undefined): Cidr | undefined {
  if (!text) return undefined;
  const slash = text.indexOf('/');
  const ip = slash > 0 ? parseIp(text.slice(0, slash)) : undefined;
  const prefix = Number(text.slice(slash + 1));
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  const network = networkAddress(ip.address, prefix);
  return { family: ip.family, network, prefix, text: `${network}/${prefix}` };
}

function toRange(c: Cidr): [Address, number] {
  return [ipaddr.parse(c.network), c.prefix];
}

export function contains(cidr: Cidr, ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed || parsed.family !== cidr.family) return false;
  return parsed.address.match(toRange(cidr) as [ipaddr.IPv4, number] & [ipaddr.IPv6, number]);
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: Cidr, outer: Cidr): boolean {
  return inner.family === outer.family && inner.prefix >= outer.prefix && contains(outer, inner.network);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && (contains(a, b.network) || contains(b, a.network));
}

/** The network and broadcast addresses of an IPv4 subnet, which no host may have. */
export function isReservedV4(cidr: Cidr, ip: string): boolean {
  if (cidr.family !== 4 || cidr.prefix >= 31) return false;
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(cidr.text).toString();
  return ip === cidr.network || ip === broadcast;
}

/** How many addresses the subnet holds (a bigint, for IPv6). */
export function addressCount(cidr: Cidr): bigint {
  return 1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
}

/** Candidates for a new network, in the order the engine's own default pools use them. */
function* candidates(): Generator<string> {
  for (let b = 18; b <= 31; b++) yield `172.${b}.0.0/16`;
  for (let c = 0; c < 256; c += 16) yield `192.168.${c}.0/20`;
  for (let b = 1; b < 256; b++) yield `10.${b}.0.0/16`;
}

/** The first conventional private subnet that overlaps none of `used`. */
export function suggestSubnet(used: readonly (string | undefined)[]): string | undefined {
  const taken = used.map(readCidr).filter((c): c is Cidr => !!c && c.family === 4);
  for (const text of candidates()) {
    const c = readCidr(text)!;
    if (!taken.some((t) => overlaps(t, c))) return text;
  }
  return undefined;
}

/**
 * A unique local IPv6 /64 (RFC 4193: fd, then a random 40-bit global ID, subnet 0) that overlaps
 * none of `used`: what Docker 27 and later derive for an IPv6 network given no subnet, and what an
 * older engine, which has no IPv6 pool, needs to be given. Random, so that two engines or two hosts
 * do not pick the same one: `random` gives that many random bytes (this module runs in webviews too,
 * so the caller brings its source).
 */
export function suggestIpv6Subnet(
  used: readonly (string | undefined)[],
  random: (size: number) => Uint8Array,
): string | undefined {
  const taken = used.map(readCidr).filter((c): c is Cidr => !!c && c.family === 6);
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = random(5);
    const hex = (i: number) => ((id[i] << 8) | id[i + 1]).toString(16);
    const candidate = readCidr(`fd${id[0].toString(16).padStart(2, '0')}:${hex(1)}:${hex(3)}::/64`)!;
    if (!taken.some((t) => overlaps(t, candidate))) return candidate.text;
  }
  return undefined;
}

/**
 * The next subnet of the same size that overlaps none of `used`: after `size` itself, in the
 * private range it is in (wrapping around), then in the other private ranges.
 */
export function nextFreeSubnet(size: Cidr, used: readonly Cidr[]): string | undefined {
  if (size.family !== 4) return undefined;
  const step = 2 ** (32 - size.prefix);
  const from = ipNumber4(size.network);
  const blocks = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']
    .map((b) => readCidr(b)!)
    .filter((b) => size.prefix >= b.prefix)
    .sort((a, b) => Number(contains(b, size.network)) - Number(contains(a, size.network)));
  for (const b of blocks) {
    const start = ipNumber4(b.network);
    const count = 2 ** (size.prefix - b.prefix);
    // Inside its own range: from the one after it; elsewhere: from the range's start.
    const first = contains(b, size.network) ? (from - start) / step + 1 : 0;
    for (let i = 0; i < count; i++) {
      const at = start + ((first + i) % count) * step;
      const candidate = readCidr(`${ipText4(at)}/${size.prefix}`)!;
      if (!used.some((u) => u.family === 4 && (contains(u, candidate.network) || contains(candidate, u.network))))
        return candidate.text;
    }
  }
  return undefined;
}

/** An IPv4 address as a number, and back. */
export const ipNumber4 = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
export const ipText4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
