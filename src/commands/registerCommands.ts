// The one list of commands. Each handler takes a tree node, an arguments object, or nothing.
// Failures are shown to the user; a caller that passed an arguments object also gets the rejection.
import * as vscode from 'vscode';
import { isEngineError } from '../engine/errors';
import { ArgumentError, isArgumentsObject } from './args';
import { CommandContext } from './context';
import { CommandId, Commands } from './ids';
import { inspectNetwork } from './inspect/inspectNetwork';
import { clearFilter, filter } from './view/filter';
import { openSettings } from './view/openSettings';
import { refresh } from './view/refresh';
import { showLog } from './view/showLog';

type Handler = (ctx: CommandContext, target?: unknown, targets?: unknown) => unknown;

const handlers: Record<CommandId, Handler> = {
  [Commands.refresh]: refresh,
  [Commands.filter]: filter,
  [Commands.clearFilter]: clearFilter,
  [Commands.inspectNetwork]: inspectNetwork,
  [Commands.showLog]: showLog,
  [Commands.openSettings]: openSettings,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (target?: unknown, targets?: unknown) => {
      try {
        return await handler(ctx, target, targets);
      } catch (e) {
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
  else ctx.log.error(`${id} failed: ${message}`, e);
  const showLogAction = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(message, showLogAction).then((choice) => {
    if (choice === showLogAction) ctx.log.show(true);
  });
}
