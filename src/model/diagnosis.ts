// The connectivity diagnosis as data: what is checked, in which order, what each result means in
// plain words, and the verdict. The runner (src/diagnosis/run.ts) gathers the facts from the
// snapshot and from helpers in the containers' namespaces; this file only decides. Pure.
import { l10n } from '../util/text';
import { parseIp } from './cidr';
import { commandLine } from './shell';
import { ContainerModel, EndpointModel, EngineSnapshot, NetworkModel } from './snapshot';

export const CHECK_IDS = [
  'source-running',
  'target-running',
  'shared-network',
  'name-resolves',
  'internal',
  'icc',
  'ping',
  'port-open',
  'target-listening',
  'mtu',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** What each check looks at, in a few words (a check that was not reached is named by it). */
export function checkName(id: CheckId): string {
  const names: Record<CheckId, string> = {
    'source-running': l10n.t('The source runs'),
    'target-running': l10n.t('The target runs'),
    'shared-network': l10n.t('A shared network'),
    'name-resolves': l10n.t('Name resolution'),
    internal: l10n.t('A way out of internal networks'),
    icc: l10n.t('Traffic between containers allowed'),
    ping: l10n.t('Ping'),
    'port-open': l10n.t('A connection to the port'),
    'target-listening': l10n.t('What listens in the target'),
    mtu: l10n.t('MTU along the route'),
  };
  return names[id];
}
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** What was run and what came back, as the panel shows it. */
export interface Evidence {
  command: string;
  output: string;
}

/** A public command that repairs what a check found. */
export interface Fix {
  title: string;
  command: string;
  arguments: unknown[];
}

export interface Check {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  evidence?: Evidence[];
  fix?: Fix;
}

/** What `dockerNetworks.diagnoseConnectivity` returns: the verdict and every check, in order. */
export interface DiagnosisResult {
  reachable: boolean;
  verdict: string;
  checks: Check[];
}

export type Target =
  | { kind: 'container'; container: ContainerModel }
  | { kind: 'address'; address: string }
  | { kind: 'name'; name: string }
  | { kind: 'internet' };

/** A DNS name as resolvers take it: labels of letters, digits, hyphens and underscores. */
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * What `target` names: `internet`, an IP address, a container of the engine (name, ID or unique
 * ID prefix, as the CLI finds it), else a DNS name. Undefined when it is none of them.
 */
export function classifyTarget(ref: string, containers: readonly ContainerModel[]): Target | undefined {
  if (ref === 'internet') return { kind: 'internet' };
  if (parseIp(ref)) return { kind: 'address', address: ref };
  const exact = containers.find((c) => c.id === ref) ?? containers.find((c) => c.name === ref);
  if (exact) return { kind: 'container', container: exact };
  const prefixed = /^[0-9a-f]{4,}$/i.test(ref) ? containers.filter((c) => c.id.startsWith(ref.toLowerCase())) : [];
  if (prefixed.length === 1) return { kind: 'container', container: prefixed[0] };
  return DNS_NAME.test(ref) ? { kind: 'name', name: ref } : undefined;
}

/** The networks two containers are both on, with each one's endpoint there. */
export function sharedNetworks(
  snapshot: EngineSnapshot,
  sourceId: string,
  targetId: string,
): { network: NetworkModel; source: EndpointModel; target: EndpointModel }[] {
  const found: { network: NetworkModel; source: EndpointModel; target: EndpointModel }[] = [];
  for (const network of snapshot.networks) {
    // host and none connect nothing: two containers there share no network between them.
    if (network.driver === 'host' || network.driver === 'null') continue;
    const source = network.endpoints.find((e) => e.containerId === sourceId);
    const target = network.endpoints.find((e) => e.containerId === targetId);
    if (source && target) found.push({ network, source, target });
  }
  return found;
}

/**
 * The network to connect the source to, so it can reach the target: one of the target's networks
 * that a container can join, preferring a user-defined one (names resolve there) that is not
 * internal, then the one whose name the target's Compose project gave it.
 */
export function networkToJoin(snapshot: EngineSnapshot, targetId: string): NetworkModel | undefined {
  const candidates = snapshot.networks.filter(
    (n) =>
      n.endpoints.some((e) => e.containerId === targetId && !e.sharedFrom) &&
      !['host', 'null'].includes(n.driver) &&
      !n.configOnly,
  );
  const score = (n: NetworkModel) => (n.builtIn ? 0 : 2) + (n.internal ? 0 : 1);
  return [...candidates].sort((a, b) => score(b) - score(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
}

/** The default bridge network: containers on it find each other by address only. */
export function isDefaultBridge(n: NetworkModel): boolean {
  return n.builtIn && n.name === 'bridge' && n.driver === 'bridge';
}

export const ICC_OPTION = 'com.docker.network.bridge.enable_icc';
export const MTU_OPTION = 'com.docker.network.driver.mtu';

/** The MTU a network gives its containers: its driver option, else the driver's default (overlay 1450: VXLAN takes 50). */
export function networkMtu(n: NetworkModel): number {
  const mtu = Number(n.options[MTU_OPTION]);
  return Number.isInteger(mtu) && mtu > 0 ? mtu : n.driver === 'overlay' ? 1450 : 1500;
}

/**
 * The checks that decide whether the target is reached, in the order they are looked at. A failed
 * `ping` does not block when a port was asked for (many services drop ICMP), and `mtu` only warns.
 */
function blocks(check: Check, hasPort: boolean): boolean {
  if (check.status !== 'fail') return false;
  if (check.id === 'mtu') return false;
  if (check.id === 'ping') return !hasPort;
  return true;
}

/**
 * Which failure the verdict names when several checks fail: causes before their symptoms. An
 * internal network is why an outside name does not resolve; nothing listening (or listening on
 * loopback only) is why the connect is refused.
 */
const VERDICT_ORDER: readonly CheckId[] = [
  'source-running',
  'target-running',
  'shared-network',
  'internal',
  'icc',
  'name-resolves',
  'target-listening',
  'port-open',
  'ping',
  'mtu',
];

/** The verdict line: reachable, or the first reason it is not. */
export function verdictOf(
  checks: readonly Check[],
  target: string,
  port?: number,
): { reachable: boolean; verdict: string } {
  const first = VERDICT_ORDER.map((id) => checks.find((c) => c.id === id)).find(
    (c) => c && blocks(c, port !== undefined),
  );
  if (!first) {
    return {
      reachable: true,
      verdict:
        port === undefined
          ? l10n.t('{0} is reachable.', target)
          : l10n.t('{0} is reachable on port {1}.', target, port),
    };
  }
  return { reachable: false, verdict: l10n.t('Not reachable: {0}', first.title) };
}

/**
 * One helper's script: each step prints a marker line with a nonce the container cannot guess,
 * the step's output, and its exit status, so a reply that prints marker-like text cannot forge
 * another step's result. Each step is limited by `timeout`.
 */
export function helperScript(
  nonce: string,
  steps: readonly { id: string; argv: readonly string[]; limitSeconds: number; quiet?: boolean }[],
): string {
  return steps
    .map((s) => {
      // Read by the helper's own shell, never pasted.
      const line = commandLine('posix', ['timeout', String(s.limitSeconds), ...s.argv], { pasted: false });
      // `quiet`: only the status counts (what a service sends back to nc is not ours to show).
      // The end marker starts its own line even after output without a final newline.
      const out = s.quiet ? '>/dev/null 2>&1' : '2>&1';
      return `echo '${nonce} begin ${s.id}'; ${line} </dev/null ${out}; s=$?; echo; echo "${nonce} end ${s.id} $s"`;
    })
    .join('\n');
}

/** The steps' outputs and exit statuses, by id, from what a helper printed. */
export function readHelperOutput(output: string, nonce: string): Map<string, { output: string; status: number }> {
  const steps = new Map<string, { output: string; status: number }>();
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  let current: { id: string; lines: string[] } | undefined;
  for (const line of lines) {
    const begin = line.startsWith(`${nonce} begin `) ? line.slice(`${nonce} begin `.length).trim() : undefined;
    const end = line.startsWith(`${nonce} end `)
      ? /^(\S+) (\d+)$/.exec(line.slice(`${nonce} end `.length).trim())
      : undefined;
    if (begin !== undefined) current = { id: begin, lines: [] };
    else if (end && current && end[1] === current.id) {
      steps.set(current.id, { output: current.lines.join('\n').trim(), status: Number(end[2]) });
      current = undefined;
    } else current?.lines.push(line);
  }
  return steps;
}

/** A port as the user gives it: `80`, `80/tcp` or `53/udp`; a message when it is not one. */
export function readPort(text: string): { port: number; protocol: 'tcp' | 'udp' } | string {
  const m = /^\s*(\d{1,5})(?:\/(tcp|udp))?\s*$/i.exec(text);
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535)
    return l10n.t('A port is a number from 1 to 65535, optionally followed by /tcp or /udp (e.g. 5432 or 53/udp).');
  return { port, protocol: (m[2]?.toLowerCase() as 'tcp' | 'udp' | undefined) ?? 'tcp' };
}

/** A port to offer for a container: declared by its image or `--expose`, or published on the host. */
export interface PortChoice {
  port: number;
  protocol: 'tcp' | 'udp';
  /** Where the host publishes it (`0.0.0.0:8080`), if it does. */
  published: string[];
}

/** The ports a container declares or publishes, from its inspect, in port order. */
export function containerPorts(inspect: {
  Config?: { ExposedPorts?: Record<string, unknown> | null } | null;
  HostConfig?: { PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null } | null;
  NetworkSettings?: { Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null } | null;
}): PortChoice[] {
  const found = new Map<string, PortChoice>();
  const keys = [
    ...Object.keys(inspect.Config?.ExposedPorts ?? {}),
    ...Object.keys(inspect.NetworkSettings?.Ports ?? {}),
  ];
  for (const key of keys) {
    const read = readPort(key);
    if (typeof read === 'string') continue;
    const id = `${read.port}/${read.protocol}`;
    if (!found.has(id)) found.set(id, { ...read, published: [] });
  }
  for (const [key, bindings] of Object.entries(inspect.NetworkSettings?.Ports ?? {})) {
    const choice = found.get(key.toLowerCase());
    for (const b of bindings ?? [])
      if (choice && b.HostPort) choice.published.push(`${b.HostIp || '0.0.0.0'}:${b.HostPort}`);
  }
  // Asked for with -p but not done by the engine (a container only on internal networks): the
  // binding as asked, the port chosen by the engine shown as "*".
  for (const [key, bindings] of Object.entries(inspect.HostConfig?.PortBindings ?? {})) {
    const read = readPort(key);
    if (typeof read === 'string') continue;
    const id = `${read.port}/${read.protocol}`;
    if (!found.has(id)) found.set(id, { ...read, published: [] });
    const choice = found.get(id)!;
    if (!choice.published.length)
      for (const b of bindings ?? []) choice.published.push(`${b.HostIp || '0.0.0.0'}:${b.HostPort || '*'}`);
  }
  return [...found.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}
