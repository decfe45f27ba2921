// A network as text people paste elsewhere: the `docker network create` line that recreates it
// (quoted for the user's shell, so no name or label the engine accepts can run anything), and a
// Compose `networks:` entry (every scalar a quoted YAML string).
import { COMPOSE_NETWORK, COMPOSE_PROJECT } from './compose';
import { commandLine, quoteArg, ShellFlavor } from './shell';
import { NetworkModel } from './snapshot';
import { byKey } from '../util/order';

/** Quotes one argument for a POSIX shell; plain words stay as they are. */
export function shellQuote(value: string): string {
  return quoteArg('posix', value);
}

/** Options the engine sets by itself; passing them back would ask for the same resources again. */
/** Options the engine sets on a network itself; they are not given when it is created. */
export const ENGINE_SET_OPTIONS = new Set(['com.docker.network.driver.overlay.vxlanid_list']);

const DEFAULT_SCOPE: Record<string, string> = { overlay: 'swarm' };

/** The `docker network create …` arguments that recreate `n` (without the leading `docker`). */
export function createArguments(n: NetworkModel): string[] {
  const args = ['network', 'create'];
  if (n.driver && n.driver !== 'bridge') args.push('--driver', n.driver);
  if (n.scope && n.scope !== (DEFAULT_SCOPE[n.driver] ?? 'local')) args.push('--scope', n.scope);
  if (n.internal) args.push('--internal');
  if (n.attachable) args.push('--attachable');
  if (n.ingress) args.push('--ingress');
  if (!n.ipv4) args.push('--ipv4=false');
  if (n.ipv6) args.push('--ipv6');
  if (n.configOnly) args.push('--config-only');
  if (n.configFrom) args.push('--config-from', n.configFrom);
  if (!n.configFrom) {
    if (n.ipam.driver && n.ipam.driver !== 'default') args.push('--ipam-driver', n.ipam.driver);
    for (const [k, v] of sorted(n.ipam.options)) args.push('--ipam-opt', `${k}=${v}`);
    for (const c of n.ipam.configs) {
      if (c.subnet) args.push('--subnet', c.subnet);
      if (c.gateway) args.push('--gateway', c.gateway);
      if (c.ipRange) args.push('--ip-range', c.ipRange);
      for (const [k, v] of sorted(c.auxAddresses)) args.push('--aux-address', `${k}=${v}`);
    }
    for (const [k, v] of sorted(n.options)) if (!ENGINE_SET_OPTIONS.has(k)) args.push('--opt', `${k}=${v}`);
  }
  for (const [k, v] of sorted(n.labels)) args.push('--label', `${k}=${v}`);
  // A name that looks like a flag must follow `--`.
  if (n.name.startsWith('-')) args.push('--');
  args.push(n.name);
  return args;
}

export function createCommandLine(n: NetworkModel, shell: ShellFlavor = 'posix'): string {
  return commandLine(shell, ['docker', ...createArguments(n)]);
}

export interface RunSpec {
  network: string;
  image: string;
  name?: string;
  command?: string[];
}

/**
 * `docker run -d --network <network> [--name <name>] <image> [command…]` (without the leading
 * `docker`): every option before the image, since what follows the image goes to the container's
 * command (`docker run tiny --network x` would run `--network x` in the container).
 */
export function runArguments(spec: RunSpec): string[] {
  return [
    'run',
    '-d',
    '--network',
    spec.network,
    ...(spec.name ? ['--name', spec.name] : []),
    spec.image,
    ...(spec.command ?? []),
  ];
}

export function runCommandLine(spec: RunSpec, shell: ShellFlavor = 'posix'): string {
  return commandLine(shell, ['docker', ...runArguments(spec)]);
}

function sorted(map: Record<string, string>): [string, string][] {
  return Object.entries(map).sort(byKey);
}

/** A YAML scalar that reads back as exactly this string: JSON's escaping is valid YAML. For keys. */
const q = (value: string) => JSON.stringify(value);
/**
 * A value Compose reads back as exactly this string: Compose replaces `$VAR` and `${VAR}` in every
 * value, quoted or not (a label holding `${AWS_SECRET_ACCESS_KEY}` would become the user's
 * secret, set on the engine), and reads `$$` as `$`. Keys are not interpolated.
 */
const literal = (value: string) => q(value.replace(/\$/g, '$$$$'));

/** The key a Compose file can use: Compose's own label, or the name made safe. */
export function composeKey(n: NetworkModel): string {
  const fromCompose = n.labels[COMPOSE_NETWORK];
  if (fromCompose && /^[a-zA-Z0-9._-]+$/.test(fromCompose)) return fromCompose;
  return n.name.replace(/[^a-zA-Z0-9._-]+/g, '_').replace(/^[._-]+/, '') || 'network';
}

/**
 * A Compose `networks:` entry. A network a Compose project made is written out in full (so it can
 * be recreated); any other network is referenced as `external`, which is how a Compose project
 * joins a network it does not own.
 */
export function composeEntry(n: NetworkModel, options: { external?: boolean } = {}): string {
  const external = options.external ?? !n.labels[COMPOSE_PROJECT];
  const lines = ['networks:', `  ${q(composeKey(n))}:`, `    name: ${literal(n.name)}`];
  if (external) {
    lines.push('    external: true');
    return lines.join('\n') + '\n';
  }
  if (n.driver) lines.push(`    driver: ${literal(n.driver)}`);
  const opts = sorted(n.options).filter(([k]) => !ENGINE_SET_OPTIONS.has(k));
  if (opts.length) lines.push('    driver_opts:', ...opts.map(([k, value]) => `      ${q(k)}: ${literal(value)}`));
  if (n.attachable) lines.push('    attachable: true');
  if (n.internal) lines.push('    internal: true');
  if (!n.ipv4) lines.push('    enable_ipv4: false');
  if (n.ipv6) lines.push('    enable_ipv6: true');
  if (n.ipam.configs.length || n.ipam.driver !== 'default' || Object.keys(n.ipam.options).length) {
    lines.push('    ipam:', `      driver: ${literal(n.ipam.driver)}`);
    if (n.ipam.configs.length) {
      lines.push('      config:');
      for (const c of n.ipam.configs) {
        const fields: string[] = [];
        if (c.subnet) fields.push(`subnet: ${literal(c.subnet)}`);
        if (c.ipRange) fields.push(`ip_range: ${literal(c.ipRange)}`);
        if (c.gateway) fields.push(`gateway: ${literal(c.gateway)}`);
        const aux = sorted(c.auxAddresses);
        if (!fields.length && !aux.length) continue;
        fields.forEach((f, i) => lines.push(`${i === 0 ? '        - ' : '          '}${f}`));
        if (aux.length)
          lines.push(
            `${fields.length ? '          ' : '        - '}aux_addresses:`,
            ...aux.map(([k, value]) => `            ${q(k)}: ${literal(value)}`),
          );
      }
    }
    const ipamOpts = sorted(n.ipam.options);
    if (ipamOpts.length)
      lines.push('      options:', ...ipamOpts.map(([k, value]) => `        ${q(k)}: ${literal(value)}`));
  }
  // Compose sets its own labels on networks it makes; repeating them would be refused.
  const labels = sorted(n.labels).filter(([k]) => !k.startsWith('com.docker.compose.'));
  if (labels.length) lines.push('    labels:', ...labels.map(([k, value]) => `      ${q(k)}: ${literal(value)}`));
  return lines.join('\n') + '\n';
}
