// The one list of commands. Each is invoked with a tree row (and the selection), an arguments
// object (checked against its contract in contract.ts before anything else), or nothing; the
// Invocation turns that into its targets. Failures are shown to the user; a caller that passed an
// arguments object also gets the rejection. A dismissed prompt ends the command quietly.
import * as vscode from 'vscode';
import { l10n } from '../util/text';
import * as notify from '../dialogs/notify';
import { errorText, isEngineError } from '../engine/errors';
import { ContainerRow } from '../tree/containerRow';
import { NetworkRow } from '../tree/networkRow';
import { ArgumentError, isArgumentsObject } from './args';
import { connectContainer } from './connect/connectContainer';
import { disconnectContainer } from './connect/disconnectContainer';
import { diagnoseConnectivity } from './diagnose/diagnoseConnectivity';
import { editNetwork } from './edit/editNetwork';
import { duplicateNetwork } from './edit/duplicateNetwork';
import { insertIntoComposeFile } from './copy/insertIntoCompose';
import { showNames, showPorts, showReachability } from './diagnose/probes';
import { CommandContext } from './context';
import { Call, Contract, ContractedCommand } from './contract';
import { copyComposeEntry, copyCreateCommand, copyId, copyIpAddress, copyName } from './copy/copy';
import { createNetwork } from './create/createNetwork';
import { CommandId, Commands } from './ids';
import { inspectNetwork } from './inspect/inspectNetwork';
import { revealInTree, showAddressSpace, showContainerNetworking, showTopology } from './inspect/showPanels';
import { Invocation } from './invocation';
import { pruneNetworks } from './remove/pruneNetworks';
import { removeNetwork } from './remove/removeNetwork';
import { runContainer } from './run/runContainer';
import { Cancelled } from './prompts';
import { clearFilter, filter } from './view/filter';
import { openSettings } from './view/openSettings';
import { refresh } from './view/refresh';
import { showLog } from './view/showLog';
import { trustHostKey } from './view/trustHostKey';

/** The Delete key in the view: remove the selected networks, or disconnect the selected containers. */
function deleteSelection(call: Call<typeof Commands.deleteSelection>): Promise<unknown> | undefined {
  const selection = call.ctx.view.treeView.selection;
  const networks = selection.filter((n) => n instanceof NetworkRow);
  const as = <C extends ContractedCommand>(command: C, rows: unknown[]) =>
    Invocation.of(call.ctx, command, Contract[command], rows[0], rows) as Call<C>;
  if (networks.length) return removeNetwork(as(Commands.removeNetwork, networks));
  const containers = selection.filter((n) => n instanceof ContainerRow);
  if (containers.length) return disconnectContainer(as(Commands.disconnectContainer, containers));
  return undefined;
}

const handlers: { [C in CommandId]: (call: Call<C>) => unknown } = {
  [Commands.refresh]: refresh,
  [Commands.filter]: filter,
  [Commands.clearFilter]: clearFilter,
  [Commands.inspectNetwork]: inspectNetwork,
  [Commands.revealInTree]: revealInTree,
  [Commands.showContainerNetworking]: showContainerNetworking,
  [Commands.showTopology]: showTopology,
  [Commands.showAddressSpace]: showAddressSpace,
  [Commands.createNetwork]: createNetwork,
  [Commands.removeNetwork]: removeNetwork,
  [Commands.pruneNetworks]: pruneNetworks,
  [Commands.connectContainer]: connectContainer,
  // The same action from a container row, titled for it ("Connect to Network…").
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
  [Commands.diagnoseConnectivity]: diagnoseConnectivity,
  [Commands.showReachability]: showReachability,
  [Commands.showNames]: showNames,
  [Commands.showPorts]: showPorts,
  [Commands.editNetwork]: editNetwork,
  [Commands.insertIntoComposeFile]: insertIntoComposeFile,
  [Commands.duplicateNetwork]: duplicateNetwork,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return (Object.keys(handlers) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, async (target?: unknown, targets?: unknown) => {
      try {
        const call = Invocation.of(ctx, id, Contract[id], target, targets);
        return await (handlers[id] as (call: Invocation<object>) => unknown)(call);
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
  const message = errorText(e);
  if (e instanceof ArgumentError) ctx.log.warn(`${id}: ${message}`);
  else
    ctx.log.error(
      `${id} failed: ${message}${isEngineError(e) && e.daemonMessage ? ` (engine: ${e.daemonMessage})` : ''}`,
    );
  const showLogAction = l10n.t('Show Log');
  void notify.error(message, showLogAction).then((choice) => {
    if (choice === showLogAction) ctx.log.show(true);
  });
}
