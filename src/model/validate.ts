// Validators for what users type and what arguments objects carry. Each returns undefined when the
// value is fine and otherwise a message saying what is wrong, so input boxes and commands can
// refuse bad input before the engine sees it.
import { l10n } from '../util/text';
import { Cidr, contains, Family, isReservedV4, parseCidr, parseIp, readCidr } from './cidr';
import { NetworkModel } from './snapshot';

export type Check = string | undefined;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const MAX_LENGTH = 255;

function text(value: string, what: string): Check {
  if (!value.trim()) return l10n.t('{0} must not be empty.', what);
  if (value.length > MAX_LENGTH) return l10n.t('{0} must be at most {1} characters.', what, MAX_LENGTH);
  if (CONTROL.test(value)) return l10n.t('{0} must not contain control characters or line breaks.', what);
  return undefined;
}

/**
 * A network name. The engine accepts almost any text (even spaces and slashes); we refuse what
 * cannot be shown or typed back (empty, control characters, surrounding spaces) and names in use.
 */
export function checkNetworkName(name: string, existing: readonly string[] = []): Check {
  const basic = text(name, l10n.t('The network name'));
  if (basic) return basic;
  if (name !== name.trim()) return l10n.t('The network name must not begin or end with a space.');
  if (existing.includes(name)) return l10n.t('A network named "{0}" already exists on this engine.', name);
  return undefined;
}

/** Container names as the engine allows them: [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
export function checkContainerName(name: string): Check {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
    return l10n.t(
      'A container name must start with a letter or digit and have only letters, digits, "_", "." and "-" (at least 2 characters).',
    );
  }
  return undefined;
}

/** An image reference: one token, no spaces. */
export function checkImage(ref: string): Check {
  if (!ref.trim()) return l10n.t('Give an image, e.g. alpine:3.20.');
  if (/\s/.test(ref) || CONTROL.test(ref)) return l10n.t('An image reference has no spaces.');
  return undefined;
}

/** Subnets of networks on the engine that a new subnet must not overlap, with the network's name. */
export interface UsedSubnet {
  network: string;
  subnet: Cidr;
}

/**
 * The engine checks overlaps within one address space: local networks against local ones, swarm
 * networks against swarm ones. Config-only networks reserve nothing.
 */
export function usedSubnets(networks: readonly NetworkModel[], swarmScope: boolean): UsedSubnet[] {
  const used: UsedSubnet[] = [];
  for (const n of networks) {
    if (n.configOnly || (n.scope === 'swarm') !== swarmScope) continue;
    for (const c of n.ipam.configs) {
      const subnet = readCidr(c.subnet);
      if (subnet) used.push({ network: n.name, subnet });
    }
  }
  return used;
}

export function checkSubnet(value: string, family: Family, used: readonly UsedSubnet[] = []): Check {
  const parsed = parseCidr(value.trim(), family);
  if (!parsed.ok) return parsed.message;
  const { cidr } = parsed;
  if (family === 4 && cidr.prefix > 30)
    return l10n.t('{0} leaves no room for containers; use a prefix of /30 or shorter.', cidr.text);
  const clash = used.find(
    (u) => u.subnet.family === cidr.family && (contains(u.subnet, cidr.network) || contains(cidr, u.subnet.network)),
  );
  if (clash)
    return l10n.t('{0} overlaps the subnet {1} of the network "{2}".', cidr.text, clash.subnet.text, clash.network);
  return undefined;
}

export function checkGateway(value: string, subnet: Cidr): Check {
  const ip = parseIp(value.trim());
  if (!ip) return l10n.t('"{0}" is not an IP address.', value);
  if (ip.family !== subnet.family || !contains(subnet, value.trim()))
    return l10n.t('The gateway {0} is not inside {1}.', value, subnet.text);
  if (isReservedV4(subnet, value.trim()))
    return l10n.t('{0} is the network or broadcast address of {1}.', value, subnet.text);
  return undefined;
}

export function checkIpRange(value: string, subnet: Cidr): Check {
  const parsed = parseCidr(value.trim(), subnet.family);
  if (!parsed.ok) return parsed.message;
  const range = parsed.cidr;
  if (range.prefix < subnet.prefix || !contains(subnet, range.network))
    return l10n.t('The IP range {0} is not inside {1}.', range.text, subnet.text);
  return undefined;
}

