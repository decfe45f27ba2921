// What is wrong with a Compose file's networks, against the engine or on its own: an external
// network that does not exist, addresses that are not valid or not inside their subnet, a subnet
// that overlaps another project's network, a network this project made whose settings have changed
// since (what Compose refuses with "needs to be recreated"), published ports behind internal
// networks only, a service on a network the file does not declare, and `network_mode` beside
// `networks`. Each finding says where, in plain words, with its fix where there is one. Pure.
import { l10n } from '../../util/text';
import { contains, Cidr, nextFreeSubnet, parseCidr, parseIp, readCidr } from '../cidr';

export { nextFreeSubnet };
import { COMPOSE_NETWORK, COMPOSE_PROJECT } from '../compose';
import { EngineSnapshot, NetworkModel } from '../snapshot';
import { checkGateway, checkIpRange } from '../validate';
import { ComposeFile, ComposeNetwork, Range } from './file';

export type RuleId =
  | 'external-missing'
  | 'address-invalid'
  | 'subnet-overlap'
  | 'drift'
  | 'ports-internal'
  | 'undeclared-network'
  | 'network-mode-with-networks'
  | 'interpolation';

export type ComposeFix =
  /** Create the external network, with what the file says of it. */
  | { kind: 'createExternal'; network: string }
  /** Replace the subnet at the finding's range. */
  | { kind: 'replaceSubnet'; subnet: string }
  /** Disconnect, remove, create as the file says, reconnect. */
  | { kind: 'recreate'; network: string; containers: string[] };

export interface ComposeFinding {
  rule: RuleId;
  severity: 'error' | 'warning';
  message: string;
  range: Range;
  fix?: ComposeFix;
}

/** Whether a network on the engine is this project's `key` network. */
export function madeBy(n: NetworkModel, project: string, key: string): boolean {
  return n.labels[COMPOSE_PROJECT] === project && n.labels[COMPOSE_NETWORK] === key;
}

/** The engine's network a file's network is, by the name Compose gives it. */
export function engineNetwork(snapshot: EngineSnapshot, n: ComposeNetwork): NetworkModel | undefined {
  return snapshot.networks.find((x) => x.name === n.name);
}

export interface CheckOptions {
  /**
   * Networks the project declares in its other files (the files the file includes, or the other
   * files of its COMPOSE_FILE list): a service of this file may use them.
   */
  alsoDeclared?: readonly ComposeNetwork[];
}

/** Everything wrong with the file's networks; the engine's rules only when a snapshot is given. */
export function checkCompose(
  file: ComposeFile,
  snapshot?: EngineSnapshot,
  options: CheckOptions = {},
): ComposeFinding[] {
  const findings: ComposeFinding[] = file.errors.map((e) => ({
    rule: 'interpolation' as const,
    severity: 'error' as const,
    message: e.message,
    range: e.range,
  }));
  const add = (f: ComposeFinding) => findings.push(f);
  const declared = new Map(
    [...(options.alsoDeclared ?? []).filter((n) => n.declared), ...file.networks].map((n) => [n.key, n]),
  );

  for (const n of file.networks.filter((x) => x.declared)) {
    const onEngine = snapshot ? engineNetwork(snapshot, n) : undefined;
    if (n.external) {
      if (snapshot && !onEngine)
        add({
          rule: 'external-missing',
          severity: 'error',
          message: l10n.t(
            'The network {0} is declared as external, but the engine has no network named {1}: Compose stops with "network {1} declared as external, but could not be found".',
            n.key,
            n.name,
          ),
          range: n.keyRange,
          fix: { kind: 'createExternal', network: n.key },
        });
      continue;
    }
    addressFindings(n, snapshot, file.project, add);
    if (snapshot && onEngine && madeBy(onEngine, file.project, n.key)) {
      const differences = drift(n, onEngine);
      if (differences.length)
        add({
          rule: 'drift',
          severity: 'warning',
          message: l10n.t(
            'The network {0} on the engine differs from the file ({1}); Compose stops with "needs to be recreated" until it is.',
            n.name,
            differences.join('; '),
          ),
          range: n.keyRange,
          fix: {
            kind: 'recreate',
            network: n.key,
            containers: onEngine.endpoints.map((e) => e.containerName),
          },
        });
    }
  }

  for (const s of file.services) {
    if (s.networkMode !== undefined && s.networks.length)
      add({
        rule: 'network-mode-with-networks',
        severity: 'error',
        message: l10n.t('{0} has both network_mode and networks; Compose refuses the two together.', s.name),
        range: s.networkModeRange ?? s.keyRange,
      });
    for (const sn of s.networks)
      if (sn.key !== 'default' && !declared.has(sn.key))
        add({
          rule: 'undeclared-network',
          severity: 'error',
          message: l10n.t(
            '{0} is on the network {1}, which the file does not declare under networks:.',
            s.name,
            sn.key,
          ),
          range: sn.range,
        });
    const nets = s.networks.map((sn) => declared.get(sn.key)).filter((n): n is ComposeNetwork => !!n);
    if (s.ports && nets.length && nets.length === s.networks.length && nets.every((n) => n.internal))
      add({
        rule: 'ports-internal',
        severity: 'warning',
        message: l10n.t(
          '{0} publishes ports, but all its networks are internal: the engine publishes nothing for it.',
          s.name,
        ),
        range: s.portsRange ?? s.keyRange,
      });
    for (const sn of s.networks) {
      const n = declared.get(sn.key);
      const subnets = (n?.ipam.config ?? []).map((c) => readCidr(c.subnet)).filter((c): c is Cidr => !!c);
      for (const [address, range] of [
        [sn.ipv4, sn.at.ipv4],
        [sn.ipv6, sn.at.ipv6],
      ] as const) {
        if (address === undefined || !range) continue;
        const ip = parseIp(address);
        if (!ip)
          add({
            rule: 'address-invalid',
            severity: 'error',
            message: l10n.t('"{0}" is not an IP address.', address),
            range,
          });
        else if (subnets.length && !subnets.some((c) => c.family === ip.family && contains(c, address)))
          add({
            rule: 'address-invalid',
            severity: 'error',
            message: l10n.t(
              '{0} of {1} is not inside a subnet of {2} ({3}).',
              address,
              s.name,
              sn.key,
              subnets.map((c) => c.text).join(', '),
            ),
            range,
          });
      }
    }
  }
  return findings;
}

