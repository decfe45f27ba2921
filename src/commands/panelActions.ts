// What the panels' buttons do, in terms of the commands: errors are shown, never thrown at the page.
import * as vscode from 'vscode';
import * as notify from '../ui/notify';
import { PanelActions } from '../webview/panel';
import { Commands } from './ids';
import { CommandContext } from './context';
import { connectInteractive } from './connect/connectContainer';
import { Cancelled } from './ui';
import { isEngineError } from '../engine/errors';

export function wirePanelActions(ctx: CommandContext): PanelActions {
  const guard = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      if (e instanceof Cancelled || (isEngineError(e) && e.kind === 'cancelled')) return;
      // Commands report their own failures; this catches the rest.
      ctx.log.warn(`panel action: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const nameOf = (engine: string, containerId: string) => ctx.store.container(engine, containerId)?.name ?? containerId.slice(0, 12);
  const networkName = (engine: string, networkId: string) => ctx.store.network(engine, networkId)?.name ?? networkId.slice(0, 12);
  return {
    connect: (engine, networkId, containerId) =>
      guard(async () => {
        try {
          await connectInteractive(ctx, engine, networkId, containerId);
        } catch (e) {
          if (!(e instanceof Cancelled)) void notify.error(isEngineError(e) ? e.userMessage : e instanceof Error ? e.message : String(e));
          throw e;
        }
      }),
    disconnect: (engine, networkId, containerId) => guard(() => Promise.resolve(vscode.commands.executeCommand(Commands.disconnectContainer, { network: networkId, container: containerId, engine }))),
    showContainer: (engine, containerId) => guard(async () => ctx.panels.showContainer(engine, containerId, nameOf(engine, containerId))),
    inspectNetwork: (engine, networkId) => guard(async () => ctx.panels.showNetwork(engine, networkId, networkName(engine, networkId))),
    reveal: (engine, networkId, containerId) =>
      guard(async () => {
        await vscode.commands.executeCommand('workbench.view.extension.dockerNetworks');
        await ctx.view.reveal(engine, networkId, containerId);
      }),
  };
}
