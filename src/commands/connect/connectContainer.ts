import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { API_IPV4_OPTIONAL, apiAtLeast } from '../../model/createSpec';
import { ContainerModel, NetworkModel } from '../../model/snapshot';
import { checkAlias, checkKeyValue, checkLinkLocalIp, checkStaticIp, staticSubnets } from '../../model/validate';
import { EngineState } from '../../store';
import { ContainerNode } from '../../tree/containerNode';
import { NetworkNode } from '../../tree/networkNode';
import { ArgumentError, checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';
import { findContainer, resolveAttachableNetwork, resolveNetwork, loadedEngine } from '../targets';
import { allContainers, orCancel, pickContainers, pickEngine, pickNetwork, report, withProgress } from '../ui';

interface ConnectOptions {
  ipv4?: string;
  ipv6?: string;
  aliases?: string[];
  linkLocalIps?: string[];
  driverOpts?: Record<string, string>;
  /** API 1.48+: the highest priority's gateway is the container's default route. */
  gwPriority?: number;
}

/** Why a container cannot join a network at all, as the engine would refuse it. */
function refusal(network: NetworkModel, container: ContainerModel, engine: EngineState): string | undefined {
  if (network.driver === 'host' || network.driver === 'null') return l10n.t('No container can be connected to the {0} network after it was created.', network.name);
  if (network.endpoints.some((e) => e.containerId === container.id)) return l10n.t('{0} is already connected to {1}.', container.name, network.name);
  const elsewhere = (engine.snapshot?.networks ?? []).flatMap((n) => n.endpoints.filter((e) => e.containerId === container.id).map((e) => ({ n, e })));
  if (container.sharedFrom || elsewhere.some(({ e }) => e.sharedFrom)) return l10n.t('{0} uses another container\'s network stack, so it cannot join networks itself.', container.name);
  if (elsewhere.some(({ n }) => n.driver === 'host')) return l10n.t('{0} uses the host\'s network stack, so it cannot join other networks.', container.name);
  return undefined;
}

function checkOptions(network: NetworkModel, container: string, o: ConnectOptions, apiVersion?: string): string[] {
  const problems: (string | undefined)[] = [];
  if (o.gwPriority !== undefined) {
    if (!Number.isInteger(o.gwPriority) || o.gwPriority < -2147483648 || o.gwPriority > 2147483647) problems.push(l10n.t('gwPriority must be a whole number (a 32-bit integer).'));
    if (!apiAtLeast(apiVersion, API_IPV4_OPTIONAL)) {
      problems.push(l10n.t('Gateway priorities (gwPriority) need Docker 28 or later (API {0}); this engine speaks API {1}.', API_IPV4_OPTIONAL, apiVersion ?? '?'));
    }
  }
  if (o.ipv4 !== undefined) problems.push(checkStaticIp(o.ipv4, network, container) ?? (o.ipv4.includes(':') ? l10n.t('"{0}" is not an IPv4 address.', o.ipv4) : undefined));
  if (o.ipv6 !== undefined) problems.push(checkStaticIp(o.ipv6, network, container) ?? (!o.ipv6.includes(':') ? l10n.t('"{0}" is not an IPv6 address.', o.ipv6) : undefined));
  for (const alias of o.aliases ?? []) problems.push(checkAlias(alias));
  for (const ip of o.linkLocalIps ?? []) problems.push(checkLinkLocalIp(ip));
  for (const [k, v] of Object.entries(o.driverOpts ?? {})) problems.push(checkKeyValue(`${k}=${v}`, 'option'));
  return problems.filter((p): p is string => !!p);
}

/**
 * `docker network connect`: from a network (pick containers not on it), from a container (pick
 * another network), the palette, or `{ network, container, ipv4?, ipv6?, aliases?, linkLocalIps?,
 * driverOpts?, engine? }`. A static address is checked against the subnet, the gateway and every
 * address in use before the engine is asked.
 */
export async function connectContainer(ctx: CommandContext, target?: unknown): Promise<void> {
  if (isArgumentsObject(target)) {
    checkArguments(Commands.connectContainer, target, {
      network: { type: 'string', required: true }, container: { type: 'string', required: true }, ipv4: { type: 'string' }, ipv6: { type: 'string' },
      aliases: { type: 'string[]' }, linkLocalIps: { type: 'string[]' }, driverOpts: { type: 'record' }, gwPriority: { type: 'number' }, engine: { type: 'string' },
    });
    const { engine, network } = await resolveAttachableNetwork(ctx.store, await loadedEngine(ctx.store, target.engine as string | undefined), target.network as string);
    const container = await findContainer(ctx.store, engine, target.container as string);
    const why = refusal(network, container, engine);
    if (why) throw new ArgumentError(why);
    const { ipv4, ipv6, aliases, linkLocalIps, driverOpts, gwPriority } = target as ConnectOptions;
    const options: ConnectOptions = { ipv4, ipv6, aliases, linkLocalIps, driverOpts, gwPriority };
    const problems = checkOptions(network, container.name, options, engine.version?.apiVersion);
    if (problems.length) throw new ArgumentError(problems.join(' '));
    await connect(ctx, engine, network, [container], options);
    return;
  }

  if (target instanceof ContainerNode) {
    await connectInteractive(ctx, target.engine, undefined, target.endpoint.containerId);
  } else if (target instanceof NetworkNode) {
    await connectInteractive(ctx, target.engine, target.network.id);
  } else {
    await connectInteractive(ctx, (await pickEngine(ctx.store, l10n.t('Connect Container'))).name);
  }
}

/**
 * The interactive connect: with a network, pick containers not on it; with a container, pick a
 * network; with neither, pick both. Then a static address and aliases, both optional.
 */
export async function connectInteractive(ctx: CommandContext, engineName: string, networkId?: string, containerId?: string): Promise<void> {
  const engine = await loadedEngine(ctx.store, engineName);
  let network: NetworkModel;
  let containers: ContainerModel[];
  if (containerId) {
    const choice = await findContainer(ctx.store, engine, containerId);
    network = await pickNetwork(engine, l10n.t('Connect {0} to…', choice.name), (n) => !refusal(n, choice, engine));
    containers = [choice];
  } else {
    network = networkId ? (await resolveNetwork(ctx.store, engine, networkId)).network : await pickNetwork(engine, l10n.t('Connect a container to…'), (n) => n.driver !== 'host' && n.driver !== 'null');
    const candidates = allContainers(engine).filter((c) => !refusal(network, c, engine));
    if (!candidates.length) throw new ArgumentError(l10n.t('Every container that can join {0} is on it already.', network.name));
    containers = await pickContainers(candidates, l10n.t('Connect to {0}', network.name), true);
  }
  if (refusal(network, containers[0], engine) && containers.length === 1) throw new ArgumentError(refusal(network, containers[0], engine)!);

  const options: ConnectOptions = {};
  // One container on a network with its own IPv4 subnet may get a static address.
  const subnets = staticSubnets(network, 4);
  if (containers.length === 1 && subnets.length) {
    const ip = orCancel(await vscode.window.showInputBox({
      title: l10n.t('Connect {0} to {1}', containers[0].name, network.name),
      prompt: l10n.t('Static IPv4 address inside {0}; leave empty to let the engine choose', subnets.join(', ')),
      validateInput: (v) => (v.trim() ? checkStaticIp(v.trim(), network, containers[0].id) : undefined),
    }));
    if (ip.trim()) options.ipv4 = ip.trim();
  }
  const aliasText = orCancel(await vscode.window.showInputBox({
    title: l10n.t('Connect to {0}', network.name),
    prompt: l10n.t('Network aliases (other containers on {0} can reach it by these names), separated by commas; optional', network.name),
    validateInput: (v) => splitList(v).map(checkAlias).find(Boolean),
  }));
  const aliases = splitList(aliasText);
  if (aliases.length) options.aliases = aliases;
  await connect(ctx, engine, network, containers, options);
}

function splitList(text: string): string[] {
  return text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

async function connect(ctx: CommandContext, engine: EngineState, network: NetworkModel, containers: readonly ContainerModel[], options: ConnectOptions): Promise<void> {
  const client = ctx.store.client(engine.name)!;
  await withProgress(l10n.t('Connecting to {0}…', network.name), async (signal, progress) => {
    for (const c of containers) {
      progress(c.name);
      await client.connect(network.id, c.id, options, { signal });
    }
  });
  await ctx.store.refresh(engine.name);
  report(containers.length === 1 ? l10n.t('Connected {0} to {1}.', containers[0].name, network.name) : l10n.t('Connected {0} containers to {1}.', containers.length, network.name));
}
