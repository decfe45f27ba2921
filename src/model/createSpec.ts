// `docker network create` as an arguments object (the command contract, field names after the CLI's
// flags), checked completely before the engine is asked, and turned into the Engine API body.
import { l10n } from '../util/text';
import type { CreateNetworkBody } from '../engine/client';
import { readCidr } from './cidr';
import { checkDriverOption } from './driverOptions';
import { NetworkModel } from './snapshot';
import {
  checkAuxAddress,
  checkGateway,
  checkIpRange,
  checkKeyValue,
  checkNetworkName,
  checkSubnet,
  usedSubnets,
} from './validate';

export interface CreateNetworkArgs {
  name: string;
  driver?: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  /** name → address */
  auxAddresses?: Record<string, string>;
  /** false: an IPv6-only network (`--ipv4=false`, API 1.48+). */
  ipv4?: boolean;
  ipv6?: boolean;
  ipv6Subnet?: string;
  ipv6Gateway?: string;
  internal?: boolean;
  attachable?: boolean;
  ingress?: boolean;
  scope?: string;
  configOnly?: boolean;
  configFrom?: string;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipamDriver?: string;
  ipamOptions?: Record<string, string>;
}

export const CREATE_FIELDS = {
  name: 'string',
  driver: 'string',
  subnet: 'string',
  gateway: 'string',
  ipRange: 'string',
  auxAddresses: 'record',
  ipv4: 'boolean',
  ipv6: 'boolean',
  ipv6Subnet: 'string',
  ipv6Gateway: 'string',
  internal: 'boolean',
  attachable: 'boolean',
  ingress: 'boolean',
  scope: 'string',
  configOnly: 'boolean',
  configFrom: 'string',
  labels: 'record',
  options: 'record',
  ipamDriver: 'string',
  ipamOptions: 'record',
} as const;

export interface CreateContext {
  /** The engine's networks now: names must be new, subnets must not overlap. */
  networks: readonly NetworkModel[];
  /** Drivers the engine offers; unchecked when unknown. */
  drivers?: readonly string[];
  swarmActive?: boolean;
  /** The engine's API version ("1.41"): options newer than it are refused. */
  apiVersion?: string;
}

/** Whether the engine's API version is at least `min` ("1.48"); true when unknown. */
export function apiAtLeast(apiVersion: string | undefined, min: string): boolean {
  const parse = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10));
  const have = parse(apiVersion ?? '');
  if (!apiVersion || have.some((n) => !Number.isFinite(n))) return true;
  const want = parse(min);
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** The API version that brought IPv6-only networks (EnableIPv4) and gateway priorities (Docker 28.0). */
export const API_IPV4_OPTIONAL = '1.48';
/** The API version of Docker 27.0, which gives IPv6 networks without a subnet a unique local /64 of its own. */
export const API_IPV6_POOL = '1.46';

/**
 * The engine takes no IPv6 subnet from a pool: Docker before 27 whose default pools (as `/info`
 * lists them, where it does) hold no IPv6 base. Podman assigns its own.
 */
export function lacksIpv6Pool(version: {
  product: string;
  apiVersion: string;
  defaultAddressPools: readonly { base: string }[];
}): boolean {
  if (/podman/i.test(version.product) || apiAtLeast(version.apiVersion, API_IPV6_POOL)) return false;
  return !version.defaultAddressPools.some((p) => p.base.includes(':'));
}

/**
 * The body asks the engine for an IPv6 subnet from a pool it does not have (`lacksIpv6Pool`): IPv6
 * on, no IPv6 subnet, addresses from the default IPAM driver. Such an engine refuses a local
 * network; an overlay network it makes, but no container can join it (each node looks for the
 * pool when one does, and fails after a timeout).
 */
export function needsIpv6Subnet(
  body: CreateNetworkBody,
  version: Parameters<typeof lacksIpv6Pool>[0] | undefined,
): boolean {
  if (!body.EnableIPv6 || body.ConfigOnly || body.ConfigFrom || !version || !lacksIpv6Pool(version)) return false;
  if (body.IPAM?.Driver && body.IPAM.Driver !== 'default') return false;
  return !(body.IPAM?.Config ?? []).some((c) => readCidr(c.Subnet)?.family === 6);
}

export type CreateResult = { ok: true; body: CreateNetworkBody } | { ok: false; errors: string[] };

const SCOPES = ['local', 'swarm', 'global'];

