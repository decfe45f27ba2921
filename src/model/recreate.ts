// What recreating a network must keep: the network as the engine has it (to create it again if
// anything fails), and how each container is on it (its static addresses, aliases, link-local
// addresses, driver options and gateway priority), and how that carries over to the new network:
// a static address outside the new subnets becomes a dynamic one, and says so. Pure.
import type { ConnectEndpointConfig, CreateNetworkBody } from '../engine/client';
import type { RawContainerInspect, RawNetwork } from '../engine/types';
import { l10n, plain } from '../util/text';
import type { NetworkModel } from './snapshot';
import { checkDriverOption } from './driverOptions';
import { ENGINE_SET_OPTIONS } from './render';
import { Cidr, contains, Family, ipNumber4, ipText4, isReservedV4, nextFreeSubnet, readCidr } from './cidr';
import { Check, checkAuxAddress, checkGateway, checkIpRange, checkKeyValue, checkSubnet, UsedSubnet } from './validate';

const nonEmpty = (r: Record<string, string> | null | undefined) => (r && Object.keys(r).length ? { ...r } : undefined);

/** The create body that makes the network again as it is. */
export function bodyOf(raw: RawNetwork): CreateNetworkBody {
  const config = (raw.IPAM?.Config ?? []).map((c) => ({
    ...(c.Subnet ? { Subnet: c.Subnet } : {}),
    ...(c.IPRange ? { IPRange: c.IPRange } : {}),
    ...(c.Gateway ? { Gateway: c.Gateway } : {}),
    ...(nonEmpty(c.AuxiliaryAddresses) ? { AuxiliaryAddresses: { ...c.AuxiliaryAddresses } } : {}),
  }));
  const options = Object.fromEntries(Object.entries(raw.Options ?? {}).filter(([k]) => !ENGINE_SET_OPTIONS.has(k)));
  const ipamOptions = nonEmpty(raw.IPAM?.Options);
  const labels = nonEmpty(raw.Labels);
  return {
    Name: raw.Name,
    CheckDuplicate: true,
    ...(raw.Driver ? { Driver: raw.Driver } : {}),
    ...(raw.Scope && raw.Scope !== 'local' ? { Scope: raw.Scope } : {}),
    ...(raw.Internal ? { Internal: true } : {}),
    ...(raw.Attachable ? { Attachable: true } : {}),
    ...(raw.Ingress ? { Ingress: true } : {}),
    ...(raw.ConfigOnly ? { ConfigOnly: true } : {}),
    ...(raw.ConfigFrom?.Network ? { ConfigFrom: { Network: raw.ConfigFrom.Network } } : {}),
    ...(raw.EnableIPv4 === false ? { EnableIPv4: false } : {}),
    ...(raw.EnableIPv6 ? { EnableIPv6: true } : {}),
    IPAM: {
      Driver: raw.IPAM?.Driver || 'default',
      Config: config,
      ...(ipamOptions ? { Options: ipamOptions } : {}),
    },
    ...(Object.keys(options).length ? { Options: options } : {}),
    ...(labels ? { Labels: labels } : {}),
  };
}

/** A container on the network, and how it is configured there. */
export interface Membership {
  container: string;
  name: string;
  /** How it is on the network now: what a rollback connects it with again. */
  endpoint: ConnectEndpointConfig;
  /** The IPv4 address chosen for it on the new network, instead of what its own carries over to. */
  newIpv4?: string;
}

/**
 * How a container is configured on `network` (its name), from its own inspect; undefined when it
 * is not on it. The alias the engine adds itself (the short ID) is left out: it comes back.
 */
