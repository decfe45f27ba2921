import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../dialogs/notify';
import { isEngineError } from '../../engine/errors';
import { suggestSubnet } from '../../model/cidr';
import { buildCreateBody, CreateNetworkArgs } from '../../model/createSpec';
import { checkNetworkName, checkSubnet, usedSubnets } from '../../model/validate';
import { EngineState } from '../../store';
import { CommandContext } from '../context';
import { Call } from '../contract';
import { Commands } from '../ids';
import { loadedEngine } from '../targets';
import { offerIpv6Subnet, offerSubnet, orCancel, report, withIpv6Subnet, withProgress } from '../prompts';
import { createWizard } from './createWizard';

/**
 * `docker network create`: from the tree (on an engine, group or network: that engine), the
 * palette, or an arguments object (the CLI's flags in camelCase; asks nothing). Returns `{ id, name }`.
 */
export async function createNetwork(
  call: Call<typeof Commands.createNetwork>,
): Promise<{ id: string; name: string } | undefined> {
  const engine = await call.engine(l10n.t('Create Network'));
  if (call.args) {
    const { engine: _engine, ...args } = call.args;
    return create(call.ctx, engine, args satisfies CreateNetworkArgs, false);
  }
  const args = await createWizard(engine, l10n.t('Create Network on {0}', engine.name));
  return create(call.ctx, engine, args, true);
}

async function create(
  ctx: CommandContext,
  engine: EngineState,
  args: CreateNetworkArgs,
  interactive: boolean,
): Promise<{ id: string; name: string } | undefined> {
  const networks = engine.snapshot?.networks ?? [];
  const used = usedSubnets(networks, (args.driver ?? 'bridge') === 'overlay');
  const context = {
    networks,
    drivers: engine.version?.networkDrivers,
    swarmActive: engine.version?.swarm.active,
    apiVersion: engine.version?.apiVersion,
  };
  const built = await withIpv6Subnet(engine, args.name, (a) => buildCreateBody(a, context), args, used, interactive);
  if (!built) return undefined;
  args = built.args;
  const client = ctx.store.client(engine.name)!;
  try {
    const created = await withProgress(l10n.t('Creating network {0}…', args.name), (signal) =>
      client.createNetwork(built.body, { signal }),
    );
    await ctx.store.refresh(engine.name);
    report(
      created.warning
        ? l10n.t('Created network {0}. The engine warns: {1}', args.name, created.warning)
        : l10n.t('Created network {0}.', args.name),
    );
    // Swarm networks take theirs from the swarm's pool, not the engine's.
    const local = args.driver !== 'overlay' && args.scope !== 'swarm' && args.scope !== 'global';
    if (local && !args.subnet && !args.configFrom) void warnIfPoolsLow(ctx, engine.name);
    return { id: created.id, name: args.name };
  } catch (e) {
    if (!interactive || !isEngineError(e)) throw e;
    ctx.log.warn(`create network ${args.name}: ${e.kind}: ${e.daemonMessage ?? e.message}`);
    const retry = await offerFix(ctx, engine, args, e.kind, e.userMessage);
    if (!retry) return undefined;
    return create(ctx, await loadedEngine(ctx.store, engine.name), retry, true);
  }
}

/** The network took a subnet from the default pools: say so when only a few are left. */
async function warnIfPoolsLow(ctx: CommandContext, engine: string): Promise<void> {
  const space = await ctx.store.addressSpace(engine).catch(() => undefined);
  if (!space?.warning) return;
  const show = l10n.t('Show Address Space');
  if ((await notify.warning(l10n.t('{0}: {1}', engine, space.warning), show)) === show)
    await vscode.commands.executeCommand(Commands.showAddressSpace, { engine });
}

/** When the engine refuses, offers the next step; resolves to corrected arguments to try again. */
async function offerFix(
  ctx: CommandContext,
  engine: EngineState,
  args: CreateNetworkArgs,
  kind: string,
  message: string,
): Promise<CreateNetworkArgs | undefined> {
  await ctx.store.refresh(engine.name);
  const current = await loadedEngine(ctx.store, engine.name);
  const used = usedSubnets(current.snapshot?.networks ?? [], (args.driver ?? 'bridge') === 'overlay');
  const taken = used.map((u) => u.subnet.text);
  if (kind === 'poolOverlap' || kind === 'poolExhausted') {
    const explanation =
      kind === 'poolExhausted'
        ? l10n.t(
            "{0} Each network without a subnet takes one from the daemon's default-address-pools; give this one a subnet instead.",
            message,
          )
        : message;
    const subnet = await offerSubnet('error', explanation, suggestSubnet(taken), {
      choose: l10n.t('Choose a Subnet…'),
      title: l10n.t('Subnet for {0}', args.name),
      check: (v) => checkSubnet(v, 4, used),
    });
    return subnet === undefined ? undefined : { ...args, subnet };
  }
  if (kind === 'noIpv6Pool') {
    // Offered only a subnet of the family that is missing: an IPv4 one would fail the same way.
    const ipv6Subnet = await offerIpv6Subnet('error', message, args.name, used);
    return ipv6Subnet === undefined ? undefined : { ...args, ipv6Subnet };
  }
  if (kind === 'conflict') {
    const rename = l10n.t('Choose Another Name…');
    if ((await notify.error(message, rename)) !== rename) return undefined;
    const names = (current.snapshot?.networks ?? []).map((n) => n.name);
    const name = orCancel(
      await vscode.window.showInputBox({
        title: l10n.t('Create Network'),
        prompt: l10n.t('Name of the new network'),
        value: args.name,
        validateInput: (v) => checkNetworkName(v, names),
      }),
    );
    return { ...args, name };
  }
  if (args.options?.parent && /subinterface|parent|link not found|no such/i.test(message)) {
    void notify.error(
      l10n.t('The parent interface "{0}" does not exist on the engine\'s host. {1}', args.options.parent, message),
    );
    return undefined;
  }
  throw new Error(message);
}
