import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { errorText, isEngineError } from '../../engine/errors';
import { API_IPV4_OPTIONAL, apiAtLeast } from '../../model/createSpec';
import { ContainerModel, NetworkModel } from '../../model/snapshot';
import { checkAlias, checkKeyValue, checkLinkLocalIp, checkStaticIp, staticSubnets } from '../../model/validate';
import { EngineState } from '../../store';
import { ContainerRow } from '../../tree/containerRow';
import { NetworkRow } from '../../tree/networkRow';
import { ArgumentError } from '../args';
import { CommandContext } from '../context';
import { Call } from '../contract';
import { Commands } from '../ids';
import { allContainers, orCancel, pickContainers, pickNetwork, report, withProgress } from '../prompts';

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
  if (network.driver === 'host' || network.driver === 'null')
    return l10n.t('No container can be connected to the {0} network after it was created.', network.name);
  if (network.endpoints.some((e) => e.containerId === container.id))
    return l10n.t('{0} is already connected to {1}.', container.name, network.name);
  const elsewhere = (engine.snapshot?.networks ?? []).flatMap((n) =>
    n.endpoints.filter((e) => e.containerId === container.id).map((e) => ({ n, e })),
  );
  if (container.sharedFrom || elsewhere.some(({ e }) => e.sharedFrom))
    return l10n.t("{0} uses another container's network stack, so it cannot join networks itself.", container.name);
  if (elsewhere.some(({ n }) => n.driver === 'host'))
    return l10n.t("{0} uses the host's network stack, so it cannot join other networks.", container.name);
  return undefined;
}

function checkOptions(network: NetworkModel, container: string, o: ConnectOptions, apiVersion?: string): string[] {
  const problems: (string | undefined)[] = [];
  if (o.gwPriority !== undefined) {
    if (!Number.isInteger(o.gwPriority) || o.gwPriority < -2147483648 || o.gwPriority > 2147483647)
      problems.push(l10n.t('gwPriority must be a whole number (a 32-bit integer).'));
    if (!apiAtLeast(apiVersion, API_IPV4_OPTIONAL)) {
      problems.push(
        l10n.t(
          'Gateway priorities (gwPriority) need Docker 28 or later (API {0}); this engine speaks API {1}.',
          API_IPV4_OPTIONAL,
          apiVersion ?? '?',
        ),
      );
    }
  }
  if (o.ipv4 !== undefined)
    problems.push(
      checkStaticIp(o.ipv4, network, container) ??
        (o.ipv4.includes(':') ? l10n.t('"{0}" is not an IPv4 address.', o.ipv4) : undefined),
    );
  if (o.ipv6 !== undefined)
    problems.push(
      checkStaticIp(o.ipv6, network, container) ??
        (!o.ipv6.includes(':') ? l10n.t('"{0}" is not an IPv6 address.', o.ipv6) : undefined),
    );
  for (const alias of o.aliases ?? []) problems.push(checkAlias(alias));
  for (const ip of o.linkLocalIps ?? []) problems.push(checkLinkLocalIp(ip));
  for (const [k, v] of Object.entries(o.driverOpts ?? {})) problems.push(checkKeyValue(`${k}=${v}`, 'option'));
  return problems.filter((p): p is string => !!p);
}

/**
 * `docker network connect`: from a network (pick containers not on it), from a container (pick
 * another network), the palette, or `{ network, container, ipv4?, ipv6?, aliases?, linkLocalIps?,
 * driverOpts?, gwPriority?, engine? }`. A static address is checked against the subnet, the
 * gateway and every address in use before the engine is asked. An arguments object with only
 * `network` or only `container` (a panel's Connect button) asks for the other, as from the tree.
 */
export async function connectContainer(
  call: Call<typeof Commands.connectContainer | typeof Commands.connectToNetwork>,
): Promise<void> {
  const { ctx, args } = call;
  for (const key of ['network', 'container'] as const) {
    if (args?.[key] !== undefined && args[key].trim() === '')
      throw new ArgumentError(l10n.t('{0}: the argument "{1}" must not be empty.', call.command, key));
  }
  if (args && args.network !== undefined && args.container !== undefined) {
    const { engine, network } = await call.network({ title: l10n.t('Connect Container'), attachable: true });
    const container = await call.findContainer(engine, args.container);
    const why = refusal(network, container, engine);
    if (why) throw new ArgumentError(why);
    const { ipv4, ipv6, aliases, linkLocalIps, driverOpts, gwPriority } = args;
    const options: ConnectOptions = { ipv4, ipv6, aliases, linkLocalIps, driverOpts, gwPriority };
    const problems = checkOptions(network, container.name, options, engine.version?.apiVersion);
    if (problems.length) throw new ArgumentError(problems.join(' '));
    await connect(ctx, engine, network, [container], options);
    return;
  }
  if (args) {
    const rest = Object.keys(args).filter((k) => k !== 'network' && k !== 'container' && k !== 'engine');
    if (args.network === undefined && args.container === undefined)
      throw new ArgumentError(l10n.t('{0}: give "network", "container", or both.', call.command));
    if (rest.length)
      throw new ArgumentError(l10n.t('{0}: {1} need both "network" and "container".', call.command, rest.join(', ')));
    const engine = await call.engine(l10n.t('Connect Container'));
    const network =
      args.network === undefined ? undefined : (await call.findNetwork(engine, args.network, true)).network;
    const container = args.container === undefined ? undefined : await call.findContainer(engine, args.container);
    await connectInteractive(ctx, engine, network, container);
  } else if (call.row instanceof ContainerRow) {
    const engine = await call.engine(l10n.t('Connect Container'));
    await connectInteractive(ctx, engine, undefined, await call.findContainer(engine, call.row.endpoint.containerId));
  } else if (call.row instanceof NetworkRow) {
    const engine = await call.engine(l10n.t('Connect Container'));
    await connectInteractive(ctx, engine, (await call.findNetwork(engine, call.row.network.id)).network);
  } else {
    await connectInteractive(ctx, await call.engine(l10n.t('Connect Container')));
  }
}

