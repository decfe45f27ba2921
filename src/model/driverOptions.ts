// The driver options people set most, per driver, with the values each takes where they are a
// fixed set. Offered in the create wizard; any other key can still be typed.
import { l10n } from '../util/text';

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