/** `name=address` of an auxiliary address (a host on the network that is not a container). */
export function checkAuxAddress(entry: string, subnet: Cidr): Check {
  const eq = entry.indexOf('=');
  if (eq <= 0) return l10n.t('Write an auxiliary address as name=address, e.g. router=172.20.0.2.');
  const [name, ip] = [entry.slice(0, eq), entry.slice(eq + 1)];
  const basic = text(name, l10n.t('The name'));
  if (basic) return basic;
  if (!parseIp(ip)) return l10n.t('"{0}" is not an IP address.', ip);
  if (!contains(subnet, ip)) return l10n.t('The auxiliary address {0} is not inside {1}.', ip, subnet.text);
  return undefined;
}

/** `key=value` of a label or an option; the value may be empty, the key may not. */
export function checkKeyValue(entry: string, what: 'label' | 'option'): Check {
  const eq = entry.indexOf('=');
  const key = eq < 0 ? entry : entry.slice(0, eq);
  const value = eq < 0 ? '' : entry.slice(eq + 1);
  const label = what === 'label' ? l10n.t('A label key') : l10n.t('An option key');
  const basic = text(key, label);
  if (basic) return basic;
  if (/\s/.test(key)) return l10n.t('{0} must not contain spaces.', label);
  if (CONTROL.test(value)) return l10n.t('A value must not contain control characters or line breaks.');
  return undefined;
}

/** A network alias is a DNS name. */
export function checkAlias(alias: string): Check {
  if (!/^[a-zA-Z0-9_]([a-zA-Z0-9_.-]{0,251}[a-zA-Z0-9_])?$/.test(alias)) {
    return l10n.t('"{0}" is not a valid alias: use letters, digits, "_", "." and "-".', alias);
  }
  return undefined;
}

export function checkLinkLocalIp(ip: string): Check {
  const parsed = parseIp(ip);
  if (!parsed) return l10n.t('"{0}" is not an IP address.', ip);
  const range = parsed.family === 4 ? '169.254.0.0/16' : 'fe80::/10';
  if (!contains(readCidr(range)!, ip)) return l10n.t('{0} is not a link-local address ({1}).', ip, range);
  return undefined;
}

/** The subnets of a family in which the engine lets a container have a static address. */
export function staticSubnets(network: NetworkModel, family: Family): string[] {
  if (network.builtIn || network.driver === 'host' || network.driver === 'null') return [];
  return network.ipam.configs.filter((c) => readCidr(c.subnet)?.family === family).map((c) => c.subnet!);
}

/**
 * A static address for a container on `network`: the engine refuses it on the default bridge and on
 * networks without a configured subnet, and accepts (until the container starts) addresses that are
 * outside the subnet, the gateway, or another container's.
 */
export function checkStaticIp(ip: string, network: NetworkModel, container?: string): Check {
  const parsed = parseIp(ip.trim());
  if (!parsed) return l10n.t('"{0}" is not an IP address.', ip);
  const value = ip.trim();
  if (network.builtIn || network.driver === 'host' || network.driver === 'null') {
    return l10n.t('The network "{0}" does not take a static address: only networks you created do.', network.name);
  }
  const configs = network.ipam.configs.filter((c) => readCidr(c.subnet)?.family === parsed.family);
  if (!configs.length) {
    return parsed.family === 4
      ? l10n.t(
          'The network "{0}" has no IPv4 subnet of its own, so the engine does not take a static IPv4 address on it.',
          network.name,
        )
      : l10n.t(
          'The network "{0}" has no IPv6 subnet of its own, so the engine does not take a static IPv6 address on it.',
          network.name,
        );
  }
  const config = configs.find((c) => contains(readCidr(c.subnet)!, value));
  if (!config)
    return l10n.t(
      '{0} is not inside the subnet of "{1}" ({2}).',
      value,
      network.name,
      configs.map((c) => c.subnet).join(', '),
    );
  const subnet = readCidr(config.subnet)!;
  if (config.gateway === value) return l10n.t('{0} is the gateway of "{1}".', value, network.name);
  if (isReservedV4(subnet, value)) return l10n.t('{0} is the network or broadcast address of {1}.', value, subnet.text);
  if (Object.values(config.auxAddresses).includes(value))
    return l10n.t('{0} is reserved as an auxiliary address of "{1}".', value, network.name);
  const normalized = parsed.address.toString();
  const same = (other: string | undefined) => !!other && parseIp(other)?.address.toString() === normalized;
  const holder = network.endpoints.find(
    (e) =>
      e.containerName !== container &&
      e.containerId !== container &&
      [e.ipv4, e.configuredIpv4, e.ipv6, e.configuredIpv6].some(same),
  );
  if (holder) return l10n.t('{0} is already used by {1} on "{2}".', value, holder.containerName, network.name);
  return undefined;
}
