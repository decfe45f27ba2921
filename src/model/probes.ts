// The looks that go beyond one question: which containers on a network reach which (by name and
// by address), every name a container can resolve on its networks, and what listens on its ports.
// What to run in each helper, and what its output means. Pure.
import { l10n } from '../util/text';
import { helperScript, ICC_OPTION, isDefaultBridge, PortChoice } from './diagnosis';
import { listeningOn, Listener, Listening, readLookup, readPing } from './probe';
import { EndpointModel, EngineSnapshot, NetworkModel } from './snapshot';
import { ServiceModel } from './swarm';

type Step = { id: string; argv: string[]; limitSeconds: number };
type Outputs = Map<string, { output: string; status: number }>;

/** The most containers a matrix takes: n × (n − 1) pings. */
export const MATRIX_LIMIT = 30;

/** The containers of a network that can be looked from and at: running, with an address of their own. */
export function matrixMembers(network: NetworkModel): EndpointModel[] {
  return network.endpoints.filter((e) => e.state === 'running' && !e.sharedFrom && (e.ipv4 ?? e.ipv6));
}

/** What a member's helper runs: for every other member, a lookup of its name (not on the default bridge) and a ping of its address. */
export function matrixScript(
  network: NetworkModel,
  members: readonly EndpointModel[],
  from: string,
  nonce: string,
): string {
  const steps: Step[] = [];
  members.forEach((m, i) => {
    if (m.containerId === from) return;
    if (!isDefaultBridge(network)) steps.push({ id: `n${i}`, argv: ['nslookup', m.containerName], limitSeconds: 4 });
    steps.push({ id: `a${i}`, argv: ['ping', '-c', '1', '-W', '2', (m.ipv4 ?? m.ipv6)!], limitSeconds: 4 });
  });
  return helperScript(nonce, steps);
}

export type CellStatus = 'pass' | 'fail' | 'skip';

export interface MatrixCell {
  from: string;
  to: string;
  byName: CellStatus;
  byAddress: CellStatus;
  /** Why, in plain words (the hover). */
  detail: string;
}

/** One row of the matrix from what the helper in `from` printed. */
export function readMatrixRow(
  network: NetworkModel,
  members: readonly EndpointModel[],
  from: EndpointModel,
  outputs: Outputs,
): MatrixCell[] {
  const iccOff = network.options[ICC_OPTION] === 'false';
  const bridge = isDefaultBridge(network);
  return members.flatMap((m, i) => {
    if (m.containerId === from.containerId) return [];
    const address = (m.ipv4 ?? m.ipv6)!;
    const ping = outputs.get(`a${i}`);
    const answered = !!ping && (readPing(ping.output)?.received ?? 0) > 0;
    const lookup = outputs.get(`n${i}`);
    const resolved = lookup ? readLookup(lookup.output).addresses : [];
    const byAddress: CellStatus = ping ? (answered ? 'pass' : 'fail') : 'skip';
    const byName: CellStatus = bridge ? 'skip' : resolved.includes(address) ? 'pass' : 'fail';
    const parts: string[] = [];
    if (bridge) parts.push(l10n.t('On the default bridge names do not resolve; by address only.'));
    else if (!resolved.length) parts.push(l10n.t('{0} does not resolve.', m.containerName));
    else if (!resolved.includes(address))
      parts.push(
        l10n.t('{0} resolves to {1}, not to its address here ({2}).', m.containerName, resolved.join(', '), address),
      );
    else parts.push(l10n.t('{0} resolves to {1}.', m.containerName, address));
    if (answered) parts.push(l10n.t('{0} answers ping.', address));
    else if (iccOff) parts.push(l10n.t('{0} does not answer: {1} is false on this network.', address, ICC_OPTION));
    else if (ping) parts.push(l10n.t('{0} does not answer ping (a firewall in it may drop ICMP).', address));
    return [{ from: from.containerName, to: m.containerName, byName, byAddress, detail: parts.join(' ') }];
  });
}

/** A name a container can look up on one of its networks, and the addresses it should get. */
export interface NameToResolve {
  name: string;
  kind: 'container' | 'alias' | 'dnsName' | 'service' | 'tasks';
  /** The container that has the name. */
  owner: string;
  expected: string[];
}

export interface NamesOnNetwork {
  network: string;
  /** Why nothing is looked up there (the default bridge, host, none). */
  none?: string;
  names: NameToResolve[];
}

