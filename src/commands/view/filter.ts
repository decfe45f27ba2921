import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { checkArguments, isArgumentsObject } from '../args';
import { CommandContext } from '../context';
import { Commands } from '../ids';

/**
 * Narrows the view to networks whose name, driver, subnet or labels match, or that have a matching
 * container. Takes `{ text }` or asks, prefilled with the current filter.
 */
export async function filter(ctx: CommandContext, target?: unknown): Promise<void> {
  if (isArgumentsObject(target)) {
    checkArguments(Commands.filter, target, { text: { type: 'string', required: true } });
    ctx.view.setFilter(target.text as string);
    return;
  }
  const text = await vscode.window.showInputBox({
    title: l10n.t('Filter Networks'),
    prompt: l10n.t('Network name, driver, subnet, label or container name'),
    value: ctx.view.filter ?? '',
    placeHolder: l10n.t('e.g. backend, overlay, 172.18., com.docker.compose.project'),
  });
  if (text !== undefined) ctx.view.setFilter(text);
}

export function clearFilter(ctx: CommandContext): void {
  ctx.view.setFilter(undefined);
}
