// The one list of commands. Each handler takes a tree node (and the selection), an arguments
// object, or nothing. Failures are shown to the user; a caller that passed an arguments object
// also gets the rejection. A dismissed prompt ends the command quietly.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import * as notify from '../ui/notify';
import { isEngineError } from '../engine/errors';
import { ContainerNode } from '../tree/containerNode';
import { NetworkNode } from '../tree/networkNode';
import { ArgumentError, isArgumentsObject } from './args';
import { connectContainer } from './connect/connectContainer';
import { disconnectContainer } from './connect/disconnectContainer';
import { CommandContext } from './context';
import { copyComposeEntry, copyCreateCommand, copyId, copyIpAddress, copyName } from './copy/copy';
import { createNetwork } from './create/createNetwork';
import { CommandId, Commands } from './ids';
import { inspectNetwork } from './inspect/inspectNetwork';
import { showContainerNetworking, showTopology } from './inspect/showPanels';
import { pruneNetworks } from './remove/pruneNetworks';
import { removeNetwork } from './remove/removeNetwork';
import { runContainer } from './run/runContainer';
import { Cancelled } from './ui';
import { clearFilter, filter } from './view/filter';
import { openSettings } from './view/openSettings';
import { refresh } from './view/refresh';
import { showLog } from './view/showLog';
import { trustHostKey } from './view/trustHostKey';

type Handler = (ctx: CommandContext, target?: unknown, targets?: unknown) => unknown;

/** The Delete key in the view: remove the selected networks, or disconnect the selected containers. */
async function deleteSelection(ctx: CommandContext): Promise<unknown> {
  const selection = ctx.view.treeView.selection;
  const networks = selection.filter((n) => n instanceof NetworkNode);
  if (networks.length) return removeNetwork(ctx, networks[0], networks);
  const containers = selection.filter((n) => n instanceof ContainerNode);
  if (containers.length) return disconnectContainer(ctx, containers[0], containers);
  return undefined;
}

const handlers: Record<CommandId, Handler> = {
  [Commands.refresh]: refresh,
  [Commands.filter]: filter,
  [Commands.clearFilter]: clearFilter,
  [Commands.inspectNetwork]: inspectNetwork,
  [Commands.showContainerNetworking]: showContainerNetworking,
  [Commands.showTopology]: showTopology,
  [Commands.createNetwork]: createNetwork,
  [Commands.removeNetwork]: removeNetwork,
  [Commands.pruneNetworks]: pruneNetworks,
  [Commands.connectContainer]: connectContainer,
  // The same action from a container node, titled for it ("Connect to Network…").
  [Commands.connectToNetwork]: connectContainer,
  [Commands.disconnectContainer]: disconnectContainer,
  [Commands.runContainer]: runContainer,
  [Commands.copyName]: copyName,
  [Commands.copyId]: copyId,
  [Commands.copyCreateCommand]: copyCreateCommand,
  [Commands.copyComposeEntry]: copyComposeEntry,
  [Commands.copyIpAddress]: copyIpAddress,
  [Commands.deleteSelection]: deleteSelection,
  [Commands.showLog]: showLog,
  [Commands.openSettings]: openSettings,
  [Commands.trustHostKey]: trustHostKey,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (target?: unknown, targets?: unknown) => {
      try {
        return await handler(ctx, target, targets);
      } catch (e) {
        if (e instanceof Cancelled || (isEngineError(e) && e.kind === 'cancelled')) return undefined;
        reportFailure(ctx, id, e);
        if (isArgumentsObject(target)) throw e;
        return undefined;
      }
    }),
  );
}

function reportFailure(ctx: CommandContext, id: string, e: unknown): void {
  const message = isEngineError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
  if (e instanceof ArgumentError) ctx.log.warn(`${id}: ${message}`);
  else ctx.log.error(`${id} failed: ${message}${isEngineError(e) && e.daemonMessage ? ` (engine: ${e.daemonMessage})` : ''}`);
  const showLogAction = l10n.t('Show Log');
  void notify.error(message, showLogAction).then((choice) => {
    if (choice === showLogAction) ctx.log.show(true);
  });
}