/**
 * The interactive connect: with a network, pick containers not on it; with a container, pick a
 * network; with neither, pick both. Then a static address and aliases, both optional.
 */
async function connectInteractive(
  ctx: CommandContext,
  engine: EngineState,
  given?: NetworkModel,
  choice?: ContainerModel,
): Promise<void> {
  let network: NetworkModel;
  let containers: ContainerModel[];
  if (choice) {
    network = await pickNetwork(engine, l10n.t('Connect {0} to…', choice.name), (n) => !refusal(n, choice, engine));
    containers = [choice];
  } else {
    network =
      given ??
      (await pickNetwork(engine, l10n.t('Connect a container to…'), (n) => n.driver !== 'host' && n.driver !== 'null'));
    const candidates = allContainers(engine).filter((c) => !refusal(network, c, engine));
    if (!candidates.length)
      throw new ArgumentError(l10n.t('Every container that can join {0} is on it already.', network.name));
    containers = await pickContainers(candidates, l10n.t('Connect to {0}', network.name), true);
  }
  if (refusal(network, containers[0], engine) && containers.length === 1)
    throw new ArgumentError(refusal(network, containers[0], engine)!);

  const options: ConnectOptions = {};
  // One container on a network with its own IPv4 subnet may get a static address.
  const subnets = staticSubnets(network, 4);
  if (containers.length === 1 && subnets.length) {
    const ip = orCancel(
      await vscode.window.showInputBox({
        title: l10n.t('Connect {0} to {1}', containers[0].name, network.name),
        prompt: l10n.t('Static IPv4 address inside {0}; leave empty to let the engine choose', subnets.join(', ')),
        validateInput: (v) => (v.trim() ? checkStaticIp(v.trim(), network, containers[0].id) : undefined),
      }),
    );
    if (ip.trim()) options.ipv4 = ip.trim();
  }
  const aliasText = orCancel(
    await vscode.window.showInputBox({
      title: l10n.t('Connect to {0}', network.name),
      prompt: l10n.t(
        'Network aliases (other containers on {0} can reach it by these names), separated by commas; optional',
        network.name,
      ),
      validateInput: (v) => splitList(v).map(checkAlias).find(Boolean),
    }),
  );
  const aliases = splitList(aliasText);
  if (aliases.length) options.aliases = aliases;
  await connect(ctx, engine, network, containers, options);
}

function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Connects each container in turn. One container: its failure is the command's. Several: each the
 * engine refuses (it answered) is named with its reason and the others are connected; anything
 * else (a cancel, a timeout, an engine gone) stops there. Either way what was connected, and what
 * was refused, is said.
 */
async function connect(
  ctx: CommandContext,
  engine: EngineState,
  network: NetworkModel,
  containers: readonly ContainerModel[],
  options: ConnectOptions,
): Promise<void> {
  const client = ctx.store.client(engine.name)!;
  const connected: ContainerModel[] = [];
  const refused: { container: ContainerModel; reason: string }[] = [];
  /** What was done, when not all of it. */
  const tell = () => {
    if (refused.length)
      void notify.error(
        l10n.t(
          'The engine refused to connect to {0}: {1}',
          network.name,
          refused.map((r) => l10n.t('{0}: {1}', r.container.name, r.reason)).join('; '),
        ),
      );
    if (connected.length)
      report(l10n.t('Connected {0} of {1} containers to {2}.', connected.length, containers.length, network.name));
  };
  try {
    await withProgress(l10n.t('Connecting to {0}…', network.name), async (signal, progress) => {
      for (const c of containers) {
        progress(c.name);
        try {
          await client.connect(network.id, c.id, options, { signal });
          connected.push(c);
        } catch (e) {
          // A refusal is the engine's answer about this container; the others may still join.
          const answered = isEngineError(e) && e.statusCode !== undefined;
          if (containers.length === 1 || !answered) throw e;
          refused.push({ container: c, reason: errorText(e) });
        }
      }
    });
  } catch (e) {
    if (connected.length || refused.length) {
      await ctx.store.refresh(engine.name);
      tell();
    }
    throw e;
  }
  await ctx.store.refresh(engine.name);
  if (refused.length) {
    tell();
    return;
  }
  report(
    containers.length === 1
      ? l10n.t('Connected {0} to {1}.', containers[0].name, network.name)
      : l10n.t('Connected {0} containers to {1}.', containers.length, network.name),
  );
}