/** Every name the container can resolve, network by network: the names, aliases and DNS names of the running containers on them. */
export function namesToResolve(
  snapshot: EngineSnapshot,
  containerId: string,
  /** A swarm network's services (by network ID): their names resolve to the VIP, `tasks.<name>` to the tasks. */
  services: ReadonlyMap<string, readonly ServiceModel[]> = new Map(),
): NamesOnNetwork[] {
  const mine = snapshot.networks.filter((n) => n.endpoints.some((e) => e.containerId === containerId && !e.sharedFrom));
  // The engine's DNS answers a name with the owner's addresses on the networks the asker shares
  // with it (for its own name, any of its own): each of those is a right answer.
  const reachable = new Map<string, string[]>();
  for (const n of mine)
    for (const e of n.endpoints)
      for (const a of [e.ipv4, e.ipv6])
        if (a) reachable.set(e.containerId, [...new Set([...(reachable.get(e.containerId) ?? []), a])]);
  return mine.map((n) => {
    if (isDefaultBridge(n) || ['host', 'null'].includes(n.driver))
      return {
        network: n.name,
        none: isDefaultBridge(n)
          ? l10n.t('The default bridge network has no name resolution.')
          : l10n.t('{0} has no name resolution of its own.', n.name),
        names: [],
      };
    const names = new Map<string, NameToResolve>();
    // A stopped container's names do not resolve, and are not expected to.
    for (const e of n.endpoints.filter((x) => x.state === 'running')) {
      const expected = reachable.get(e.containerId) ?? [];
      const add = (name: string, kind: NameToResolve['kind']) => {
        const known = names.get(name);
        if (known) known.expected.push(...expected.filter((a) => !known.expected.includes(a)));
        else names.set(name, { name, kind, owner: e.containerName, expected: [...expected] });
      };
      add(e.containerName, 'container');
      for (const a of e.aliases) add(a, 'alias');
      for (const d of e.dnsNames) add(d, 'dnsName');
    }
    for (const svc of services.get(n.id) ?? []) {
      const tasks = svc.tasks.map((t) => t.ip).filter((a): a is string => !!a);
      if (!names.has(svc.name))
        names.set(svc.name, {
          name: svc.name,
          kind: 'service',
          owner: svc.name,
          expected: svc.vip ? [svc.vip] : tasks,
        });
      const all = `tasks.${svc.name}`;
      if (!names.has(all)) names.set(all, { name: all, kind: 'tasks', owner: svc.name, expected: tasks });
    }
    return { network: n.name, names: [...names.values()] };
  });
}

/** The names to look up for `namesToResolve`: each once, at most `limit`. */
export function uniqueNames(networks: readonly NamesOnNetwork[], limit = 200): string[] {
  return [...new Set(networks.flatMap((n) => n.names.map((x) => x.name)))].slice(0, limit);
}

/** The helper's lookups: step `l<i>` looks up `names[i]`. */
export function namesScript(names: readonly string[], nonce: string): string {
  return helperScript(
    nonce,
    names.map((name, i) => ({ id: `l${i}`, argv: ['nslookup', name], limitSeconds: 4 })),
  );
}

export interface ResolvedName extends NameToResolve {
  resolved: string[];
  status: CellStatus;
}

export function readNames(networks: readonly NamesOnNetwork[], names: readonly string[], outputs: Outputs) {
  return networks.map((n) => ({
    ...n,
    names: n.names.map((x): ResolvedName => {
      const i = names.indexOf(x.name);
      const out = i >= 0 ? outputs.get(`l${i}`) : undefined;
      if (!out) return { ...x, resolved: [], status: 'skip' };
      const resolved = readLookup(out.output).addresses;
      const ok = x.expected.length ? x.expected.some((a) => resolved.includes(a)) : resolved.length > 0;
      return { ...x, resolved, status: ok ? 'pass' : 'fail' };
    }),
  }));
}

export interface PortReport {
  port: number;
  protocol: 'tcp' | 'udp';
  published: string[];
  /** Declared by the image or `--expose`, or published (otherwise it was only found listening). */
  declared: boolean;
  listening: Listening;
  warnings: string[];
}

/**
 * Each port a container declares, publishes or listens on, with how it listens and what is wrong:
 * a published or declared port nothing listens on, one bound to loopback only (unreachable from
 * other containers and through the publish), a published port on a container only on internal networks.
 */
export function portReports(
  declared: readonly PortChoice[],
  listeners: readonly Listener[],
  onlyInternal: boolean,
): PortReport[] {
  const all = new Map<string, PortReport>();
  const add = (port: number, protocol: 'tcp' | 'udp', published: string[], isDeclared: boolean) => {
    const key = `${port}/${protocol}`;
    if (!all.has(key))
      all.set(key, {
        port,
        protocol,
        published,
        declared: isDeclared,
        listening: { kind: 'none', addresses: [] },
        warnings: [],
      });
  };
  for (const p of declared) add(p.port, p.protocol, p.published, true);
  // Docker's embedded DNS listens inside the container on 127.0.0.11 (random ports): not the container's.
  for (const l of listeners) if (l.address !== '127.0.0.11') add(l.port, l.protocol, [], false);
  return [...all.values()]
    .map((r) => {
      const listening = listeningOn(listeners, r.port, r.protocol);
      const warnings: string[] = [];
      if (r.declared && listening.kind === 'none') warnings.push(l10n.t('Nothing listens on it.'));
      if (listening.kind === 'loopback')
        warnings.push(
          r.published.length
            ? l10n.t(
                'Only on {0}: the publish on the host and other containers do not reach it.',
                listening.addresses.join(', '),
              )
            : l10n.t('Only on {0}: other containers do not reach it.', listening.addresses.join(', ')),
        );
      if (r.published.length && onlyInternal)
        warnings.push(
          l10n.t('Published, but the container is only on internal networks: the engine publishes nothing for it.'),
        );
      return { ...r, listening, warnings };
    })
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}