/** Checks every field and its combinations; collects all problems rather than the first. */
export function buildCreateBody(args: CreateNetworkArgs, ctx: CreateContext): CreateResult {
  const errors: string[] = [];
  const add = (e: string | undefined) => e && errors.push(e);
  add(
    checkNetworkName(
      args.name,
      ctx.networks.map((n) => n.name),
    ),
  );
  const driver = args.driver?.trim() || 'bridge';
  if (ctx.drivers && !ctx.drivers.includes(driver)) {
    add(
      driver === 'overlay' && !ctx.swarmActive
        ? l10n.t('Overlay networks need swarm mode; this engine is not part of a swarm (docker swarm init).')
        : l10n.t('This engine has no network driver "{0}"; it has: {1}.', driver, ctx.drivers.join(', ')),
    );
  }
  if (args.scope !== undefined && !SCOPES.includes(args.scope))
    add(l10n.t('The scope must be local, swarm or global.'));
  const swarmScope = driver === 'overlay' || args.scope === 'swarm' || args.scope === 'global';
  const used = usedSubnets(ctx.networks, swarmScope);

  if (args.configFrom !== undefined) {
    const source = ctx.networks.find((n) => n.name === args.configFrom || n.id === args.configFrom);
    if (!source) add(l10n.t('There is no network "{0}" to take the configuration from.', args.configFrom));
    else if (!source.configOnly)
      add(l10n.t('"{0}" is not a config-only network, so it cannot be used with configFrom.', source.name));
    const given = (
      [
        'subnet',
        'gateway',
        'ipRange',
        'auxAddresses',
        'ipv6Subnet',
        'ipv6Gateway',
        'options',
        'ipamDriver',
        'ipamOptions',
      ] as const
    ).filter((k) => args[k] !== undefined);
    if (given.length)
      add(l10n.t('With configFrom, the configuration comes from that network; leave out {0}.', given.join(', ')));
    if (args.configOnly) add(l10n.t('A network cannot be config-only and take its configuration from another.'));
  }
  if (args.ingress) {
    if (driver !== 'overlay') add(l10n.t('Only an overlay network can be the ingress network.'));
    if (args.internal) add(l10n.t('The ingress network cannot be internal.'));
    if (args.attachable) add(l10n.t('The ingress network cannot be attachable.'));
    const existing = ctx.networks.find((n) => n.ingress);
    if (existing)
      add(
        l10n.t(
          'The swarm already has an ingress network ({0}); remove it first, then create its replacement.',
          existing.name,
        ),
      );
  }

  let v4: ReturnType<typeof readCidr>;
  if (args.subnet !== undefined) {
    const problem = checkSubnet(args.subnet, 4, args.configOnly ? [] : used);
    add(problem);
    if (!problem) v4 = readCidr(args.subnet.trim());
  }
  for (const [field, value] of [
    ['gateway', args.gateway],
    ['ipRange', args.ipRange],
  ] as const) {
    if (value === undefined) continue;
    if (args.subnet === undefined) add(l10n.t('{0} needs a subnet.', field));
    else if (v4) add(field === 'gateway' ? checkGateway(value, v4) : checkIpRange(value, v4));
  }
  for (const [name, address] of Object.entries(args.auxAddresses ?? {})) {
    if (args.subnet === undefined) add(l10n.t('{0} needs a subnet.', 'auxAddresses'));
    else if (v4) add(checkAuxAddress(`${name}=${address}`, v4));
  }

  if (args.ipv4 === false) {
    if (!apiAtLeast(ctx.apiVersion, API_IPV4_OPTIONAL)) {
      add(
        l10n.t(
          'IPv6-only networks (ipv4: false) need Docker 28 or later (API {0}); this engine speaks API {1}.',
          API_IPV4_OPTIONAL,
          ctx.apiVersion ?? '?',
        ),
      );
    }
    if (!args.ipv6) add(l10n.t('A network without IPv4 needs ipv6: true.'));
    const given = (['subnet', 'gateway', 'ipRange', 'auxAddresses'] as const).filter((k) => args[k] !== undefined);
    if (given.length) add(l10n.t('A network without IPv4 takes no IPv4 settings; leave out {0}.', given.join(', ')));
  }

  let v6: ReturnType<typeof readCidr>;
  if (args.ipv6Subnet !== undefined) {
    if (!args.ipv6) add(l10n.t('An IPv6 subnet needs ipv6: true.'));
    const problem = checkSubnet(args.ipv6Subnet, 6, args.configOnly ? [] : used);
    add(problem);
    if (!problem) v6 = readCidr(args.ipv6Subnet.trim());
  }
  if (args.ipv6Gateway !== undefined) {
    if (args.ipv6Subnet === undefined) add(l10n.t('{0} needs a subnet.', 'ipv6Gateway'));
    else if (v6) add(checkGateway(args.ipv6Gateway, v6));
  }
  for (const [what, map] of [
    ['label', args.labels],
    ['option', args.options],
    ['option', args.ipamOptions],
  ] as const) {
    for (const [key, value] of Object.entries(map ?? {})) add(checkKeyValue(`${key}=${value}`, what));
  }
  for (const [key, value] of Object.entries(args.options ?? {})) add(checkDriverOption(driver, key, value));
  if (errors.length) return { ok: false, errors };

  const body: CreateNetworkBody = { Name: args.name, CheckDuplicate: true, Driver: driver };
  if (args.scope) body.Scope = args.scope;
  if (args.internal) body.Internal = true;
  if (args.attachable) body.Attachable = true;
  if (args.ingress) body.Ingress = true;
  if (args.configOnly) body.ConfigOnly = true;
  if (args.configFrom) body.ConfigFrom = { Network: args.configFrom };
  if (args.ipv4 === false) body.EnableIPv4 = false;
  if (args.ipv6) body.EnableIPv6 = true;
  const config: NonNullable<CreateNetworkBody['IPAM']>['Config'] = [];
  if (args.subnet) {
    config.push({
      Subnet: args.subnet.trim(),
      ...(args.gateway ? { Gateway: args.gateway.trim() } : {}),
      ...(args.ipRange ? { IPRange: args.ipRange.trim() } : {}),
      ...(args.auxAddresses && Object.keys(args.auxAddresses).length ? { AuxiliaryAddresses: args.auxAddresses } : {}),
    });
  }
  if (args.ipv6Subnet)
    config.push({ Subnet: args.ipv6Subnet.trim(), ...(args.ipv6Gateway ? { Gateway: args.ipv6Gateway.trim() } : {}) });
  if (config.length || args.ipamDriver || args.ipamOptions) {
    body.IPAM = {
      Driver: args.ipamDriver || 'default',
      Config: config,
      ...(args.ipamOptions ? { Options: args.ipamOptions } : {}),
    };
  }
  if (args.options && Object.keys(args.options).length) body.Options = args.options;
  if (args.labels && Object.keys(args.labels).length) body.Labels = args.labels;
  return { ok: true, body };
}
