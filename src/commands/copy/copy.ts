// Copy actions: a network's or container's name and ID, the `docker network create` line that
// recreates a network, its Compose entry, and a container's address on a network.
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import * as notify from '../../ui/notify';
import { composeEntry, createCommandLine } from '../../model/render';
import { NetworkModel } from '../../model/snapshot';
import { ContainerNode } from '../../tree/containerNode';
import { NetworkNode } from '../../tree/networkNode';
import { ArgumentError, checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { shellArgument } from '../shell';
import { CommandId, Commands } from '../ids';
import { findContainer, resolveNetwork, loadedEngine } from '../targets';
import { pickEngine, pickNetwork } from '../ui';

async function put(text: string, what: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  notify.status(l10n.t('Copied {0}', what), 3_000);
  return text;
}

/** The network a copy command is about: a node, `{ network, engine? }`, or a pick. */
async function networkOf(ctx: CommandContext, command: CommandId, target: unknown, extra: Record<string, { type: 'boolean' | 'string' }> = {}): Promise<NetworkModel> {
  if (target instanceof NetworkNode) return target.network;
  if (target instanceof ContainerNode) return target.parent.network;
  if (isArgumentsObject(target)) {
    checkArguments(command, target, { network: { type: 'string', required: true }, engine: { type: 'string' }, ...extra });
    return (await resolveNetwork(ctx.store, await loadedEngine(ctx.store, target.engine as string | undefined), target.network as string)).network;
  }
  return pickNetwork(await pickEngine(ctx.store, l10n.t('Copy')), l10n.t('Copy from which network?'));
}

/** Copies the name of a network or a container (the node's own). */
export async function copyName(ctx: CommandContext, target?: unknown): Promise<string> {
  if (target instanceof ContainerNode) return put(target.endpoint.containerName, target.endpoint.containerName);
  const n = await networkOf(ctx, Commands.copyName, target);
  return put(n.name, n.name);
}

export async function copyId(ctx: CommandContext, target?: unknown): Promise<string> {
  if (target instanceof ContainerNode) return put(target.endpoint.containerId, target.endpoint.containerId.slice(0, 12));
  const n = await networkOf(ctx, Commands.copyId, target);
  return put(n.id, n.id.slice(0, 12));
}

/**
 * The `docker network create …` line that recreates the network, quoted for the user's shell (the
 * setting dockerNetworks.shell, else VS Code's terminal shell; `{ shell }` in an arguments object).
 */
export async function copyCreateCommand(ctx: CommandContext, target?: unknown): Promise<string> {
  const n = await networkOf(ctx, Commands.copyCreateCommand, target, { shell: { type: 'string' } });
  const shell = shellArgument(Commands.copyCreateCommand, isArgumentsObject(target) ? target.shell : undefined);
  if (n.builtIn) throw new ArgumentError(l10n.t('{0} is a built-in network; the engine makes it, so there is no command to recreate it.', n.name));
  let line: string;
  try {
    line = createCommandLine(n, shell);
  } catch (e) {
    throw new ArgumentError(e instanceof Error ? e.message : String(e));
  }
  return put(line, l10n.t('the create command of {0}', n.name));
}

/** A Compose `networks:` entry: the full definition for a network Compose made, else `external`. */
export async function copyComposeEntry(ctx: CommandContext, target?: unknown): Promise<string> {
  const n = await networkOf(ctx, Commands.copyComposeEntry, target, { external: { type: 'boolean' } });
  const external = isArgumentsObject(target) && typeof target.external === 'boolean' ? target.external : undefined;
  return put(composeEntry(n, external === undefined ? {} : { external }), l10n.t('the Compose entry of {0}', n.name));
}

/** A container's address on a network: the node's, or `{ network, container, engine? }`. */
export async function copyIpAddress(ctx: CommandContext, target?: unknown): Promise<string> {
  let name: string;
  let address: string | undefined;
  if (target instanceof ContainerNode) {
    const e = target.endpoint;
    name = e.containerName;
    address = e.ipv4 ?? e.configuredIpv4 ?? e.ipv6 ?? e.configuredIpv6;
  } else if (isArgumentsObject(target)) {
    checkArguments(Commands.copyIpAddress, target, { network: { type: 'string', required: true }, container: { type: 'string', required: true }, engine: { type: 'string' } });
    const { engine, network } = await resolveNetwork(ctx.store, await loadedEngine(ctx.store, target.engine as string | undefined), target.network as string);
    const container = await findContainer(ctx.store, engine, target.container as string);
    const e = network.endpoints.find((x) => x.containerId === container.id);
    if (!e) throw new ArgumentError(l10n.t('{0} is not connected to {1}.', container.name, network.name));
    name = e.containerName;
    address = e.ipv4 ?? e.configuredIpv4 ?? e.ipv6 ?? e.configuredIpv6;
  } else {
    throw new ArgumentError(l10n.t('Choose a container under a network in the Docker Networks view, or give { network, container }.'));
  }
  if (!address) throw new ArgumentError(l10n.t('{0} has no address on this network while it is not running.', name));
  return put(address, address);
}
