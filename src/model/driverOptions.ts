// The driver options people set most, per driver, with the values each takes where they are a
// fixed set. Offered in the create wizard; any other key can still be typed. The values of those
// the engine parses are checked here, before it is asked: a wrong one fails only once the network
// is created (for Edit Network, once the old one is gone and must be put back).
import { l10n } from '../util/text';
import { parseIp } from './cidr';
import type { Check } from './validate';

export interface DriverOption {
  key: string;
  /** Fixed values, when the option takes one of a few. */
  values?: string[];
  /** What it does, in a few words. */
  hint: string;
}

function options(): Record<string, DriverOption[]> {
  const mtu = { key: 'com.docker.network.driver.mtu', hint: l10n.t("MTU of the containers' interfaces") };
  return {
    bridge: [
      { key: 'com.docker.network.bridge.name', hint: l10n.t('name of the Linux bridge (default br-<id>)') },
      mtu,
      {
        key: 'com.docker.network.bridge.enable_icc',
        values: ['true', 'false'],
        hint: l10n.t('containers may talk to each other'),
      },
      {
        key: 'com.docker.network.bridge.enable_ip_masquerade',
        values: ['true', 'false'],
        hint: l10n.t('NAT to the outside'),
      },
      { key: 'com.docker.network.bridge.host_binding_ipv4', hint: l10n.t('default host address for published ports') },
      { key: 'com.docker.network.container_iface_prefix', hint: l10n.t('prefix of the interface names in containers') },
    ],
    macvlan: [
      { key: 'parent', hint: l10n.t('host interface to attach to (eth0, or eth0.10 for a VLAN)') },
      { key: 'macvlan_mode', values: ['bridge', 'vepa', 'passthru', 'private'], hint: l10n.t('macvlan mode') },
    ],
    ipvlan: [
      { key: 'parent', hint: l10n.t('host interface to attach to') },
      { key: 'ipvlan_mode', values: ['l2', 'l3', 'l3s'], hint: l10n.t('ipvlan mode') },
      { key: 'ipvlan_flag', values: ['bridge', 'private', 'vepa'], hint: l10n.t('ipvlan flag') },
    ],
    overlay: [{ key: 'encrypted', values: ['true'], hint: l10n.t('encrypt traffic between nodes (IPsec)') }, mtu],
  };
}

export function driverOptions(driver: string): DriverOption[] {
  return options()[driver] ?? [];
}

/** What Go's strconv.ParseBool takes, which the bridge driver reads its switches with. */
const BOOLEAN = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A driver option's value as the engine will parse it; undefined for keys it does not parse strictly. */
export function checkDriverOption(driver: string, key: string, value: string): Check {
  if (key === 'com.docker.network.driver.mtu' && (driver === 'bridge' || driver === 'overlay')) {
    const mtu = Number(value);
    if (!/^\d+$/.test(value) || mtu < 68 || mtu > 65535)
      return l10n.t('{0} takes an MTU in bytes, a whole number from 68 to 65535, not "{1}".', key, value);
  }
  if (driver !== 'bridge') {
    const fixed = driverOptions(driver).find((o) => o.key === key)?.values;
    if (fixed && !fixed.includes(value))
      return l10n.t('{0} takes one of {1}, not "{2}".', key, fixed.join(', '), value);
    return undefined;
  }
  switch (key) {
    case 'com.docker.network.bridge.enable_icc':
    case 'com.docker.network.bridge.enable_ip_masquerade':
    case 'com.docker.network.bridge.inhibit_ipv4':
      return BOOLEAN.has(value) ? undefined : l10n.t('{0} takes true or false, not "{1}".', key, value);
    case 'com.docker.network.bridge.name':
      // A Linux interface name: at most 15 bytes, no slash or space.
      return value &&
        new TextEncoder().encode(value).length <= 15 &&
        !/[\s/:]/.test(value) &&
        value !== '.' &&
        value !== '..'
        ? undefined
        : l10n.t(
            '{0} takes a Linux interface name (at most 15 characters, no spaces or slashes), not "{1}".',
            key,
            value,
          );
    case 'com.docker.network.bridge.host_binding_ipv4':
      return parseIp(value) ? undefined : l10n.t('{0} takes an IP address, not "{1}".', key, value);
  }
  return undefined;
}