function addressFindings(
  n: ComposeNetwork,
  snapshot: EngineSnapshot | undefined,
  project: string,
  add: (f: ComposeFinding) => void,
): void {
  const swarm = n.driver === 'overlay';
  // The engine's networks in the same address space that are not this one: what a subnet must not overlap.
  const others = (snapshot?.networks ?? []).filter(
    (x) => !x.configOnly && (x.scope === 'swarm') === swarm && x.name !== n.name && !madeBy(x, project, n.key),
  );
  const used = others.flatMap((x) =>
    x.ipam.configs.map((c) => ({ network: x.name, subnet: readCidr(c.subnet) })).filter((u) => !!u.subnet),
  ) as { network: string; subnet: Cidr }[];
  for (const c of n.ipam.config) {
    if (c.subnet === undefined || !c.at.subnet) continue;
    const parsed = parseCidr(c.subnet.trim());
    if (!parsed.ok) {
      add({ rule: 'address-invalid', severity: 'error', message: parsed.message, range: c.at.subnet });
      continue;
    }
    const subnet = parsed.cidr;
    const clash = used.find(
      (u) =>
        u.subnet.family === subnet.family && (contains(u.subnet, subnet.network) || contains(subnet, u.subnet.network)),
    );
    if (clash) {
      const free = nextFreeSubnet(
        subnet,
        used.map((u) => u.subnet),
      );
      add({
        rule: 'subnet-overlap',
        severity: 'error',
        message: l10n.t(
          '{0} overlaps {1} of the network {2} on the engine: Compose stops with "Pool overlaps with other one on this address space".',
          subnet.text,
          clash.subnet.text,
          clash.network,
        ),
        range: c.at.subnet,
        ...(free ? { fix: { kind: 'replaceSubnet' as const, subnet: free } } : {}),
      });
    }
    for (const [problem, range] of [
      [c.gateway !== undefined ? checkGateway(c.gateway, subnet) : undefined, c.at.gateway],
      [c.ipRange !== undefined ? checkIpRange(c.ipRange, subnet) : undefined, c.at.ipRange],
    ] as const)
      if (problem && range) add({ rule: 'address-invalid', severity: 'error', message: problem, range });
    for (const [name, ip] of Object.entries(c.auxAddresses))
      if (!parseIp(ip) || !contains(subnet, ip))
        add({
          rule: 'address-invalid',
          severity: 'error',
          message: l10n.t('The auxiliary address {0} ({1}) is not inside {2}.', name, ip, subnet.text),
          range: c.at.auxAddresses ?? c.at.subnet,
        });
  }
}

/** How the engine's network differs from what the file says of it (only what the file says). */
export function drift(n: ComposeNetwork, e: NetworkModel): string[] {
  const out: string[] = [];
  const say = (what: string, file: string, engine: string) =>
    out.push(l10n.t('{0}: {1} in the file, {2} on the engine', what, file, engine));
  const driver = n.driver ?? (e.scope === 'swarm' ? 'overlay' : 'bridge');
  if (driver !== e.driver) say('driver', driver, e.driver);
  for (const [k, v] of Object.entries(n.driverOpts))
    if (e.options[k] !== v) say(`driver_opts ${k}`, v, e.options[k] ?? '—');
  if (n.internal !== e.internal) say('internal', String(n.internal), String(e.internal));
  if (n.attachable !== e.attachable && e.scope === 'swarm')
    say('attachable', String(n.attachable), String(e.attachable));
  if (n.enableIpv6 !== undefined && n.enableIpv6 !== e.ipv6) say('enable_ipv6', String(n.enableIpv6), String(e.ipv6));
  if (n.ipam.driver !== undefined && n.ipam.driver !== e.ipam.driver) say('ipam.driver', n.ipam.driver, e.ipam.driver);
  for (const c of n.ipam.config) {
    const match = c.subnet ? e.ipam.configs.find((x) => x.subnet === c.subnet) : undefined;
    if (c.subnet && !match)
      say(
        'subnet',
        c.subnet,
        e.ipam.configs
          .map((x) => x.subnet)
          .filter(Boolean)
          .join(', ') || '—',
      );
    if (match && c.gateway !== undefined && match.gateway !== c.gateway)
      say('gateway', c.gateway, match.gateway ?? '—');
    if (match && c.ipRange !== undefined && match.ipRange !== c.ipRange)
      say('ip_range', c.ipRange, match.ipRange ?? '—');
  }
  for (const [k, v] of Object.entries(n.labels)) if (e.labels[k] !== v) say(`label ${k}`, v, e.labels[k] ?? '—');
  return out;
}
