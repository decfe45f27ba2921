import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../ui/notify';
import { isEngineError } from '../../engine/errors';
import { suggestSubnet } from '../../model/cidr';
import { buildCreateBody, CREATE_FIELDS, CreateNetworkArgs } from '../../model/createSpec';
import { checkNetworkName, checkSubnet, usedSubnets } from '../../model/validate';
import { EngineState } from '../../store';
import { ArgumentError, checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';
import { engineOfNode } from '../nodes';
import { loadedEngine } from '../targets';
import { orCancel, pickEngine, report, withProgress } from '../ui';
import { createWizard } from './createWizard';

/**
 * `docker network create`: from the tree (on an engine, group or network: that engine), the
 * palette, or an arguments object (the CLI's flags in camelCase; asks nothing). Returns `{ id, name }`.
 */
export async function createNetwork(ctx: CommandContext, target?: unknown): Promise<{ id: string; name: string } | undefined> {
  if (isArgumentsObject(target)) {
    checkArguments(Commands.createNetwork, target, { ...fields(), name: { type: 'string', required: true }, engine: { type: 'string' } });
    const { engine: engineName, ...args } = target as unknown as CreateNetworkArgs & { engine?: string };
    return create(ctx, await loadedEngine(ctx.store, engineName), args, false);
  }
  const engineName = engineOfNode(target);
  const engine = engineName ? await loadedEngine(ctx.store, engineName) : await pickEngine(ctx.store, l10n.t('Create Network'));
  const args = await createWizard(engine, l10n.t('Create Network on {0}', engine.name));
  return create(ctx, engine, args, true);
}

function fields() {
  return Object.fromEntries(Object.entries(CREATE_FIELDS).map(([k, type]) => [k, { type }])) as Record<keyof typeof CREATE_FIELDS, { type: (typeof CREATE_FIELDS)[keyof typeof CREATE_FIELDS] }>;
}

async function create(ctx: CommandContext, engine: EngineState, args: CreateNetworkArgs, interactive: boolean): Promise<{ id: string; name: string } | undefined> {
  const networks = engine.snapshot?.networks ?? [];
  const result = buildCreateBody(args, { networks, drivers: engine.version?.networkDrivers, swarmActive: engine.version?.swarm.active, apiVersion: engine.version?.apiVersion });
  if (!result.ok) throw new ArgumentError(result.errors.join(' '));
  const client = ctx.store.client(engine.name)!;
  try {
    const created = await withProgress(l10n.t('Creating network {0}…', args.name), (signal) => client.createNetwork(result.body, { signal }));
    await ctx.store.refresh(engine.name);
    report(created.warning ? l10n.t('Created network {0}. The engine warns: {1}', args.name, created.warning) : l10n.t('Created network {0}.', args.name));
    return { id: created.id, name: args.name };
  } catch (e) {
    if (!interactive || !isEngineError(e)) throw e;
    ctx.log.warn(`create network ${args.name}: ${e.kind}: ${e.daemonMessage ?? e.message}`);
    const retry = await offerFix(ctx, engine, args, e.kind, e.userMessage);
    if (!retry) return undefined;
    return create(ctx, await loadedEngine(ctx.store, engine.name), retry, true);
  }
}

/** When the engine refuses, offers the next step; resolves to corrected arguments to try again. */
async function offerFix(ctx: CommandContext, engine: EngineState, args: CreateNetworkArgs, kind: string, message: string): Promise<CreateNetworkArgs | undefined> {
  await ctx.store.refresh(engine.name);
  const current = await loadedEngine(ctx.store, engine.name);
  const used = usedSubnets(current.snapshot?.networks ?? [], (args.driver ?? 'bridge') === 'overlay');
  if (kind === 'poolOverlap' || kind === 'poolExhausted') {
    const free = suggestSubnet(used.map((u) => u.subnet.text));
    const useFree = free ? l10n.t('Use {0}', free) : undefined;
    const choose = l10n.t('Choose a Subnet…');
    const explanation = kind === 'poolExhausted'
      ? l10n.t("{0} Each network without a subnet takes one from the daemon's default-address-pools; give this one a subnet instead.", message)
      : message;
    const choice = await notify.error(explanation, ...(useFree ? [useFree] : []), choose);
    if (choice === useFree) return { ...args, subnet: free };
    if (choice === choose) {
      const subnet = orCancel(await vscode.window.showInputBox({ title: l10n.t('Subnet for {0}', args.name), value: free, validateInput: (v) => checkSubnet(v, 4, used) }));
      return { ...args, subnet };
    }
    return undefined;
  }
  if (kind === 'conflict') {
    const rename = l10n.t('Choose Another Name…');
    if ((await notify.error(message, rename)) !== rename) return undefined;
    const names = (current.snapshot?.networks ?? []).map((n) => n.name);
    const name = orCancel(await vscode.window.showInputBox({ title: l10n.t('Create Network'), prompt: l10n.t('Name of the new network'), value: args.name, validateInput: (v) => checkNetworkName(v, names) }));
    return { ...args, name };
  }
  if (args.options?.parent && /subinterface|parent|link not found|no such/i.test(message)) {
    void notify.error(l10n.t('The parent interface "{0}" does not exist on the engine\'s host. {1}', args.options.parent, message));
    return undefined;
  }
  throw new Error(message);
}