export function membershipOf(c: RawContainerInspect, network: string): Membership | undefined {
  const e = c.NetworkSettings?.Networks?.[network];
  if (!e) return undefined;
  const shortId = c.Id.slice(0, 12);
  const aliases = (e.Aliases ?? []).filter((a) => a !== shortId && a !== c.Id);
  const ipam = e.IPAMConfig ?? {};
  return {
    container: c.Id,
    name: (c.Name ?? '').replace(/^\//, '') || shortId,
    endpoint: {
      ...(ipam.IPv4Address ? { ipv4: ipam.IPv4Address } : {}),
      ...(ipam.IPv6Address ? { ipv6: ipam.IPv6Address } : {}),
      ...(ipam.LinkLocalIPs?.length ? { linkLocalIps: [...ipam.LinkLocalIPs] } : {}),
      ...(aliases.length ? { aliases } : {}),
      ...(nonEmpty(e.DriverOpts) ? { driverOpts: { ...e.DriverOpts } } : {}),
      ...(e.GwPriority ? { gwPriority: e.GwPriority } : {}),
    },
  };
}

export interface CarriedOver {
  endpoint: ConnectEndpointConfig;
  /** Static addresses moved into the new subnet (same host part): [old, new]. */
  moved: [string, string][];
  /** Static addresses that do not fit the new network: the container gets a dynamic one. */
  dropped: string[];
}

const subnetsOf = (body: CreateNetworkBody) =>
  (body.IPAM?.Config ?? [])
    .map((c) => ({ cidr: readCidr(c.Subnet), gateway: c.Gateway }))
    .filter((c): c is { cidr: Cidr; gateway: string | undefined } => !!c.cidr);

/**
 * How a container's configuration carries over from a network created with `before` to one created
 * with `after`: a static IPv4 address outside the new subnets keeps its host part in the new
 * subnet where that is a usable address (not the network, broadcast or gateway address); any other
 * static address that does not fit becomes dynamic. `chosen`: the IPv4 address asked for on the
 * new network instead (the old one, if any, is then moved to it).
 */
export function carryOver(
  endpoint: ConnectEndpointConfig,
  before: CreateNetworkBody,
  after: CreateNetworkBody,
  chosen?: string,
): CarriedOver {
  if (chosen) {
    const { ipv4: from, ...rest } = endpoint;
    const carried = carryOver(rest, before, after);
    return {
      endpoint: { ...carried.endpoint, ipv4: chosen },
      moved: from && from !== chosen ? [[from, chosen]] : [],
      dropped: carried.dropped,
    };
  }
  const next = subnetsOf(after);
  const fits = (address: string, family: 4 | 6) =>
    next.some((s) => s.cidr.family === family && contains(s.cidr, address));
  const moved: [string, string][] = [];
  const dropped: string[] = [];
  const out: ConnectEndpointConfig = { ...endpoint };
  const v4 = endpoint.ipv4;
  if (v4 && !fits(v4, 4)) {
    delete out.ipv4;
    const from = subnetsOf(before).find((s) => s.cidr.family === 4 && contains(s.cidr, v4));
    const to = next.find((s) => s.cidr.family === 4);
    const host = from ? ipNumber4(v4) - ipNumber4(from.cidr.network) : -1;
    const size = to ? 2 ** (32 - to.cidr.prefix) : 0;
    const candidate = to && host > 0 && host < size - 1 ? ipText4(ipNumber4(to.cidr.network) + host) : undefined;
    if (candidate && candidate !== to?.gateway) {
      out.ipv4 = candidate;
      moved.push([v4, candidate]);
    } else dropped.push(v4);
  }
  const v6 = endpoint.ipv6;
  if (v6 && (!after.EnableIPv6 || !fits(v6, 6))) {
    delete out.ipv6;
    dropped.push(v6);
  }
  return { endpoint: out, moved, dropped };
}

/**
 * An IPv4 address chosen for `member` on the network `after` creates: a usable address of its IPv4
 * subnet (not the network or broadcast address), not the gateway (without one set, the first
 * address: the engine takes it), not an auxiliary address, and not what another member gets there.
 * Checked before anything is disconnected: the engine would refuse it only once the old network is gone.
 */
export function checkNewIpv4(
  ip: string,
  member: Membership,
  members: readonly Membership[],
  before: CreateNetworkBody,
  after: CreateNetworkBody,
): Check {
  const value = ip.trim();
  const config = after.IPAM?.Config?.find((c) => readCidr(c.Subnet)?.family === 4);
  const v4 = readCidr(config?.Subnet);
  if (!v4) return l10n.t('The new network has no IPv4 subnet: {0} cannot be given.', value);
  if (!contains(v4, value) || isReservedV4(v4, value))
    return l10n.t('{0} is not a usable address in {1}.', value, v4.text);
  const gateway = config?.Gateway || (v4.prefix < 31 ? ipText4(ipNumber4(v4.network) + 1) : undefined);
  if (value === gateway) return l10n.t('{0} is the gateway.', value);
  if (Object.values(config?.AuxiliaryAddresses ?? {}).includes(value))
    return l10n.t('{0} is reserved as an auxiliary address.', value);
  const other = members.find(
    (m) => m !== member && carryOver(m.endpoint, before, after, m.newIpv4).endpoint.ipv4 === value,
  );
  if (other) return l10n.t('Another container on the network gets {0}.', value);
  return undefined;
}

/** What Edit Network may change; each field left out keeps what the network has. */
export interface NetworkChanges {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses?: Record<string, string>;
  ipv6?: boolean;
  ipv6Subnet?: string;
  ipv6Gateway?: string;
  internal?: boolean;
  attachable?: boolean;
  /** The labels it will have (all of them). */
  labels?: Record<string, string>;
  /** The driver options it will have (all of them). */
  options?: Record<string, string>;
  /** Podman only: the network's DNS servers, changed in place (the command does it, not a recreate). */
  dnsServers?: string[];
}

const CHANGE_KEYS = [
  'subnet',
  'gateway',
  'ipRange',
  'auxAddresses',
  'ipv6',
  'ipv6Subnet',
  'ipv6Gateway',
  'internal',
  'attachable',
  'labels',
  'options',
] as const satisfies readonly (keyof NetworkChanges)[];

/** What Edit Network's form starts from: the network's settings, as changes that keep them. */
export function settingsOf(body: CreateNetworkBody): NetworkChanges {
  const config = (family: Family) => body.IPAM?.Config?.find((c) => readCidr(c.Subnet)?.family === family);
  const [v4, v6] = [config(4), config(6)];
  const out: NetworkChanges = {
    ...(v4?.Subnet ? { subnet: v4.Subnet } : {}),
    ...(v4?.Gateway ? { gateway: v4.Gateway } : {}),
    ...(v4?.IPRange ? { ipRange: v4.IPRange } : {}),
    ...(nonEmpty(v4?.AuxiliaryAddresses) ? { auxAddresses: { ...v4?.AuxiliaryAddresses } } : {}),
    ...(body.EnableIPv6 ? { ipv6: true } : {}),
    ...(v6?.Subnet ? { ipv6Subnet: v6.Subnet } : {}),
    ...(v6?.Gateway ? { ipv6Gateway: v6.Gateway } : {}),
    ...(body.Internal ? { internal: true } : {}),
    ...(body.Attachable ? { attachable: true } : {}),
    ...(nonEmpty(body.Labels) ? { labels: { ...body.Labels } } : {}),
    ...(nonEmpty(body.Options) ? { options: { ...body.Options } } : {}),
  };
  return out;
}

const sameValue = (a: unknown, b: unknown): boolean => {
  const norm = (v: unknown) =>
    v && typeof v === 'object' ? JSON.stringify(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v;
  return norm(a) === norm(b);
};

/**
 * The changes between the form as it opened and as it was confirmed: only what the user changed,
 * so a new subnet still drops an old gateway that no longer fits. A value taken away becomes its
 * empty form (no gateway, no labels, off).
 */
export function changedSettings(from: NetworkChanges, to: NetworkChanges): NetworkChanges {
  const out: Record<string, unknown> = {};
  for (const key of CHANGE_KEYS) {
    const [a, b] = [from[key], to[key]];
    const empty = (v: unknown) =>
      v === undefined || v === false || v === '' || (typeof v === 'object' && !Object.keys(v as object).length);
    if (empty(a) && empty(b)) continue;
    if (sameValue(a, b)) continue;
    out[key] = b ?? (typeof a === 'boolean' ? false : typeof a === 'string' ? '' : {});
  }
  return out as NetworkChanges;
}

type IpamConfig = NonNullable<NonNullable<CreateNetworkBody['IPAM']>['Config']>[number];

/**
 * The network's create body with `changes` applied, checked: every address inside its subnet,
 * a new subnet overlapping none of `used` (the other networks of its address space). A new subnet
 * drops the old gateway, range and auxiliary addresses unless they still fit or are given again.
 */
export function applyChanges(
  body: CreateNetworkBody,
  changes: NetworkChanges,
  used: readonly UsedSubnet[],
): { ok: true; body: CreateNetworkBody } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const configs = [...(body.IPAM?.Config ?? [])];
  const familyOf = (c: IpamConfig) => readCidr(c.Subnet)?.family;
  const change = (
    family: Family,
    subnet: string | undefined,
    gateway: string | undefined,
    ipRange?: string,
    aux?: Record<string, string>,
  ) => {
    if (subnet === undefined && gateway === undefined && ipRange === undefined && aux === undefined) return;
    const at = configs.findIndex((c) => familyOf(c) === family);
    const current: IpamConfig = at >= 0 ? configs[at] : {};
    let next: IpamConfig = { ...current };
    if (subnet !== undefined && !subnet.trim()) {
      // Empty: the engine picks a subnet (for IPv6, from its pool), so nothing else can stay.
      if (family === 4) return void errors.push(l10n.t('An IPv4 subnet is needed: the network keeps one.'));
      if (at >= 0) configs.splice(at, 1);
      return;
    }
    if (subnet !== undefined) {
      const problem = checkSubnet(subnet, family, used);
      if (problem) return void errors.push(problem);
      const cidr = readCidr(subnet.trim())!;
      const keep = (ip: string | undefined) => (ip && contains(cidr, ip) ? ip : undefined);
      const range = current.IPRange ? readCidr(current.IPRange) : undefined;
      next = {
        Subnet: cidr.text,
        ...(keep(current.Gateway) ? { Gateway: current.Gateway } : {}),
        ...(range && contains(cidr, range.network) && range.prefix >= cidr.prefix ? { IPRange: current.IPRange } : {}),
        ...(() => {
          const aux = Object.entries(current.AuxiliaryAddresses ?? {}).filter(([, ip]) => contains(cidr, ip));
          return aux.length ? { AuxiliaryAddresses: Object.fromEntries(aux) } : {};
        })(),
      };
    }
    const cidr = readCidr(next.Subnet);
    if (!cidr) return void errors.push(l10n.t('A gateway, IP range or auxiliary address needs a subnet.'));
    for (const [value, check, key] of [
      [gateway, checkGateway, 'Gateway'],
      [ipRange, checkIpRange, 'IPRange'],
    ] as const) {
      if (value === undefined) continue;
      // Empty: the engine's own choice (the first address; the whole subnet).
      if (!value.trim()) {
        delete next[key];
        continue;
      }
      const problem = check(value, cidr);
      if (problem) errors.push(problem);
      else next[key] = value.trim();
    }
    if (aux !== undefined) {
      const bad = Object.entries(aux).map(([name, ip]) => checkAuxAddress(`${name}=${ip}`, cidr));
      errors.push(...bad.filter((b): b is string => !!b));
      next.AuxiliaryAddresses = { ...aux };
    }
    if (at >= 0) configs[at] = next;
    else configs.push(next);
  };
  change(4, changes.subnet, changes.gateway, changes.ipRange, changes.auxAddresses);
  const ipv6 = changes.ipv6 ?? body.EnableIPv6 ?? false;
  if ((changes.ipv6Subnet?.trim() || changes.ipv6Gateway?.trim()) && !ipv6)
    errors.push(l10n.t('An IPv6 subnet needs ipv6: true.'));
  else if (ipv6) change(6, changes.ipv6Subnet, changes.ipv6Gateway);
  if (changes.ipv6 === false) {
    const v6 = configs.findIndex((c) => familyOf(c) === 6);
    if (v6 >= 0) configs.splice(v6, 1);
  }
  for (const [what, record] of [
    ['label', changes.labels],
    ['option', changes.options],
  ] as const)
    for (const [k, v] of Object.entries(record ?? {})) {
      const problem =
        checkKeyValue(`${k}=${v}`, what) ??
        (what === 'option' ? checkDriverOption(body.Driver ?? 'bridge', k, v) : undefined);
      if (problem) errors.push(problem);
    }
  if (errors.length) return { ok: false, errors };
  const next: CreateNetworkBody = { ...body, IPAM: { ...body.IPAM, Config: configs } };
  const flag = (key: 'Internal' | 'Attachable' | 'EnableIPv6', value: boolean | undefined) => {
    if (value === undefined) return;
    if (value) next[key] = true;
    else delete next[key];
  };
  flag('Internal', changes.internal);
  flag('Attachable', changes.attachable);
  flag('EnableIPv6', changes.ipv6);
  if (changes.labels !== undefined) next.Labels = { ...changes.labels };
  if (changes.options !== undefined) next.Options = { ...changes.options };
  return { ok: true, body: next };
}

/** What differs between two create bodies, in words, for the confirmation. */
export function describeChanges(before: CreateNetworkBody, after: CreateNetworkBody): string[] {
  const out: string[] = [];
  const say = (what: string, from: string, to: string) => {
    if (from !== to) out.push(l10n.t('{0}: {1} → {2}', what, from || '—', to || '—'));
  };
  const config = (b: CreateNetworkBody, family: Family) =>
    b.IPAM?.Config?.find((c) => readCidr(c.Subnet)?.family === family);
  for (const family of [4, 6] as const) {
    const [a, b] = [config(before, family), config(after, family)];
    const label = family === 4 ? 'IPv4' : 'IPv6';
    say(l10n.t('{0} subnet', label), a?.Subnet ?? '', b?.Subnet ?? '');
    say(l10n.t('{0} gateway', label), a?.Gateway ?? '', b?.Gateway ?? '');
    say(l10n.t('{0} IP range', label), a?.IPRange ?? '', b?.IPRange ?? '');
    const aux = (c: IpamConfig | undefined) =>
      Object.entries(c?.AuxiliaryAddresses ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(', ');
    say(l10n.t('{0} auxiliary addresses', label), aux(a), aux(b));
  }
  const onOff = (v: boolean | undefined) => (v ? l10n.t('on') : l10n.t('off'));
  for (const [key, what] of [
    ['Internal', l10n.t('internal')],
    ['Attachable', l10n.t('attachable')],
    ['EnableIPv6', 'IPv6'],
  ] as const)
    say(what, onOff(before[key]), onOff(after[key]));
  const pairs = (r: Record<string, string> | undefined) =>
    Object.entries(r ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(', ');
  say(l10n.t('labels'), pairs(before.Labels), pairs(after.Labels));
  say(l10n.t('driver options'), pairs(before.Options), pairs(after.Options));
  return out;
}

/** Labels that say which Compose project or swarm stack owns a network: a copy is owned by neither. */
const OWNER_LABEL = /^com\.docker\.(compose|stack)\./;

/**
 * The create body of a copy of the network under `name`: its settings and labels (not a Compose
 * project's or stack's), with `changes` applied; an IPv4 subnet not given in `changes` becomes the
 * next free one of the same size (`used`: the subnets of its address space, the original's too).
 * An IPv6 subnet cannot be chosen for it: it must be given.
 */
export function duplicateBody(
  raw: RawNetwork,
  name: string,
  changes: NetworkChanges,
  used: readonly UsedSubnet[],
): { ok: true; body: CreateNetworkBody } | { ok: false; errors: string[] } {
  const base = bodyOf(raw);
  const labels = Object.fromEntries(Object.entries(base.Labels ?? {}).filter(([k]) => !OWNER_LABEL.test(k)));
  const copy: CreateNetworkBody = { ...base, Name: name };
  if (Object.keys(labels).length) copy.Labels = labels;
  else delete copy.Labels;
  const v4 = readCidr(base.IPAM?.Config?.find((c) => readCidr(c.Subnet)?.family === 4)?.Subnet);
  const v6 = base.IPAM?.Config?.some((c) => readCidr(c.Subnet)?.family === 6);
  if (v6 && changes.ipv6Subnet === undefined)
    return { ok: false, errors: [l10n.t('{0} has an IPv6 subnet: give the copy its own (ipv6Subnet).', raw.Name)] };
  const next: NetworkChanges = { ...changes };
  if (v4 && changes.subnet === undefined) {
    const free = nextFreeSubnet(
      v4,
      used.map((u) => u.subnet),
    );
    if (!free) return { ok: false, errors: [l10n.t('No free subnet of the size of {0} is left.', v4.text)] };
    next.subnet = free;
  }
  return applyChanges(copy, next, used);
}

/** The preview's lines for the containers: what each gets back. */
export function memberLines(
  members: readonly Membership[],
  before: CreateNetworkBody,
  after: CreateNetworkBody,
  network: NetworkModel,
): string[] {
  return members.map((m) => {
    const c = carryOver(m.endpoint, before, after, m.newIpv4);
    const state = network.endpoints.find((e) => e.containerId === m.container)?.state;
    const old = m.endpoint.ipv4;
    const address = c.endpoint.ipv4
      ? old && old !== c.endpoint.ipv4
        ? l10n.t('{0} (was {1})', c.endpoint.ipv4, old)
        : plain(c.endpoint.ipv4)
      : old
        ? l10n.t('a dynamic address (was {0})', old)
        : l10n.t('a dynamic address');
    // A static IPv6 address the new network has no room for is said, not left out without a word:
    // another subnet gives a dynamic one, no IPv6 none.
    const v6 = c.endpoint.ipv6
      ? `, ${plain(c.endpoint.ipv6)}`
      : m.endpoint.ipv6
        ? `, ${
            after.EnableIPv6
              ? l10n.t('a dynamic IPv6 address (was {0})', m.endpoint.ipv6)
              : l10n.t('no IPv6 address (was {0})', m.endpoint.ipv6)
          }`
        : '';
    const aliases = m.endpoint.aliases?.length ? ` · ${l10n.t('aliases {0}', m.endpoint.aliases.join(', '))}` : '';
    const status = state && state !== 'running' ? ` · ${plain(state)}` : '';
    return `• ${plain(m.name)}: ${address}${v6}${aliases}${status}`;
  });
}
